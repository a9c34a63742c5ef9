"""Policy documents: government AI frameworks and guidance fetched from their own URLs (the registry entry)."""

from __future__ import annotations

from scrapers.registry import Source, register

from .fetch import scrape
from .parse import SOURCE_NAME, parse_file

SOURCE = register(
    Source(
        name=SOURCE_NAME,
        description="Policy documents (HTML or PDF) from a configured list of URLs",
        file_formats="an HTML page or a PDF",
        scrape=scrape,
        parse_file=parse_file,
        rate_per_minute=10,
        every_hours=24 * 7,  # documents change rarely
        file_patterns=("*.pdf", "*.html", "*.htm"),
        respect_robots=True,
        jurisdictions=("US",),
    )
)
