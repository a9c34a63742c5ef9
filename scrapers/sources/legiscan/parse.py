"""LegiScan files: a saved API response or a dataset's bill, with its text files beside it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from scrapers.errors import ParseError
from scrapers.records import BillRecord

from .payloads import (
    SOURCE_NAME,
    parse_bill,
    parse_bill_text,
    unwrap,
)


def parse_file(path: Path) -> list[BillRecord]:
    """Records in a dataset bill file or a saved getBill response.

    Text, vote, people, master-list and search files hold no whole bill and give
    ``[]``; a bill file picks up the text of its versions from sibling text files.
    """
    path, where = Path(path), str(path)
    data = _load(path)
    if isinstance(data, dict) and "bill" in data:
        bill = unwrap(data, "bill", where)
        return [parse_bill(bill, where, _sibling_texts(path, bill))]
    if isinstance(data, dict) and data.get("status") == "ERROR":
        unwrap(data, "bill", where)  # raises with the API's message
    if isinstance(data, dict) and {
        "text",
        "roll_call",
        "person",
        "masterlist",
        "searchresult",
    } & set(data):
        return []
    raise ParseError(SOURCE_NAME, where, "a LegiScan bill, text, vote, person or list JSON file")


def _sibling_texts(path: Path, bill: dict) -> dict[int, str]:
    """Texts of the bill's versions found as text_<doc_id>.json or ../text/<doc_id>.json."""
    texts: dict[int, str] = {}
    for version in bill.get("texts") or []:
        doc_id = int(version.get("doc_id") or 0)
        for candidate in (
            path.with_name(f"text_{doc_id}.json"),
            path.parent.parent / "text" / f"{doc_id}.json",
        ):
            if doc_id and candidate.is_file():
                found = parse_bill_text(_load(candidate), str(candidate))
                if found.bill_id == bill.get("bill_id"):
                    texts[doc_id] = found.text
                break
    return texts


def _load(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ParseError(SOURCE_NAME, str(path), f"a readable JSON file ({exc})") from None
