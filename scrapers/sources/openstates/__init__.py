"""Open States: state bills from the API v3 and from scraper output files (the registry entry)."""

from __future__ import annotations

from scrapers.registry import Source, register
from vocabulary.jurisdictions import subnational as subnational_jurisdictions

from .build import (
    SOURCE_NAME,
)
from .fetch import scrape
from .parse import parse_file

SOURCE = register(
    Source(
        name=SOURCE_NAME,
        description="Open States API v3: AI bills in the 50 states, DC and Puerto Rico",
        file_formats="an Open States API v3 bills page or bill, or Open States scraper output JSON",
        scrape=scrape,
        parse_file=parse_file,
        rate_per_minute=10,  # the default API tier's limit
        every_hours=24,
        file_patterns=("*.json",),
        api_key_setting="OPENSTATES_API_KEY",
        jurisdictions=tuple(j.code for j in subnational_jurisdictions()),
    )
)
