"""LegiScan: bills of every state through the LegiScan API and datasets (the registry entry)."""

from __future__ import annotations

from scrapers.registry import Source, register
from vocabulary.jurisdictions import legiscan_states

from .fetch import scrape
from .parse import parse_file
from .payloads import (
    SOURCE_NAME,
)

SOURCE = register(
    Source(
        name=SOURCE_NAME,
        description="LegiScan API and datasets: AI bills in the 50 states and DC",
        file_formats="a LegiScan JSON dataset file (bill, text, vote, person) or a saved API response",
        scrape=scrape,
        parse_file=parse_file,
        rate_per_minute=30,  # no per-minute limit is published; the quota is monthly
        every_hours=24,
        # XML and CSV datasets are matched so that they are reported, not skipped unseen.
        file_patterns=("*.json", "*.xml", "*.csv"),
        api_key_setting="LEGISCAN_API_KEY",
        change_hash_keys=("legiscan", "legiscan_change_hash"),
        jurisdictions=tuple(j.code for j in legiscan_states()),
    )
)
