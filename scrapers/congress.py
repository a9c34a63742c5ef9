"""Congress: bills from the congress.gov API v3 and govinfo BILLSTATUS bulk XML.

This module reads the API's JSON, fetches, and names the source in the
registry. Both formats describe a bill with the same objects (the Library of
Congress publishes both), so the record is built once, in
``scrapers.congress_records``; BILLSTATUS XML is read in
``scrapers.congress_billstatus``, and ``parse_file`` sends XML files there.

The API spreads a bill over a detail response and sub-resources
(``/actions``, ``/text``, ...); ``parse_file`` merges sibling files saved as
``bill_117_hr_21_actions.json`` next to ``bill_117_hr_21.json``, and
``scrape`` fetches the same pieces live.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .congress_billstatus import parse_billstatus
from .congress_records import SOURCE_NAME, build_record, require_bill, words
from .errors import ParseError
from .records import BillRecord
from .registry import ScrapeParams, Source, register
from .relevance import assess
from .sessions import with_previous

if TYPE_CHECKING:
    from .http import HttpClient

API_ROOT = "https://api.congress.gov/v3"
BILLSTATUS_URL = (
    "https://www.govinfo.gov/bulkdata/BILLSTATUS/{congress}/{type}/"
    "BILLSTATUS-{congress}{type}{number}.xml"
)
PAGE_SIZE = 250  # the API's maximum
# Sub-resource path -> the key holding its items in the response.
SUB_RESOURCES: dict[str, str] = {
    "actions": "actions", "text": "textVersions", "subjects": "subjects", "titles": "titles",
    "cosponsors": "cosponsors", "relatedbills": "relatedBills", "summaries": "summaries",
}  # fmt: skip
_BILL_FILE = re.compile(r"^(?P<stem>bill_\d+_[a-z]+_\d+)(?:_(?P<part>[a-z]+))?$")


def current_congress(day: date) -> int:
    """The Congress sitting on ``day`` (the 119th began in January 2025)."""
    return (day.year - 1789) // 2 + 1


# --------------------------------------------------------------------------- formats


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


# --------------------------------------------------------------------------- live


def _api_key() -> dict[str, str]:
    from django.conf import settings

    key = getattr(settings, "CONGRESS_API_KEY", "")
    return {"api_key": key, "format": "json"} if key else {"format": "json"}


def iter_bill_list(client: HttpClient, congress: str, since: date | None) -> Iterator[dict]:
    """Every bill of a Congress updated since ``since``, following ``pagination.next``."""
    params: dict[str, Any] = {**_api_key(), "limit": PAGE_SIZE, "offset": 0}
    if since:
        params["fromDateTime"] = f"{since.isoformat()}T00:00:00Z"
    url: str | None = f"{API_ROOT}/bill/{congress}"
    while url:
        payload = client.get_json(url, params=params)
        yield from payload.get("bills") or []
        url = (payload.get("pagination") or {}).get("next")
        params = _api_key()  # the next link carries offset and limit
    return


def fetch_bill(client: HttpClient, congress: str, bill_type: str, number: Any) -> BillRecord:
    """Detail plus every sub-resource of one bill, all pages, parsed into a record."""
    url = f"{API_ROOT}/bill/{congress}/{bill_type.lower()}/{number}"
    detail = client.get_json(url, params=_api_key())
    parts = {name: _fetch_all(client, f"{url}/{name}", key) for name, key in SUB_RESOURCES.items()}
    return parse_bill_detail(detail, parts, url)


def _fetch_all(client: HttpClient, url: str, key: str) -> dict[str, Any]:
    payload = client.get_json(url, params={**_api_key(), "limit": PAGE_SIZE})
    items, next_url = payload.get(key), (payload.get("pagination") or {}).get("next")
    while isinstance(items, list) and next_url:
        more = client.get_json(next_url, params=_api_key())
        items.extend(more.get(key) or [])
        next_url = (more.get("pagination") or {}).get("next")
    return payload


def fetch_billstatus(client: HttpClient, congress: str, bill_type: str, number: Any) -> BillRecord:
    """One bill from govinfo's BILLSTATUS bulk data (no API key needed)."""
    url = BILLSTATUS_URL.format(congress=congress, type=bill_type.lower(), number=number)
    return parse_billstatus(client.get(url).content, url)


def scrape(params: ScrapeParams, client: HttpClient) -> Iterator[BillRecord]:
    """AI-relevant bills of a Congress (default: the current one) updated since ``params.since``.

    The list gives titles only, so a bill is fetched in full when its title is
    AI-relevant or still empty, and yielded when the full record is relevant.
    """
    for congress in [params.session] if params.session else congresses_to_scrape(date.today()):
        for listed in iter_bill_list(client, congress, params.since):
            title = words(listed.get("title"))
            if title and not assess(title).relevant:
                continue
            record = fetch_bill(client, congress, str(listed["type"]), listed["number"])
            if record.ai_relevant:
                yield record


def congresses_to_scrape(today: date) -> list[str]:
    """The sitting Congress, and the previous one for the grace period after January 3."""
    from django.conf import settings

    current = current_congress(today)
    started = date(1789 + 2 * (current - 1), 1, 3)
    grace = settings.SCRAPER_PREVIOUS_SESSION_DAYS
    return [str(c) for c in with_previous(current, current - 1, started, today, grace)]


SOURCE = register(
    Source(
        name=SOURCE_NAME,
        description="U.S. Congress bills: congress.gov API v3 and govinfo BILLSTATUS XML",
        scrape=scrape,
        parse_file=parse_file,
        rate_per_minute=80,  # 5,000 requests per hour per key
        every_hours=24,
        file_patterns=("*.json", "BILLSTATUS-*.xml"),
        api_key_setting="CONGRESS_API_KEY",
        jurisdictions=("US",),
    )
)
