"""scrapers.sources.ny: the Open Legislation API format, file dispatch and the live scrape.

The mirror format, names and sessions, and chapter-amendment links have their own
modules: test_ny_mirror, test_ny_common and test_chapter_amendments.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from scrapers.errors import ParseError, ScrapeError
from scrapers.records import BillRecord
from scrapers.registry import ScrapeParams
from scrapers.sources import ny
from scrapers.sources.ny import fetch as ny_fetch
from scrapers.sources.ny import parse as ny_parse
from tests.ny_helpers import SESSION, related, versions, write

FIXTURES = Path(__file__).parent / "fixtures" / "ny"


@pytest.fixture
def api() -> dict[str, BillRecord]:
    return {record.identifier: record for record in ny_parse.parse_file(FIXTURES)}


# --------------------------------------------------------------------------- the API format


def test_api_bill_has_every_amendment_with_its_clean_full_text(api: dict[str, BillRecord]) -> None:
    bill = api["S 6953"]
    assert (bill.status, bill.status_date, bill.chapter) == (
        "enacted",
        date(2025, 12, 19),
        "Chapter 699 of 2025",
    )
    assert versions(bill) == [
        ("S6953", date(2025, 3, 27)),
        ("S6953A", date(2025, 6, 3)),
        ("S6953B", date(2025, 6, 9)),
    ]
    text = bill.versions[2].text
    assert 'cited as the "Responsible AI safety and education act" or "RAISE act".' in text
    assert "\n§ 1421. TRANSPARENCY REQUIREMENTS." in text
    assert " 12 " not in text  # line numbers are gone
    assert len(bill.actions) == 17
    assert [s.name for s in bill.sponsors] == [
        "Andrew Gounardes",
        "Jamaal Bailey",
        "Jabari Brisport",
        "Patricia Fahy",
        "Liz Krueger",
    ]
    assert bill.sponsors[0].source_id == "1229"


def test_api_substituted_bill_links_its_replacement_and_prior_session(
    api: dict[str, BillRecord],
) -> None:
    bill = api["A 6453"]
    assert (bill.status, bill.status_date) == ("substituted", date(2025, 6, 12))
    assert related(bill) == {
        ("S 6953", "companion", SESSION),
        ("S 6953", "replaced_by", SESSION),
        ("A 8884", "prior_session", "2023-2024"),
    }
    assert [(s.name, s.classification) for s in bill.sponsors] == [
        ("Alex Bores", "primary"),
        ("Micah Lasher", "cosponsor"),
    ]


def test_api_chapter_amendment_is_linked_both_ways_from_its_text(
    api: dict[str, BillRecord],
) -> None:
    assert ("S 6953", "chapter_amendment_of", SESSION) in related(api["S 8828"])
    assert ("S 8828", "amended_by", SESSION) in related(api["S 6953"])
    assert ("A 6453", "related", SESSION) in related(api["S 8828"])


def test_a_chapter_not_signed_in_the_batch_is_not_linked() -> None:
    [bill] = ny_parse.parse_file(FIXTURES / "api_bill_2025_S8828.json")
    assert "chapter_amendment_of" not in {r.relation for r in bill.related_bills}


# --------------------------------------------------------------------------- bad input


def test_a_file_that_is_not_json_names_the_file(tmp_path: Path) -> None:
    path = write(tmp_path, "<html>not json</html>")
    with pytest.raises(ParseError, match=r"\[ny\] .*bill.json: expected a readable JSON file"):
        ny_parse.parse_file(path)


def test_json_of_another_shape_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ParseError, match="an Open Legislation API response or a mirror bill"):
        ny_parse.parse_file(write(tmp_path, {"bills": []}))


def test_an_unsuccessful_api_response_is_refused_with_its_message(tmp_path: Path) -> None:
    data = {"success": False, "message": "Bill S99999-2025 not found", "responseType": "error"}
    with pytest.raises(ParseError, match="Bill S99999-2025 not found"):
        ny_parse.parse_file(write(tmp_path, data))


def test_an_api_bill_with_a_retyped_field_is_refused_with_the_file_named(tmp_path: Path) -> None:
    data = json.loads((FIXTURES / "api_bill_2025_S6953.json").read_text())
    data["result"]["actions"]["items"] = ["REFERRED TO RULES"]
    path = write(tmp_path, data)
    with pytest.raises(ParseError, match=rf"{path}: expected a bill in the API's documented shape"):
        ny_parse.parse_file(path)


def test_a_listing_without_full_bills_is_refused() -> None:
    with pytest.raises(ParseError, match=r"full bill responses in the listing \(full=true\)"):
        ny_parse.parse_file(FIXTURES / "search" / "api_search_2025_offset1.json")


# --------------------------------------------------------------------------- live scrape


class FakeClient:
    """Answers get_json from the fixtures: search pages by offset, bills by print number."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, dict]] = []

    def get_json(self, url: str, params: dict | None = None) -> Any:
        self.calls.append((url, dict(params or {})))
        if url.endswith("/search"):
            name = f"search/api_search_2025_offset{params['offset']}.json"
        else:
            name = f"api_bill_2025_{url.rsplit('/', 1)[1]}.json"
        return json.loads((FIXTURES / name).read_text())


def test_scrape_pages_through_the_search_and_fetches_each_bill(settings) -> None:
    settings.NYSENATE_API_KEY = "test-key"
    client = FakeClient()
    records = list(ny_fetch.scrape(ScrapeParams(session=SESSION), client))
    assert [r.identifier for r in records] == ["S 6953", "A 6453", "S 8828"]
    assert [url.rsplit("/api/3/", 1)[1] for url, _ in client.calls] == [
        "bills/2025/search",
        "bills/2025/search",
        "bills/2025/S6953",
        "bills/2025/A6453",
        "bills/2025/S8828",
    ]
    assert [p["offset"] for _, p in client.calls[:2]] == [1, 3]
    assert {p["key"] for _, p in client.calls} == {"test-key"}
    assert client.calls[2][1]["view"] == "default"
    assert all(r.ai_relevant for r in records)
    assert ("S 6953", "chapter_amendment_of", SESSION) in related(records[2])


def test_scrape_with_a_since_date_asks_for_recent_actions_only() -> None:
    assert ny_fetch.search_query(date(2026, 1, 1)).endswith(
        "AND status.actionDate:[2026-01-01 TO *]"
    )


def test_scrape_of_another_jurisdiction_yields_nothing(settings) -> None:
    settings.NYSENATE_API_KEY = "test-key"
    client = FakeClient()
    assert list(ny_fetch.scrape(ScrapeParams(jurisdiction="US-CA"), client)) == []
    assert client.calls == []


def test_scrape_without_an_api_key_says_so(settings) -> None:
    settings.NYSENATE_API_KEY = ""
    with pytest.raises(ScrapeError, match="NYSENATE_API_KEY is not set"):
        list(ny_fetch.scrape(ScrapeParams(session=SESSION), FakeClient()))


def test_source_is_registered_with_a_polite_schedule() -> None:
    assert (ny.SOURCE.name, ny.SOURCE.rate_per_minute, ny.SOURCE.every_hours) == ("ny", 60, 12)
    assert ny.SOURCE.api_key_setting == "NYSENATE_API_KEY"
