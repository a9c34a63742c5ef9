"""scrapers.chapter_amendments: chapter references in bill text, and the links they make."""

from __future__ import annotations

from scrapers import chapter_amendments
from scrapers.records import BillRecord, RelatedBillRecord
from scrapers.sources.ny import build as ny_build
from tests.ny_helpers import SESSION


def test_chapter_references_read_numbered_and_proposed_chapters() -> None:
    text = (
        "Section 3 of chapter 699 of the laws of 2025 is amended; and a chapter of the laws "
        "of 2026 amending the tax law, as proposed in legislative bills numbers S. 12-A and "
        "A. 34, is amended"
    )
    assert chapter_amendments.chapter_references(text) == [
        chapter_amendments.ChapterReference(2025, 699, ()),
        chapter_amendments.ChapterReference(2026, None, ("S 12", "A 34")),
    ]


def test_a_numbered_chapter_links_the_bill_signed_as_that_chapter() -> None:
    signed = BillRecord("US-NY", SESSION, "S 1", "Signed bill", chapter="Chapter 5 of 2025")
    amender = BillRecord(
        "US-NY", SESSION, "S 2", "Amends section 1 of chapter 5 of the laws of 2025"
    )
    chapter_amendments.link_chapter_amendments([signed, amender], ny_build.session_name)
    assert amender.related_bills == [RelatedBillRecord("S 1", "chapter_amendment_of", SESSION)]
    assert signed.related_bills == [RelatedBillRecord("S 2", "amended_by", SESSION)]
