"""Federal Register: executive orders, rules and notices on AI (the registry entry)."""

from __future__ import annotations

from scrapers.registry import Source, register

from .build import SOURCE_NAME
from .fetch import scrape
from .parse import parse_file

SOURCE = register(
    Source(
        name=SOURCE_NAME,
        description="Federal Register: executive orders and other documents (API v1, GPO XML)",
        file_formats="a Federal Register API v1 documents.json page or document, a {document, text} envelope, or a GPO daily-issue XML file",
        scrape=scrape,
        parse_file=parse_file,
        rate_per_minute=30,  # no published limit; stay gentle
        every_hours=24,
        file_patterns=("*.json", "*.xml"),
        jurisdictions=("US",),
    )
)
