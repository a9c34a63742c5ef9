"""New York: bills from the Open Legislation API and the jehiah/ny_legislation mirror (the registry entry)."""

from __future__ import annotations

from scrapers.registry import Source, register

from .build import (
    JURISDICTION,
    SOURCE_NAME,
)
from .fetch import scrape
from .parse import parse_file

SOURCE = register(
    Source(
        name=SOURCE_NAME,
        description="New York Senate Open Legislation API v3 (bills, amendments, full text)",
        file_formats="an Open Legislation API v3 bill response or a jehiah/ny_legislation mirror file",
        scrape=scrape,
        parse_file=parse_file,
        rate_per_minute=60,
        every_hours=12,
        file_patterns=("*.json",),
        parses_directories=True,
        api_key_setting="NYSENATE_API_KEY",
        jurisdictions=(JURISDICTION,),
    )
)
