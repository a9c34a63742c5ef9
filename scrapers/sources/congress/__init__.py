"""Congress: bills from the congress.gov API v3 and govinfo BILLSTATUS bulk XML (the registry entry)."""

from __future__ import annotations

from scrapers.registry import Source, register

from .build import SOURCE_NAME
from .fetch import scrape
from .parse import parse_file

SOURCE = register(
    Source(
        name=SOURCE_NAME,
        description="U.S. Congress bills: congress.gov API v3 and govinfo BILLSTATUS XML",
        file_formats="a congress.gov API v3 response (bill list, bill detail, sub-resource page) or a govinfo BILLSTATUS XML file",
        scrape=scrape,
        parse_file=parse_file,
        rate_per_minute=80,  # 5,000 requests per hour per key
        every_hours=24,
        file_patterns=("*.json", "BILLSTATUS-*.xml"),
        api_key_setting="CONGRESS_API_KEY",
        jurisdictions=("US",),
    )
)
