"""Finding or creating the jurisdiction and session a record belongs to."""

from __future__ import annotations

from scrapers.records import BillRecord
from vocabulary.jurisdictions import by_code

from .models import Jurisdiction, LegislativeSession


def jurisdiction_facts(code: str) -> tuple[str, str]:
    """(name, kind) for a code such as US-NY, from the scrapers' table of jurisdictions."""
    info = by_code(code)
    return info.name, info.kind


def get_jurisdiction(code: str) -> Jurisdiction:
    jurisdiction = Jurisdiction.objects.filter(code=code).first()
    if jurisdiction is None:
        name, kind = jurisdiction_facts(code)
        jurisdiction, _ = Jurisdiction.objects.get_or_create(
            code=code, defaults={"name": name, "kind": kind}
        )
    return jurisdiction


def get_session(jurisdiction: Jurisdiction, record: BillRecord) -> LegislativeSession:
    session, created = LegislativeSession.objects.get_or_create(
        jurisdiction=jurisdiction,
        identifier=record.session,
        defaults={
            "name": record.session_name or record.session,
            "start_date": record.session_start,
            "end_date": record.session_end,
        },
    )
    if not created:
        _fill_session(session, record)
    return session


def _fill_session(session: LegislativeSession, record: BillRecord) -> None:
    dirty = False
    for field, value in (
        ("name", record.session_name),
        ("start_date", record.session_start),
        ("end_date", record.session_end),
    ):
        if value and getattr(session, field) != value:
            setattr(session, field, value)
            dirty = True
    if dirty:
        session.save()
