"""Congress, live: the congress.gov API v3 (bill list, detail, sub-resources) and govinfo BILLSTATUS."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import TYPE_CHECKING, Any

from scrapers.records import BillRecord
from scrapers.registry import ScrapeParams
from scrapers.relevance import assess
from scrapers.sessions import with_previous

from .billstatus import parse_billstatus
from .build import words
from .parse import SUB_RESOURCES, parse_bill_detail

if TYPE_CHECKING:
    from scrapers.http import HttpClient


API_ROOT = "https://api.congress.gov/v3"
BILLSTATUS_URL = (
    "https://www.govinfo.gov/bulkdata/BILLSTATUS/{congress}/{type}/"
    "BILLSTATUS-{congress}{type}{number}.xml"
)
PAGE_SIZE = 250  # the API's maximum


def current_congress(day: date) -> int:
    """The Congress sitting on ``day`` (the 119th began in January 2025)."""
    return (day.year - 1789) // 2 + 1


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
