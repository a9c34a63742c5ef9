"""Congress: bills from the congress.gov API v3 and govinfo BILLSTATUS bulk XML.

This module reads the API's JSON (``fetch`` fetches it live). Both formats describe a bill with the same objects (the Library of
Congress publishes both), so the record is built once, in
``scrapers.sources.congress.build``; BILLSTATUS XML is read in
``scrapers.sources.congress.billstatus``, and ``parse_file`` sends XML files there.

The API spreads a bill over a detail response and sub-resources
(``/actions``, ``/text``, ...); ``parse_file`` merges sibling files saved as
``bill_117_hr_21_actions.json`` next to ``bill_117_hr_21.json``, and
``fetch.scrape`` fetches the same pieces live.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from scrapers.errors import ParseError
from scrapers.records import BillRecord

from .billstatus import parse_billstatus
from .build import SOURCE_NAME, build_record, require_bill

# Sub-resource path -> the key holding its items in the response.
SUB_RESOURCES: dict[str, str] = {
    "actions": "actions", "text": "textVersions", "subjects": "subjects", "titles": "titles",
    "cosponsors": "cosponsors", "relatedbills": "relatedBills", "summaries": "summaries",
}  # fmt: skip
_BILL_FILE = re.compile(r"^(?P<stem>bill_\d+_[a-z]+_\d+)(?:_(?P<part>[a-z]+))?$")


def parse_bill_list(payload: Mapping[str, Any], where: str) -> list[BillRecord]:
    """Minimal records (identifier, title, latest action) for each bill of a list response."""
    bills = payload.get("bills")
    if not isinstance(bills, list):
        raise ParseError(SOURCE_NAME, where, 'a bill list response with a "bills" array')
    records = []
    for listed in bills:
        bill = require_bill(listed, where)
        latest = listed.get("latestAction") or {}
        record = build_record({**bill, "actions": [latest] if latest else []}, {})
        record.partial = True
        records.append(record)
    return records


def parse_bill_detail(
    payload: Mapping[str, Any], parts: Mapping[str, Any], where: str
) -> BillRecord:
    """A bill detail response (``{"bill": {...}}``) plus sub-resource responses by path name.

    ``parts`` maps a sub-resource path ("actions", "text", ...) to its whole
    response, as fetched or as saved next to the detail file.
    """
    bill = require_bill(payload.get("bill"), where)
    items = {
        key: response.get(key)
        for name, key in SUB_RESOURCES.items()
        if isinstance(response := parts.get(name), dict)
    }
    return build_record(bill, items)


def parse_wrapped(payload: Mapping[str, Any], where: str) -> BillRecord:
    """A tracker's envelope ``{id, list_item, bill, actions, summaries}`` around API objects."""
    bill = require_bill(payload.get("bill"), where)
    parts = {key: payload.get(key) for key in ("actions", "summaries") if key in payload}
    return build_record(bill, parts)


def parse_file(path: Path) -> list[BillRecord]:
    """Parse a saved congress.gov response or BILLSTATUS file (format detected from content).

    A bill detail file picks up sub-resource files saved beside it; a
    sub-resource file on its own yields nothing (its detail file uses it).
    """
    path = Path(path)
    data = path.read_bytes()
    if data.lstrip()[:1] == b"<":
        return [parse_billstatus(data, str(path))]
    payload = _load_json(data, str(path))
    if isinstance(payload.get("bills"), list):
        return parse_bill_list(payload, str(path))
    if "list_item" in payload or isinstance(payload.get("actions"), list) and "bill" in payload:
        return [parse_wrapped(payload, str(path))]
    if isinstance(payload.get("bill"), dict):
        return [parse_bill_detail(payload, _sibling_parts(path), str(path))]
    if set(payload) & {*SUB_RESOURCES.values(), "amendments", "committees"}:
        return []
    raise ParseError(
        SOURCE_NAME, str(path), "a congress.gov bill, bill list or sub-resource response"
    )


def _load_json(data: bytes, where: str) -> dict[str, Any]:
    try:
        payload = json.loads(data)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ParseError(SOURCE_NAME, where, f"JSON or BILLSTATUS XML ({exc})") from exc
    if not isinstance(payload, dict):
        raise ParseError(SOURCE_NAME, where, "a JSON object")
    return payload


def _sibling_parts(path: Path) -> dict[str, Any]:
    match = _BILL_FILE.match(path.stem)
    if not match or match.group("part"):
        return {}
    parts = {}
    for name in SUB_RESOURCES:
        sibling = path.with_name(f"{match.group('stem')}_{name}{path.suffix}")
        if sibling.is_file():
            parts[name] = _load_json(sibling.read_bytes(), str(sibling))
    return parts
