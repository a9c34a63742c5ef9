"""LegiScan files: a saved API response or a dataset's bill, with its text files beside it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from scrapers.errors import ParseError
from scrapers.payloads import load_json, number, objects
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
    _refuse_other_dataset_formats(path)
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
    for version in objects(bill.get("texts")):
        doc_id = number(version.get("doc_id"))
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
    return load_json(path.read_bytes(), SOURCE_NAME, str(path), "a readable JSON file")


# LegiScan publishes each dataset as JSON, CSV or (older) XML; only JSON is read here.
_OTHER_FORMATS = {b"<": "XML", b"bill_id,": "CSV", b'"bill_id"': "CSV"}


def _refuse_other_dataset_formats(path: Path) -> None:
    with path.open("rb") as stream:
        head = stream.read(64).lstrip(b"\xef\xbb\xbf \t\r\n")
    for start, name in _OTHER_FORMATS.items():
        if head.startswith(start) or path.suffix.lower() == f".{name.lower()}":
            raise ParseError(
                SOURCE_NAME,
                str(path),
                f"a JSON dataset file: LegiScan {name} datasets are not supported; "
                "download the JSON dataset",
            )
