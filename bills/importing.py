"""Import and export of JSONL record files (the project's interchange format)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import IO

from scrapers.records import (
    ActionRecord,
    BillRecord,
    RelatedBillRecord,
    SponsorRecord,
    VersionRecord,
    read_jsonl_lines,
)

from .models import Bill, ScrapeRun
from .runs import ingest_many


def import_jsonl_path(path: str | Path, source: str = "import", workers: int = 0) -> ScrapeRun:
    """Ingest a JSONL file, streamed; lines unchanged since their last import are not parsed
    into records, the others are parsed in ``workers`` processes (``ingest_many``).

    Read in binary: an unchanged line is hashed as its bytes lie in the file, never
    decoded (decoding and re-encoding were a third of an unchanged re-import's CPU).
    Lines end at ``\n`` (``\r\n`` too); a line that is not UTF-8 fails alone."""
    path = Path(path)
    with path.open("rb") as handle:
        return ingest_many(
            read_jsonl_lines(handle),
            source=source,
            parameters={"file": str(path)},
            workers=workers,
        )


def bills_as_records(jurisdiction: str | None = None) -> Iterator[BillRecord]:
    """Every stored bill as a record, in a stable order, so export → import round-trips."""
    bills = Bill.objects.select_related("jurisdiction", "session").prefetch_related(
        "actions", "versions", "sponsorships", "related_bills"
    )
    if jurisdiction:
        bills = bills.filter(jurisdiction__code=jurisdiction)
    for bill in bills.order_by("jurisdiction__code", "session__identifier", "identifier"):
        yield bill_to_record(bill)


def bill_to_record(bill: Bill) -> BillRecord:
    return BillRecord(
        jurisdiction=bill.jurisdiction.code,
        session=bill.session.identifier,
        identifier=bill.identifier,
        title=bill.title,
        kind=bill.kind,
        popular_name=bill.popular_name,
        abstract=bill.abstract,
        status=bill.status,
        status_date=bill.status_date,
        chapter=bill.chapter,
        effective_date=bill.effective_date,
        subjects=list(bill.subjects),
        sources=list(bill.source_urls),
        source_ids=dict(bill.source_ids),
        actions=[
            ActionRecord(a.date, a.text, a.actor, list(a.classification))
            for a in bill.actions.all()
        ],
        versions=[
            VersionRecord(v.label, v.date, v.url, v.media_type, v.text) for v in bill.versions.all()
        ],
        sponsors=[
            SponsorRecord(s.name, s.classification, s.chamber, s.party, s.source_id)
            for s in bill.sponsorships.all()
        ],
        related_bills=[
            RelatedBillRecord(r.identifier, r.relation, r.session_identifier, r.jurisdiction_code)
            for r in bill.related_bills.all()
        ],
        ai_relevant=bill.ai_relevant,
        ai_relevance_reason=bill.ai_relevance_reason,
        session_name=bill.session.name,
        session_start=bill.session.start_date,
        session_end=bill.session.end_date,
    )


def export_jsonl(out: IO[str], jurisdiction: str | None = None) -> int:
    from scrapers.records import write_jsonl

    return write_jsonl(bills_as_records(jurisdiction), out)
