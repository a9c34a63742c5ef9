"""New York, live: searches and bills of the Open Legislation API."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import TYPE_CHECKING

from django.conf import settings

from scrapers.chapter_amendments import link_chapter_amendments
from scrapers.keys import required_api_key
from scrapers.records import BillRecord
from scrapers.registry import ScrapeParams
from scrapers.relevance import assess_record

from .build import (
    JURISDICTION,
    SOURCE_NAME,
    session_name,
    session_year,
    sessions_to_scrape,
)
from .parse import _api_result, parse_api_bill, parse_search_page

if TYPE_CHECKING:
    from scrapers.http import HttpClient


API_ROOT = "https://legislation.nysenate.gov/api/3"
PAGE_SIZE = 100
# Elasticsearch query-string terms; assess() later drops the false positives.
SEARCH_TERMS = (
    '"artificial intelligence"',
    '"machine learning"',
    '"automated decision"',
    '"algorithmic discrimination"',
    '"frontier model"',
    '"generative"',
    '"deepfake"',
    '"synthetic media"',
    '"chatbot"',
)


def search_query(since: date | None) -> str:
    query = "(" + " OR ".join(SEARCH_TERMS) + ")"
    return f"{query} AND status.actionDate:[{since.isoformat()} TO *]" if since else query


def search_bills(client: HttpClient, year: int, since: date | None, key: str) -> Iterator[str]:
    """Base print numbers of a session's bills matching the AI terms, page by page."""
    url, offset = f"{API_ROOT}/bills/{year}/search", 1
    while offset is not None:
        params = {"term": search_query(since), "limit": PAGE_SIZE, "offset": offset, "key": key}
        hits, offset = parse_search_page(client.get_json(url, params=params), url)
        yield from (print_no for _, print_no in hits)


def fetch_bill(client: HttpClient, year: int, print_no: str, key: str) -> BillRecord:
    url = f"{API_ROOT}/bills/{year}/{print_no}"
    data = client.get_json(url, params={"view": "default", "key": key})
    return parse_api_bill(_api_result(data, url), url)


def scrape(params: ScrapeParams, client: HttpClient) -> Iterator[BillRecord]:
    """AI bills of the current (and recent previous) session, with chapter amendments linked.

    Records are held until the session is done because linking a chapter
    amendment needs the bill it amends.
    """
    if params.jurisdiction and params.jurisdiction != JURISDICTION:
        return
    key = required_api_key(SOURCE_NAME, "NYSENATE_API_KEY")
    years = (
        [session_year(params.session)]
        if params.session
        else sessions_to_scrape(date.today(), settings.SCRAPER_PREVIOUS_SESSION_DAYS)
    )
    for year in years:
        records = []
        for print_no in dict.fromkeys(search_bills(client, year, params.since, key)):
            records.append(assess_record(fetch_bill(client, year, print_no, key)))
        link_chapter_amendments(records, session_name)
        yield from records
