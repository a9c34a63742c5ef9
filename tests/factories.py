"""Small ``make_*`` helpers with sensible defaults for database tests."""

from __future__ import annotations

import hashlib
from datetime import date
from itertools import count

from bills.legal_state import refresh_bill
from bills.models import Bill, BillVersion, Jurisdiction, LegislativeSession, Obligation
from bills.obligations import fingerprint, typed_columns
from bills.search import index_bill

_sequence = count(1)

_NAMES = {"US": "United States", "US-NY": "New York", "US-CA": "California", "US-CO": "Colorado"}


def make_jurisdiction(code: str = "US-NY", **overrides) -> Jurisdiction:
    defaults = {"name": _NAMES.get(code, code), "kind": "federal" if code == "US" else "state"}
    defaults.update(overrides)
    jurisdiction, _ = Jurisdiction.objects.get_or_create(code=code, defaults=defaults)
    return jurisdiction


def make_session(jurisdiction: Jurisdiction | None = None, identifier: str = "2025-2026"):
    jurisdiction = jurisdiction or make_jurisdiction()
    session, _ = LegislativeSession.objects.get_or_create(
        jurisdiction=jurisdiction, identifier=identifier
    )
    return session


def make_bill(jurisdiction: str = "US-NY", identifier: str | None = None, **overrides) -> Bill:
    place = make_jurisdiction(jurisdiction)
    session = overrides.pop("session", None) or make_session(place)
    values = {
        "title": "An act relating to artificial intelligence",
        "status": "enacted",
        "status_date": date(2025, 12, 19),
        "latest_action_date": date(2025, 12, 19),
    }
    values.update(overrides)
    bill = Bill.objects.create(
        jurisdiction=place,
        session=session,
        identifier=identifier or f"S {next(_sequence)}",
        **values,
    )
    refresh_bill(bill)  # as ingest does: the stored legal state follows the facts
    bill.refresh_from_db()
    index_bill(bill.pk)  # as ingest does: a made bill is searchable
    return bill


def make_version(bill: Bill, label: str = "Enrolled", text: str = "Section 1.") -> BillVersion:
    sha = hashlib.sha256(text.encode()).hexdigest()
    version, _ = BillVersion.objects.get_or_create(
        bill=bill, label=label, defaults={"text": text, "sha256": sha, "extracted_sha256": sha}
    )
    index_bill(bill.pk)
    return version


def make_obligation(
    bill: Bill, category: str = "incident_reporting", actor: str = "frontier_developer", **overrides
) -> Obligation:
    attributes = overrides.pop("attributes", {})
    version = overrides.pop("version", None) or make_version(bill)
    text = overrides.pop("text", f"A {actor} shall comply ({category} {next(_sequence)}).")
    values = {
        "section": "§ 1421",
        "start": 0,
        "end": len(text),
        "confidence": 0.9,
        **typed_columns(attributes),
    }
    values.update(overrides)
    obligation = Obligation.objects.create(
        bill=bill,
        version=version,
        jurisdiction=bill.jurisdiction,
        category=category,
        actor=actor,
        text=text,
        attributes=attributes,
        fingerprint=fingerprint(category, actor, text),
        **values,
    )
    refresh_bill(bill)  # as extraction does
    obligation.refresh_from_db()
    return obligation
