"""Chapter amendments: bills that amend a law signed earlier, found by their wording.

A state that numbers its session laws by chapter writes an amending bill as
"section 3 of chapter 699 of the laws of 2025 is amended", or, before the
chapter number is known, "a chapter of the laws of 2025 ..., as proposed in
legislative bills numbers S. 6953-B and A. 6453-B". ``chapter_references``
reads those phrases from any text; ``link_chapter_amendments`` then links an
amending bill to the bill signed as that chapter, both ways.

Records are matched by jurisdiction, chapter ("Chapter 699 of 2025", as
``BillRecord.chapter`` holds it) and identifier, and the caller says which
session a year belongs to, so any state's scraper can use it. Only the bills
named "as proposed in" are read in one style, New York's "S. 6953-B"; a state
that names them otherwise adds its pattern to ``_BILL_REF``. The module
imports no scraper, so a scraper importing it makes no cycle.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from .records import BillRecord, RelatedBillRecord

# The tail is a lookahead so that a second chapter cited inside it is still found.
_CHAPTER_LAW = re.compile(
    r"\bchapter\s+(?:(?P<number>\d+)\s+)?of\s+the\s+laws\s+of\s+(?P<year>\d{4})"
    r"(?=(?P<tail>(?:(?!\bchapter\b)[^;]){0,600}))",
    re.IGNORECASE,
)
_PROPOSED_IN = re.compile(
    r"as\s+proposed\s+in\s+legislative\s+bills?\s+numbers?\s+(?P<bills>[^,;]+)", re.IGNORECASE
)
_BILL_REF = re.compile(r"\b(?P<prefix>[SA])\.\s*(?P<number>\d+)(?:-[A-Z])?\b")


@dataclass(frozen=True)
class ChapterReference:
    """ "chapter 699 of the laws of 2025", or "a chapter of the laws of 2025 ... as proposed
    in legislative bills numbers S. 6953-B and A. 6453-B" (number unknown, bills named)."""

    year: int
    number: int | None
    bills: tuple[str, ...]


def chapter_references(text: str) -> list[ChapterReference]:
    """Every distinct chapter the text cites, in order; named bills as "S 6953"."""
    refs: list[ChapterReference] = []
    for match in _CHAPTER_LAW.finditer(text):
        proposed = _PROPOSED_IN.search(match.group("tail"))
        bills = tuple(
            f"{m.group('prefix').upper()} {int(m.group('number'))}"
            for m in _BILL_REF.finditer(proposed.group("bills") if proposed else "")
        )
        number = int(match.group("number")) if match.group("number") else None
        ref = ChapterReference(int(match.group("year")), number, bills)
        if ref not in refs:
            refs.append(ref)
    return refs


def record_text(record: BillRecord) -> str:
    """Where a bill cites the chapters it amends: its title, abstract and version texts."""
    return "\n".join([record.title, record.abstract, *(v.text for v in record.versions)])


def link_chapter_amendments(
    records: list[BillRecord], session_of_year: Callable[[int], str]
) -> None:
    """Mark bills that amend a chapter signed from a bill in ``records``, both ways.

    Only links what the data settles: a chapter cited by number and year that a
    bill here was signed as, or a bill named "as proposed in" that was signed
    that year (looked up in the session ``session_of_year`` gives for the year).
    """
    by_chapter = {(r.jurisdiction, r.chapter): r for r in records if r.chapter}
    by_key = {r.key: r for r in records}
    for record in records:
        for ref in chapter_references(record_text(record)):
            target = _chapter_target(ref, record.jurisdiction, by_chapter, by_key, session_of_year)
            if target is not None and target is not record:
                _link(record, target)


def _chapter_target(
    ref: ChapterReference,
    jurisdiction: str,
    by_chapter: dict,
    by_key: dict,
    session_of_year: Callable[[int], str],
) -> BillRecord | None:
    if ref.number is not None:
        return by_chapter.get((jurisdiction, f"Chapter {ref.number} of {ref.year}"))
    for bill in ref.bills:
        candidate = by_key.get((jurisdiction, session_of_year(ref.year), bill))
        if candidate is not None and candidate.chapter.endswith(f" of {ref.year}"):
            return candidate
    return None


def _link(amender: BillRecord, chapter_bill: BillRecord) -> None:
    # The amender's plain "related" link to the signed bill becomes the precise one.
    amender.related_bills = [
        r
        for r in amender.related_bills
        if not (r.identifier == chapter_bill.identifier and r.relation == "related")
    ]
    pairs = (
        (
            amender,
            RelatedBillRecord(
                chapter_bill.identifier, "chapter_amendment_of", chapter_bill.session
            ),
        ),
        (chapter_bill, RelatedBillRecord(amender.identifier, "amended_by", amender.session)),
    )
    for record, link in pairs:
        if link not in record.related_bills:
            record.related_bills.append(link)
