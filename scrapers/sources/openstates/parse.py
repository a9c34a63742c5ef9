"""Open States: bills of the 50 states, DC and Puerto Rico.

Two formats come from Open States; ``parse_file`` reads either:

* **API v3** ``GET https://v3.openstates.org/bills`` search pages
  (``{"results": [...], "pagination": {...}}``) and single-bill details,
  parsed here. The live scrape searches every jurisdiction for AI terms;
  full-text search is broad, so each record carries ``ai_relevant`` from
  ``scrapers.relevance`` and a reason naming the search that found it.
* **Scraper output** (``os-update``/pupa JSON: ``bill_<uuid>.json`` next to
  ``jurisdiction_*.json`` and ``organization_*.json``), parsed by
  ``scrapers.sources.openstates.bulk``.

The bill pieces both formats share (actions and their classifications,
versions, related bills) are converted in ``scrapers.sources.openstates.build``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scrapers.errors import ParseError
from scrapers.payloads import load_json, number, obj, objects, text, texts
from scrapers.records import BillRecord, SponsorRecord
from vocabulary.jurisdictions import normalise_identifier

from .build import (
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
from .bulk import is_other_scraper_object, parse_scraped_bill, read_siblings


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
        kind=bill_kind(bill.get("classification")),
        abstract=abstract_text(bill.get("abstracts"), []),
        subjects=texts(bill.get("subject")),
        sources=source_urls(bill),
        source_ids={SOURCE_NAME: required_field(bill, "id", str, where)},
    )
    actions = sorted(objects(bill.get("actions")), key=lambda a: number(a.get("order")))
    record.actions = [
        action_record(a, _org_classification(a.get("organization")), f"{where} action")
        for a in actions
    ]
    record.sponsors = [_api_sponsor(s) for s in objects(bill.get("sponsorships"))]
    record.versions = [version_record(v, where) for v in objects(bill.get("versions"))]
    record.related_bills = [related_record(r) for r in objects(bill.get("related_bills"))]
    return finish_record(record, found_by)


def _api_sponsor(sponsorship: dict) -> SponsorRecord:
    person = obj(sponsorship.get("person"))
    role = obj(person.get("current_role"))
    return SponsorRecord(
        name=text(sponsorship.get("name")) or text(person.get("name")),
        classification="primary" if sponsorship.get("primary") else "cosponsor",
        chamber=text(role.get("org_classification")),
        party=text(person.get("party")),
        source_id=text(person.get("id")),
    )


def _org_classification(org: Any) -> str:
    if not isinstance(org, dict):
        return ""
    classification = text(org.get("classification"))
    return classification if classification in CHAMBERS else text(org.get("name"))


def parse_file(path: Path) -> list[BillRecord]:
    """Records in a saved API response or a scraper-output file (non-bill files give [])."""
    where = str(path)
    data = load_json(Path(path).read_bytes(), SOURCE_NAME, where, "a readable JSON file")
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
