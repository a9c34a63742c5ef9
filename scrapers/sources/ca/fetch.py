"""California, live: leginfo searches and each bill's pages."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.conf import settings

from scrapers.records import BillRecord
from scrapers.registry import ScrapeParams
from scrapers.relevance import assess_record
from scrapers.sessions import with_previous

from .pages import (
    SITE,
    BillPage,
    page_url,
    parse_page,
    parse_search_results,
)
from .parse import JURISDICTION, _session_start, bill_record

if TYPE_CHECKING:
    from scrapers.http import HttpClient


SEARCH_PATH = "/faces/billSearchClient.xhtml"
SEARCH_KEYWORDS = (
    "artificial intelligence",
    "automated decision",
    "machine learning",
    "algorithmic",
    "generative",
    "deepfake",
    "chatbot",
)


def _convenes(start_year: int) -> date:
    """A session starting in ``start_year`` convenes on the first Monday of the December before."""
    first = date(start_year - 1, 12, 1)
    return first + timedelta(days=-first.weekday() % 7)


def sessions_to_scrape(today: date, grace_days: int) -> list[int]:
    """First years of the sessions to scrape on ``today``, newest first.

    The previous session stays in for ``grace_days`` after the new one
    convenes, so late chaptering and veto actions still arrive.
    """
    odd = today.year if today.year % 2 else today.year - 1
    current = odd + 2 if today >= _convenes(odd + 2) else odd
    return with_previous(current, current - 2, _convenes(current), today, grace_days)


def search_session(client: HttpClient, year: int) -> list[str]:
    """bill_ids matching any AI keyword in the session starting ``year``, first seen first."""
    found: dict[str, None] = {}
    for keyword in SEARCH_KEYWORDS:
        url = f"{SITE}{SEARCH_PATH}"
        response = client.get(url, params={"keyword": keyword, "session_year": f"{year}{year + 1}"})
        found.update(dict.fromkeys(parse_search_results(response.content, response.url)))
    return list(found)


def fetch_page(client: HttpClient, kind: str, bill_id: str) -> BillPage:
    url = page_url(kind, bill_id)
    return parse_page(client.get(url).content, url)


def fetch_bill(client: HttpClient, bill_id: str, since: date | None = None) -> BillRecord | None:
    """The bill's three pages as one record; None when nothing happened since ``since``."""
    status = fetch_page(client, "status", bill_id)
    if since and status.actions and max(a.date for a in status.actions) < since:
        return None
    pages = [status, fetch_page(client, "history", bill_id), fetch_page(client, "text", bill_id)]
    return assess_record(bill_record(pages))


def scrape(params: ScrapeParams, client: HttpClient) -> Iterator[BillRecord]:
    if params.jurisdiction and params.jurisdiction != JURISDICTION:
        return
    client.respect_robots = True  # a web site for people, not an API
    years = (
        [_session_start(params.session)]
        if params.session
        else sessions_to_scrape(date.today(), settings.SCRAPER_PREVIOUS_SESSION_DAYS)
    )
    for year in years:
        for bill_id in search_session(client, year):
            record = fetch_bill(client, bill_id, params.since)
            if record is not None:
                yield record
