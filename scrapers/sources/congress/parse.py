"""Congress: bills from the congress.gov API v3 and govinfo BILLSTATUS bulk XML.

This module reads the API's JSON (``fetch`` fetches it live). Both formats
describe a bill with the same objects (the Library of Congress publishes
both), so the record is built once, in ``build``; BILLSTATUS XML is read in
``billstatus``, and ``parse_file`` sends XML files there.

The API spreads a bill over a detail response and sub-resource pages
(``/actions``, ``/text``, ...). A detail file takes the sub-resource pages of
its bill found in its folder, known by the bill their ``request`` names (or,
for pages saved without it, by names such as ``bill_117_hr_21_actions.json``).
A sub-resource page is merged into its bill's detail file; alone, it is a
``ParseError`` saying that it needs that detail file, never a silent nothing.
A detail file without its actions gives a ``partial`` record from its
``latestAction``, ``introducedDate`` and ``laws``.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from scrapers.errors import ParseError
from scrapers.payloads import load_json
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
    """Parse a saved congress.gov response or BILLSTATUS file (format detected from content)."""
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
        bill = require_bill(payload["bill"], str(path))
        return [parse_bill_detail(payload, _sibling_parts(path, _bill_key(bill)), str(path))]
    part = _sub_resource_name(payload)
    if part:
        return _sub_resource_alone(path, payload, part)
    raise ParseError(
        SOURCE_NAME, str(path), "a congress.gov bill, bill list or sub-resource response"
    )


def _load_json(data: bytes, where: str) -> dict[str, Any]:
    payload = load_json(data, SOURCE_NAME, where, "JSON or BILLSTATUS XML")
    if not isinstance(payload, dict):
        raise ParseError(SOURCE_NAME, where, "a JSON object")
    return payload


# --------------------------------------------------------------------------- sub-resource pages

BillKey = tuple[str, str, str]  # ("117", "hr", "21")
# Sub-resource pages we read, and those we have no use for (still merged, never an error).
_PART_KEYS = {key: name for name, key in SUB_RESOURCES.items()}
_UNUSED_PARTS = {"amendments": "amendments", "committees": "committees"}
_MAX_SIBLING_BYTES = 20 * 1024 * 1024


def _bill_key(bill: Mapping[str, Any]) -> BillKey:
    return (str(bill["congress"]), str(bill["type"]).lower(), str(int(bill["number"])))


def _sub_resource_name(payload: Mapping[str, Any]) -> str:
    """ "text" for a /text page (its items under "textVersions"), "" for anything else."""
    for key in payload:
        if key in _PART_KEYS:
            return _PART_KEYS[key]
        if key in _UNUSED_PARTS:
            return _UNUSED_PARTS[key]
    return ""


def _requested_bill(payload: Mapping[str, Any], path: Path) -> BillKey | None:
    """The bill a sub-resource page belongs to: its ``request``, else its file name."""
    request = payload.get("request")
    if isinstance(request, dict):
        values = [str(request.get(k) or "").strip().lower() for k in _REQUEST_KEYS]
        if all(values) and values[0].isdigit() and values[2].isdigit():
            return values[0], values[1], str(int(values[2]))
    match = _BILL_FILE.match(path.stem)
    if match and match.group("part"):
        congress, bill_type, number = match.group("stem").split("_")[1:]
        return congress, bill_type, str(int(number))
    return None


_REQUEST_KEYS = ("congress", "billType", "billNumber")


def _sub_resource_alone(path: Path, payload: Mapping[str, Any], part: str) -> list[BillRecord]:
    """[] when the bill's detail file is in the same folder (it merges this page); else why not."""
    bill = _requested_bill(payload, path)
    if bill is not None and _folder_index(path.parent).get(bill, {}).get("detail"):
        return []
    which = f" (bill/{'/'.join(bill)})" if bill else ""
    raise ParseError(
        SOURCE_NAME,
        str(path),
        f"its bill's detail response{which} beside this /{part} page: a sub-resource page "
        "is merged with its bill's detail file and gives no record alone",
    )


def _sibling_parts(path: Path, bill: BillKey) -> dict[str, Any]:
    """Sub-resource responses of ``bill`` in the detail file's folder, by path name."""
    found = _folder_index(path.parent).get(bill, {})
    parts = {}
    for name, sibling in found.get("parts", {}).items():
        if name in SUB_RESOURCES:
            parts[name] = _load_json(Path(sibling).read_bytes(), sibling)
    return parts


def _folder_index(folder: Path) -> dict[BillKey, dict[str, Any]]:
    try:
        stamp = folder.stat().st_mtime_ns
    except OSError:
        return {}
    return _indexed_folder(str(folder), stamp)


@functools.lru_cache(maxsize=8)
def _indexed_folder(folder: str, stamp: int) -> dict[BillKey, dict[str, Any]]:
    """{bill: {"detail": [files], "parts": {name: file}}} for the JSON files of a folder.

    Read once per folder and change (``stamp``), so a folder of many bills is
    not re-read for each detail file. Files that cannot be read are left out
    here; each is reported when it is parsed itself.
    """
    index: dict[BillKey, dict[str, Any]] = {}
    for path in sorted(Path(folder).glob("*.json")):
        try:
            if path.stat().st_size > _MAX_SIBLING_BYTES:
                continue
            payload = _load_json(path.read_bytes(), str(path))
            if isinstance(payload.get("bill"), dict):
                key = _bill_key(require_bill(payload["bill"], str(path)))
                index.setdefault(key, {}).setdefault("detail", []).append(str(path))
            elif (part := _sub_resource_name(payload)) and (key := _requested_bill(payload, path)):
                index.setdefault(key, {}).setdefault("parts", {}).setdefault(part, str(path))
        except (ParseError, OSError, ValueError, TypeError, KeyError):
            continue
    return index
