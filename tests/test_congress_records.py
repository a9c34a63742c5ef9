"""scrapers.sources.congress.build: identifiers and web addresses shared by the API and BILLSTATUS."""

from __future__ import annotations

from datetime import date

from scrapers.sources.congress import build as congress_build
from scrapers.sources.congress import fetch as congress_fetch


def test_current_congress_and_web_urls():
    assert congress_fetch.current_congress(date(2025, 1, 3)) == 119
    assert congress_fetch.current_congress(date(2026, 12, 31)) == 119
    assert congress_build.web_url(121, "HJRES", 1) == (
        "https://www.congress.gov/bill/121st-congress/house-joint-resolution/1"
    )
    assert congress_build.bill_identifier("hconres", "079") == "HCONRES 79"
