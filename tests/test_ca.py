"""scrapers.sources.ca: leginfo pages joined into records, sessions, and the live scrape.

Each page parsed alone is tested in test_ca_pages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from scrapers.registry import ScrapeParams
from scrapers.sources import ca
from scrapers.sources.ca import fetch as ca_fetch
from scrapers.sources.ca import pages as ca_pages
from scrapers.sources.ca import parse as ca_parse
from tests.ca_helpers import ENACTED, HISTORY, SEARCH, STATUS, TEXT, key_fields

# --------------------------------------------------------------------------- records


def test_an_enrolled_text_page_alone_says_the_legislature_passed_the_bill() -> None:
    html = TEXT.read_text().replace("<h3>CHAPTER 138</h3>", "")
    html = html.replace(' selected="selected"', "").replace(
        '"20250SB5394ENR"', '"20250SB5394ENR" selected="selected"'
    )
    record = ca_parse.bill_record([ca_pages.parse_page(html, "enrolled")])
    assert (record.status, record.status_date, record.chapter) == (
        "passed_legislature",
        date(2025, 9, 13),
        "",
    )
    assert record.versions[-2].label == "Enrolled" and record.versions[-2].text


def test_the_three_pages_join_into_one_record() -> None:
    pages = [ca_pages.parse_page(path.read_bytes(), str(path)) for path in (STATUS, HISTORY, TEXT)]
    record = ca_parse.bill_record(pages)
    assert key_fields(record) == ENACTED
    assert len(record.actions) == 16  # the full history wins over the status page's excerpt
    assert [s.name for s in record.sponsors] == ["Wiener", "Rubio", "Stern", "Lowenthal"]
    assert len(record.versions) == 6
    assert record.abstract.startswith("SB 53, Wiener.")


def test_a_folder_of_saved_pages_joins_them_bill_by_bill(tmp_path: Path) -> None:
    for path in (STATUS, HISTORY, TEXT):
        (tmp_path / path.name).write_bytes(path.read_bytes())
    [record] = ca_parse.parse_file(tmp_path)
    assert key_fields(record) == ENACTED
    assert (len(record.actions), len(record.versions), len(record.sponsors)) == (16, 6, 4)


def test_pages_of_two_bills_are_not_joined() -> None:
    page = ca_pages.parse_page(HISTORY.read_bytes(), "h")
    other = ca_pages.BillPage("text", "202520260AB1018", "u")
    with pytest.raises(ValueError, match="exactly one bill"):
        ca_parse.bill_record([page, other])


# --------------------------------------------------------------------------- sessions


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2025, 6, 1), [2025]),
        (date(2026, 12, 6), [2025]),  # the 2027-2028 session convenes on Monday 7 December 2026
        (date(2026, 12, 7), [2027, 2025]),
        (date(2027, 4, 5), [2027, 2025]),  # day 119 of 120
        (date(2027, 4, 6), [2027]),
    ],
)
def test_previous_session_is_scraped_for_the_grace_days(today: date, expected: list) -> None:
    assert ca_fetch.sessions_to_scrape(today, 120) == expected


# --------------------------------------------------------------------------- live scrape


@dataclass
class FakeResponse:
    url: str
    content: bytes


class FakeClient:
    """Serves the fixtures: the search lists only SB 53; SB 53's three pages by URL."""

    respect_robots = False

    def __init__(self) -> None:
        self.urls: list[str] = []
        html = SEARCH.read_text()
        self.search = re.sub(r"<tr>\s*<td><a[^>]*(AB1018|SB243).*?</tr>", "", html, flags=re.S)
        self.pages = {
            ca_pages.page_url(k, "202520260SB53"): p
            for k, p in zip(("status", "history", "text"), (STATUS, HISTORY, TEXT), strict=True)
        }

    def get(self, url: str, params: dict | None = None) -> FakeResponse:
        self.urls.append(url)
        if url.endswith("billSearchClient.xhtml"):
            assert params["session_year"] == "20252026"
            return FakeResponse(url, self.search.encode())
        return FakeResponse(url, self.pages[url].read_bytes())


def test_scrape_searches_each_keyword_and_reads_the_three_pages(monkeypatch) -> None:
    monkeypatch.setattr(ca_fetch, "SEARCH_KEYWORDS", ("artificial intelligence", "deepfake"))
    client = FakeClient()
    [record] = ca_fetch.scrape(ScrapeParams(session="2025-2026"), client)
    assert key_fields(record) == ENACTED
    assert (len(record.actions), len(record.versions), len(record.sponsors)) == (16, 6, 4)
    assert record.ai_relevant is True
    assert client.respect_robots is True
    assert [u.rsplit("/", 1)[1].split("?")[0] for u in client.urls] == [
        "billSearchClient.xhtml",
        "billSearchClient.xhtml",
        "billStatusClient.xhtml",
        "billHistoryClient.xhtml",
        "billTextClient.xhtml",
    ]


def test_scrape_since_a_later_date_skips_the_bill_after_its_status_page(monkeypatch) -> None:
    monkeypatch.setattr(ca_fetch, "SEARCH_KEYWORDS", ("artificial intelligence",))
    client = FakeClient()
    assert (
        list(ca_fetch.scrape(ScrapeParams(session="2025", since=date(2025, 10, 1)), client)) == []
    )
    assert client.urls[-1].split("/faces/")[1].startswith("billStatusClient")


def test_scrape_of_another_jurisdiction_yields_nothing() -> None:
    client = FakeClient()
    assert list(ca_fetch.scrape(ScrapeParams(jurisdiction="US-NY"), client)) == []
    assert client.urls == []


def test_source_is_registered_with_a_polite_schedule() -> None:
    assert (ca.SOURCE.name, ca.SOURCE.rate_per_minute, ca.SOURCE.every_hours) == ("ca", 20, 12)
    assert "*.html" in ca.SOURCE.file_patterns
