"""``make_record``: a valid BillRecord with sensible defaults, for ingest and record tests."""

from datetime import date

from scrapers.records import (
    ActionRecord,
    BillRecord,
    RelatedBillRecord,
    SponsorRecord,
    VersionRecord,
)


def make_record(**overrides) -> BillRecord:
    values = dict(
        jurisdiction="US-NY",
        session="2025-2026",
        identifier="S 6953",
        title="Relates to the training and use of artificial intelligence frontier models",
        popular_name="RAISE Act",
        actions=[
            ActionRecord(date(2025, 3, 27), "REFERRED TO INTERNET AND TECHNOLOGY", "upper"),
            ActionRecord(date(2025, 6, 12), "PASSED SENATE", "upper"),
        ],
        versions=[
            VersionRecord(
                "S6953", date(2025, 3, 27), "https://example.org/s6953", "text/plain", "Section 1."
            )
        ],
        sponsors=[SponsorRecord("Andrew Gounardes")],
        related_bills=[RelatedBillRecord("A 6453")],
        source_ids={"nysenate": "2025-S6953"},
    )
    values.update(overrides)
    return BillRecord(**values)
