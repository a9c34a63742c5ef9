"""Open States scraper output: ``bill_*.json`` files and the sibling files they point at.

The output of Open States' scrapers (``os-update``, formerly pupa) stores a
bill next to ``jurisdiction_*.json`` and ``organization_*.json``; actions and
sponsors name organisations by ``_id`` or by a pseudo-id, ``~`` followed by
JSON to match (``~{"classification": "upper"}``), which the sibling files
resolve. Its shape differs from API v3's enough (pseudo-ids, newest-first
actions, session details and chapters in other files) to be a parser of its
own; the pieces both formats share are in ``scrapers.sources.openstates.build``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

from scrapers.errors import ParseError
from scrapers.payloads import load_json, obj, objects, text, texts
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
    parse_date,
    related_record,
    required_field,
    source_urls,
    version_record,
)


class OrganizationIndex:
    """Resolves the organisation references of scraper output to (classification, name).

    A reference is either an organisation file's ``_id`` or a pseudo-id, ``~``
    followed by JSON naming fields to match ({"classification": "upper"}).
    """

    def __init__(self, organizations: Iterable[dict]) -> None:
        self.organizations = list(organizations)

    def resolve(self, reference: str | None) -> tuple[str, str]:
        if not reference:
            return "", ""
        wanted = self._wanted(reference)
        for org in self.organizations:
            if all(org.get(k) == v for k, v in wanted.items()):
                return text(org.get("classification")), text(org.get("name"))
        return text(wanted.get("classification")), text(wanted.get("name"))

    @staticmethod
    def _wanted(reference: str) -> dict:
        if not reference.startswith("~"):
            return {"_id": reference}
        try:
            wanted = json.loads(reference[1:])
        except (ValueError, RecursionError):  # not a pseudo-id after all: match it as an id
            return {"_id": reference}
        return wanted if isinstance(wanted, dict) else {"_id": reference}

    def actor(self, reference: str | None) -> str:
        """The action actor: upper, lower, executive or legislature, else the organisation's name."""
        classification, name = self.resolve(reference)
        return classification if classification in CHAMBERS else name


def parse_scraped_bill(
    bill: Any,
    where: str,
    organizations: OrganizationIndex | None = None,
    jurisdiction_data: dict | None = None,
) -> BillRecord:
    """One ``bill_*.json`` of Open States scraper output; siblings resolve chambers and session."""
    if not isinstance(bill, dict):
        raise ParseError(SOURCE_NAME, where, "a bill object")
    orgs = organizations or OrganizationIndex([])
    ocd_id = (bill.get("jurisdiction") or {}).get("id") or (jurisdiction_data or {}).get("id", "")
    session = required_field(bill, "legislative_session", str, where)
    extras = bill.get("extras") or {}
    record = BillRecord(
        jurisdiction=jurisdiction_of(ocd_id, where).code,
        session=session,
        identifier=normalise_identifier(required_field(bill, "identifier", str, where)),
        title=required_field(bill, "title", str, where).strip(),
        kind=bill_kind(bill.get("classification")),
        abstract=abstract_text(bill.get("abstracts"), bill.get("other_titles")),
        subjects=texts(bill.get("subject")),
        sources=source_urls(bill),
        effective_date=parse_date(extras.get("effective_date"), f"{where} extras.effective_date"),
    )
    _add_session(record, jurisdiction_data)
    record.actions = [
        action_record(a, orgs.actor(text(a.get("organization_id"))), f"{where} action")
        for a in _oldest_first(objects(bill.get("actions")))
    ]
    record.sponsors = [_scraped_sponsor(s, orgs) for s in objects(bill.get("sponsorships"))]
    record.versions = [version_record(v, where) for v in objects(bill.get("versions"))]
    record.related_bills = [related_record(r) for r in objects(bill.get("related_bills"))]
    finish_record(record, "")
    record.chapter = record.chapter or _chapter(extras.get("chapter"), record.status_date)
    return record


def _oldest_first(actions: list[dict]) -> list[dict]:
    # Scrapers list actions newest first; reversing before the stable sort keeps
    # same-timestamp actions in their real order.
    if len(actions) > 1 and str(actions[0].get("date")) > str(actions[-1].get("date")):
        actions = list(reversed(actions))
    return sorted(actions, key=lambda a: text(a.get("date")))


def _scraped_sponsor(sponsorship: dict, orgs: OrganizationIndex) -> SponsorRecord:
    classification, _ = orgs.resolve(text(sponsorship.get("organization_id")))
    return SponsorRecord(
        name=text(sponsorship.get("name")),
        classification="primary" if sponsorship.get("primary") else "cosponsor",
        chamber=classification if classification in ("upper", "lower") else "",
    )


def _add_session(record: BillRecord, jurisdiction_data: dict | None) -> None:
    for session in objects(obj(jurisdiction_data).get("legislative_sessions")):
        if text(session.get("identifier")) == record.session:
            record.session_name = text(session.get("name"))
            record.session_start = parse_date(session.get("start_date"), "session start_date")
            record.session_end = parse_date(session.get("end_date"), "session end_date")


def _chapter(raw: Any, when: date | None) -> str:
    digits = "".join(ch for ch in str(raw or "") if ch.isdigit())
    if not digits or not int(digits):
        return ""
    return f"Chapter {int(digits)} of {when.year}" if when else f"Chapter {int(digits)}"


def is_other_scraper_object(data: dict) -> bool:
    """Jurisdiction, organization and vote files sit beside bills but hold no bill."""
    return (
        "legislative_sessions" in data
        or "motion_text" in data
        or ("classification" in data and "name" in data and "parent_id" in data)
    )


def read_siblings(folder: Path) -> tuple[OrganizationIndex, dict | None]:
    """The organisations and the jurisdiction (with its sessions) saved in ``folder``."""
    organizations = [_load(p) for p in sorted(folder.glob("organization_*.json"))]
    jurisdictions = [_load(p) for p in sorted(folder.glob("jurisdiction_*.json"))]
    return OrganizationIndex(o for o in organizations if isinstance(o, dict)), next(
        (j for j in jurisdictions if isinstance(j, dict)), None
    )


def _load(path: Path) -> Any:
    return load_json(path.read_bytes(), SOURCE_NAME, str(path), "a readable JSON file")
