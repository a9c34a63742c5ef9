"""Parsing speed of each source's recorded responses in ``../shared/corpus`` (records/s).

Each source's ``parse_file`` is what ``scrape --from-dir`` replays, so this is
the parse cost a real run pays per record, without the network.
"""

from __future__ import annotations

import importlib
import time
from pathlib import Path

from .measure import Row, not_available, rate

API = "api_formats"
# (what, module with parse_file, files under the corpus)
SOURCES = (
    ("openstates scraper output (WY)", "scrapers.sources.openstates.parse", f"{API}/openstates_scraper_output_wy2025/bill_*.json"),
    ("legiscan dataset", "scrapers.sources.legiscan.parse", f"{API}/legiscan_dataset_json/bill_*.json"),
    ("ny mirror (nysenate shape)", "scrapers.sources.ny.parse", f"{API}/ny_legislation_mirror_jehiah/*.json"),
    ("congress.gov API v3", "scrapers.sources.congress.parse", f"{API}/congress_gov_api_v3_json/ai_bills_repo_wrapped/*.json"),
    ("govinfo BILLSTATUS XML", "scrapers.sources.congress.parse", f"{API}/govinfo_billstatus_xml/*.xml"),
    ("federal register API", "scrapers.sources.federal_register.parse", "federal/federal_register_repo_wrapped/*.json"),
    ("federal register GPO daily XML", "scrapers.sources.federal_register.parse", "federal/*.xml"),
)  # fmt: skip


def parse_rates(corpus: Path, scale: str = "corpus", seconds: float = 1.0) -> list[Row]:
    if not corpus.is_dir():
        return [not_available("parse: every source", scale, f"no corpus at {corpus}")]
    return [
        _one(what, module, corpus, pattern, scale, seconds) for what, module, pattern in SOURCES
    ]


def _one(what: str, module: str, corpus: Path, pattern: str, scale: str, seconds: float) -> Row:
    parse_file = importlib.import_module(module).parse_file
    files = sorted(corpus.glob(pattern))
    if not files:
        return not_available(f"parse: {what}", scale, f"no files {pattern}")
    records = rounds = 0
    started = time.perf_counter()
    while time.perf_counter() - started < seconds or not rounds:
        for path in files:
            records += len(parse_file(path))
        rounds += 1
    elapsed = time.perf_counter() - started
    size = sum(p.stat().st_size for p in files) / 1e6
    note = (
        f"{len(files)} files, {size:.2f} MB, {records // rounds} records a round, {rounds} rounds"
    )
    return rate(f"parse: {what}", scale, records, elapsed, "records/s", note)
