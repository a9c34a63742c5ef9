"""Shared by the California test modules: the saved SB 53 pages and the record they make."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from scrapers.records import BillRecord

FIXTURES = Path(__file__).parent / "fixtures" / "ca"
STATUS, HISTORY, TEXT = (
    FIXTURES / f"SB53_2025_{kind}.html" for kind in ("status", "history", "text")
)
SEARCH = FIXTURES / "search_2025_artificial_intelligence.html"
TITLE = "Artificial intelligence models: large developers."


def key_fields(record: BillRecord) -> tuple:
    return (
        record.jurisdiction,
        record.session,
        record.identifier,
        record.title,
        record.status,
        record.status_date,
        record.chapter,
    )


ENACTED = (
    "US-CA",
    "2025-2026",
    "SB 53",
    TITLE,
    "enacted",
    date(2025, 9, 29),
    "Chapter 138 of 2025",
)
