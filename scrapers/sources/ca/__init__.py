"""California: bills from leginfo.legislature.ca.gov pages (the registry entry)."""

from __future__ import annotations

from scrapers.registry import Source, register

from .fetch import scrape
from .pages import (
    SOURCE_NAME,
)
from .parse import JURISDICTION, SOURCE_FILE_PATTERNS, parse_file

SOURCE = register(
    Source(
        name=SOURCE_NAME,
        description="California leginfo bill status, history and text pages (HTML)",
        file_formats="a saved leginfo bill status, history or text page (or a folder of them)",
        scrape=scrape,
        parse_file=parse_file,
        rate_per_minute=20,  # an HTML site, not an API: stay well below what a browser does
        every_hours=12,
        file_patterns=SOURCE_FILE_PATTERNS,
        respect_robots=True,
        parses_directories=True,
        jurisdictions=(JURISDICTION,),
    )
)
