"""Open States, live: searches of the API v3 for AI bills, page by page."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from scrapers.errors import ParseError, ScrapeError
from scrapers.keys import required_api_key
from scrapers.records import BillRecord
from scrapers.registry import ScrapeParams, jurisdiction_for
from vocabulary.jurisdictions import Jurisdiction
from vocabulary.jurisdictions import subnational as subnational_jurisdictions

from .build import (
    SOURCE_NAME,
)
from .parse import parse_search_page

if TYPE_CHECKING:
    from scrapers.http import HttpClient


API_URL = "https://v3.openstates.org/bills"
INCLUDES = ("actions", "sponsorships", "versions", "sources", "abstracts", "related_bills")
PER_PAGE = 20  # the API's maximum for /bills
# Phrases for Open States' full-text search (Postgres websearch syntax, so quoted
# phrases and OR work). Several are ORed into one query to spend fewer of the
# 10 requests a minute the default API tier allows.
SEARCH_TERMS = (
    '"artificial intelligence"',
    '"machine learning"',
    '"automated decision"',
    '"algorithmic discrimination"',
    '"generative"',
    '"deepfake"',
    '"synthetic media"',
    '"chatbot"',
    '"frontier model"',
    '"facial recognition"',
)
TERMS_PER_QUERY = 5


def search_queries(terms: Iterable[str] = SEARCH_TERMS, per_query: int = TERMS_PER_QUERY):
    """The search strings: ``per_query`` terms ORed together per request."""
    terms = list(terms)
    return [" OR ".join(terms[i : i + per_query]) for i in range(0, len(terms), per_query)]


def search_params(
    jurisdiction: Jurisdiction, query: str, page: int, session: str = "", since: date | None = None
) -> dict[str, Any]:
    params: dict[str, Any] = {
        "jurisdiction": jurisdiction.openstates_id,
        "q": query,
        "include": list(INCLUDES),
        "page": page,
        "per_page": PER_PAGE,
    }
    if session:
        params["session"] = session
    if since:
        params["updated_since"] = since.isoformat()
    return params


def scrape(params: ScrapeParams, client: HttpClient) -> Iterator[BillRecord]:
    """Search each jurisdiction for AI terms; yield each Open States bill once.

    Without a session or a since date only bills updated in the last year are
    asked for, so a routine run does not page through a decade of history.
    """
    since = params.since or (None if params.session else date.today() - timedelta(days=365))
    seen: set[str] = set()
    for jurisdiction in _selected(params):
        for query in search_queries():
            for record in _search(client, jurisdiction, query, params.session, since):
                if record.source_ids[SOURCE_NAME] not in seen:
                    seen.add(record.source_ids[SOURCE_NAME])
                    yield record


def _search(
    client: HttpClient, jurisdiction: Jurisdiction, query: str, session: str, since: date | None
) -> Iterator[BillRecord]:
    page = 1
    while True:
        payload = fetch_page(client, search_params(jurisdiction, query, page, session, since))
        where = f"{API_URL} {jurisdiction.code} q={query} page={page}"
        records, pagination = parse_search_page(payload, where, query=query)
        yield from records
        if pagination.page >= pagination.max_page:
            return
        page += 1


def fetch_page(client: HttpClient, params: dict[str, Any]) -> Any:
    response = client.get(
        API_URL,
        params=params,
        headers={"X-API-KEY": required_api_key(SOURCE_NAME, "OPENSTATES_API_KEY")},
    )
    try:
        return response.json()
    except ValueError:
        raise ParseError(SOURCE_NAME, response.url, "a JSON response") from None


def _selected(params: ScrapeParams) -> tuple[Jurisdiction, ...]:
    if not params.jurisdiction:
        return subnational_jurisdictions()
    chosen = jurisdiction_for(SOURCE_NAME, params.jurisdiction)
    if chosen.kind == "federal":
        raise ScrapeError(
            f"[{SOURCE_NAME}] Open States covers states, DC and PR, not {chosen.code}"
        )
    return (chosen,)
