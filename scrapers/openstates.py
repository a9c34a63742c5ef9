"""Open States: bills of the 50 states, DC and Puerto Rico.

Two formats come from Open States; ``parse_file`` reads either:

* **API v3** ``GET https://v3.openstates.org/bills`` search pages
  (``{"results": [...], "pagination": {...}}``) and single-bill details,
  parsed here. The live scrape searches every jurisdiction for AI terms;
  full-text search is broad, so each record carries ``ai_relevant`` from
  ``scrapers.relevance`` and a reason naming the search that found it.
* **Scraper output** (``os-update``/pupa JSON: ``bill_<uuid>.json`` next to
  ``jurisdiction_*.json`` and ``organization_*.json``), parsed by
  ``scrapers.openstates_bulk``.

The bill pieces both formats share (actions and their classifications,
versions, related bills) are converted in ``scrapers.openstates_common``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vocabulary.jurisdictions import Jurisdiction, normalise_identifier
from vocabulary.jurisdictions import subnational as subnational_jurisdictions

from .errors import ParseError, ScrapeError
from .keys import required_api_key
from .openstates_bulk import is_other_scraper_object, parse_scraped_bill, read_siblings
from .openstates_common import (
    CHAMBERS,
    SOURCE_NAME,
    abstract_text,
    action_record,
    bill_kind,
    finish_record,
    jurisdiction_of,
    related_record,
    required_field,
    source_urls,
    version_record,
)
from .records import BillRecord, SponsorRecord
from .registry import ScrapeParams, Source, jurisdiction_for, register

if TYPE_CHECKING:
    from .http import HttpClient

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


# --------------------------------------------------------------------------- API v3


@dataclass(frozen=True)
class Pagination:
    page: int
    max_page: int
    total_items: int


def parse_search_page(
    payload: Any, where: str, *, query: str = ""
) -> tuple[list[BillRecord], Pagination]:
    """Records and pagination of one ``/bills`` response; ``query`` is noted in each reason."""
    if not isinstance(payload, dict) or not isinstance(payload.get("results"), list):
        raise ParseError(SOURCE_NAME, where, 'a /bills response object with a "results" list')
    meta = payload.get("pagination")
    try:
        pagination = Pagination(int(meta["page"]), int(meta["max_page"]), int(meta["total_items"]))
    except (TypeError, KeyError, ValueError):
        raise ParseError(
            SOURCE_NAME, where, '"pagination" with integer page, max_page and total_items'
        ) from None
    found_by = f"found by Open States search {query}" if query else ""
    records = [
        parse_api_bill(bill, f"{where} results[{i}]", found_by=found_by)
        for i, bill in enumerate(payload["results"])
    ]
    return records, pagination


def parse_api_bill(bill: Any, where: str, *, found_by: str = "") -> BillRecord:
    """One API v3 bill object (a search result or ``/bills/ocd-bill/...``) as a record."""
    if not isinstance(bill, dict):
        raise ParseError(SOURCE_NAME, where, "a bill object")
    jurisdiction = jurisdiction_of(
        required_field(bill, "jurisdiction", dict, where).get("id", ""), where
    )
    record = BillRecord(
        jurisdiction=jurisdiction.code,
        session=required_field(bill, "session", str, where),
        identifier=normalise_identifier(required_field(bill, "identifier", str, where)),
        title=required_field(bill, "title", str, where).strip(),
        kind=bill_kind(bill.get("classification") or []),
        abstract=abstract_text(bill.get("abstracts") or [], []),
        subjects=list(bill.get("subject") or []),
        sources=source_urls(bill),
        source_ids={SOURCE_NAME: required_field(bill, "id", str, where)},
    )
    actions = sorted(bill.get("actions") or [], key=lambda a: a.get("order", 0))
    record.actions = [
        action_record(a, _org_classification(a.get("organization")), f"{where} action")
        for a in actions
    ]
    record.sponsors = [_api_sponsor(s) for s in bill.get("sponsorships") or []]
    record.versions = [version_record(v, where) for v in bill.get("versions") or []]
    record.related_bills = [related_record(r) for r in bill.get("related_bills") or []]
    return finish_record(record, found_by)


def _api_sponsor(sponsorship: dict) -> SponsorRecord:
    person = sponsorship.get("person") or {}
    role = person.get("current_role") or {}
    return SponsorRecord(
        name=sponsorship.get("name") or person.get("name", ""),
        classification="primary" if sponsorship.get("primary") else "cosponsor",
        chamber=role.get("org_classification", ""),
        party=person.get("party", ""),
        source_id=person.get("id", ""),
    )


def _org_classification(org: Any) -> str:
    if not isinstance(org, dict):
        return ""
    classification = org.get("classification", "")
    return classification if classification in CHAMBERS else org.get("name", "")


# --------------------------------------------------------------------------- files


def parse_file(path: Path) -> list[BillRecord]:
    """Records in a saved API response or a scraper-output file (non-bill files give [])."""
    where = str(path)
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ParseError(SOURCE_NAME, where, f"a readable JSON file ({exc})") from None
    if isinstance(data, dict) and "results" in data:
        return parse_search_page(data, where)[0]
    if isinstance(data, dict) and str(data.get("id", "")).startswith("ocd-bill/"):
        return [parse_api_bill(data, where)]
    if isinstance(data, dict) and is_other_scraper_object(data):
        return []
    if isinstance(data, dict) and "legislative_session" in data and "identifier" in data:
        organizations, jurisdiction_data = read_siblings(Path(path).parent)
        return [parse_scraped_bill(data, where, organizations, jurisdiction_data)]
    raise ParseError(
        SOURCE_NAME,
        where,
        "an Open States /bills response, an API bill, or scraper output (bill_*.json)",
    )


# --------------------------------------------------------------------------- live API


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


SOURCE = register(
    Source(
        name=SOURCE_NAME,
        description="Open States API v3: AI bills in the 50 states, DC and Puerto Rico",
        scrape=scrape,
        parse_file=parse_file,
        rate_per_minute=10,  # the default API tier's limit
        every_hours=24,
        file_patterns=("*.json",),
        api_key_setting="OPENSTATES_API_KEY",
        jurisdictions=tuple(j.code for j in subnational_jurisdictions()),
    )
)
