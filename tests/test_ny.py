"""scrapers.ny (with ny_mirror, ny_common, chapter_amendments): mirror, API fixtures, live."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from scrapers import chapter_amendments, ny, ny_common
from scrapers.errors import ParseError, ScrapeError
from scrapers.records import BillRecord, RelatedBillRecord
from scrapers.registry import ScrapeParams

FIXTURES = Path(__file__).parent / "fixtures" / "ny"
SESSION = "2025-2026"


@pytest.fixture
def mirror_dir(corpus_dir: Path) -> Path:
    return corpus_dir / "api_formats" / "ny_legislation_mirror_jehiah"


@pytest.fixture
def mirror(mirror_dir: Path) -> dict[str, BillRecord]:
    return {record.identifier: record for record in ny.parse_file(mirror_dir)}


@pytest.fixture
def api() -> dict[str, BillRecord]:
    return {record.identifier: record for record in ny.parse_file(FIXTURES)}


def related(record: BillRecord) -> set[tuple[str, str, str]]:
    return {(r.identifier, r.relation, r.session) for r in record.related_bills}


def versions(record: BillRecord) -> list[tuple[str, date | None]]:
    return [(v.label, v.date) for v in record.versions]


def first_and_last(record: BillRecord) -> list[tuple[date, str, str]]:
    return [(a.date, a.text, a.actor) for a in (record.actions[0], record.actions[-1])]


# --------------------------------------------------------------------------- the real mirror files


def test_s6953_is_enacted_as_chapter_699_of_2025(mirror: dict[str, BillRecord]) -> None:
    bill = mirror["S 6953"]
    assert (bill.jurisdiction, bill.session, bill.identifier) == ("US-NY", SESSION, "S 6953")
    assert (
        bill.title == "Relates to the training and use of artificial intelligence frontier models"
    )
    assert (bill.status, bill.status_date, bill.chapter) == (
        "enacted",
        date(2025, 12, 19),
        "Chapter 699 of 2025",
    )
    assert len(bill.actions) == 17
    assert first_and_last(bill) == [
        (date(2025, 3, 27), "REFERRED TO INTERNET AND TECHNOLOGY", "upper"),
        (date(2025, 12, 19), "APPROVAL MEMO.76", "upper"),
    ]
    signed = next(a for a in bill.actions if a.text == "SIGNED CHAP.699")
    assert signed.classification == ["executive-signature"]
    assert versions(bill) == [
        ("S6953", date(2025, 3, 27)),
        ("S6953A", date(2025, 6, 3)),
        ("S6953B", date(2025, 6, 9)),
    ]
    assert bill.versions[2].url == "https://legislation.nysenate.gov/pdf/bills/2025/S6953B"
    assert len(bill.sponsors) == 17
    assert (bill.sponsors[0].name, bill.sponsors[0].classification) == (
        "Andrew Gounardes",
        "primary",
    )
    assert {s.classification for s in bill.sponsors[1:]} == {"cosponsor"}
    assert bill.sponsors[1].source_id == "1102"
    assert bill.sources == ["https://www.nysenate.gov/legislation/bills/2025/S6953"]
    assert bill.source_ids == {"nysenate": "2025-S6953"}
    assert related(bill) == {
        ("A 6453", "companion", SESSION),
        ("A 6453", "replaces", SESSION),
        ("S 8828", "amended_by", SESSION),
        ("A 9449", "amended_by", SESSION),
    }


def test_s8828_is_enacted_as_chapter_96_and_amends_chapter_699(
    mirror: dict[str, BillRecord],
) -> None:
    bill = mirror["S 8828"]
    assert (bill.status, bill.status_date, bill.chapter) == (
        "enacted",
        date(2026, 3, 27),
        "Chapter 96 of 2026",
    )
    assert len(bill.actions) == 11
    assert first_and_last(bill) == [
        (date(2026, 1, 8), "REFERRED TO RULES", "upper"),
        (date(2026, 3, 27), "SIGNED CHAP.96", "upper"),
    ]
    assert versions(bill) == [("S8828", date(2026, 1, 8))]
    assert [s.name for s in bill.sponsors] == ["Andrew Gounardes"]
    assert related(bill) == {
        ("A 9449", "companion", SESSION),
        ("A 9449", "replaces", SESSION),
        ("S 6953", "chapter_amendment_of", SESSION),
        ("A 6453", "related", SESSION),
    }


def test_a6453_is_substituted_by_s6953(mirror: dict[str, BillRecord]) -> None:
    bill = mirror["A 6453"]
    assert (bill.identifier, bill.session, bill.status, bill.status_date) == (
        "A 6453",
        SESSION,
        "substituted",
        date(2025, 6, 12),
    )
    assert bill.chapter == ""
    assert len(bill.actions) == 12
    assert first_and_last(bill) == [
        (date(2025, 3, 5), "REFERRED TO SCIENCE AND TECHNOLOGY", "lower"),
        (date(2025, 6, 12), "SUBSTITUTED BY S6953B", "lower"),
    ]
    assert versions(bill) == [
        ("A6453", date(2025, 3, 5)),
        ("A6453A", date(2025, 5, 16)),
        ("A6453B", date(2025, 6, 9)),
    ]
    assert (len(bill.sponsors), bill.sponsors[0].name, bill.sponsors[0].chamber) == (
        48,
        "Alex Bores",
        "lower",
    )
    assert related(bill) == {("S 6953", "companion", SESSION), ("S 6953", "replaced_by", SESSION)}


def test_a9449_is_substituted_by_s8828(mirror: dict[str, BillRecord]) -> None:
    bill = mirror["A 9449"]
    assert (bill.status, bill.status_date, len(bill.actions)) == (
        "substituted",
        date(2026, 2, 25),
        9,
    )
    assert first_and_last(bill)[1] == (date(2026, 2, 25), "SUBSTITUTED BY S8828", "lower")
    assert ("S 8828", "replaced_by", SESSION) in related(bill)
    assert ("S 8828", "companion", SESSION) in related(bill)


def test_every_mirror_action_is_kept_in_order_with_its_chamber(mirror_dir: Path) -> None:
    for path in sorted(mirror_dir.glob("*.json")):
        raw = json.loads(path.read_text())
        [bill] = ny.parse_file(path)
        chambers = {"SENATE": "upper", "ASSEMBLY": "lower"}
        expected = [
            (date.fromisoformat(a["Date"]), a["Text"], chambers[a["Chamber"]])
            for a in raw["Actions"]
        ]
        assert [(a.date, a.text, a.actor) for a in bill.actions] == expected, path.name


def test_one_mirror_file_alone_names_the_proposed_bills_only_as_related(mirror_dir: Path) -> None:
    [bill] = ny.parse_file(mirror_dir / "2025_S8828.json")
    assert ("S 6953", "related", SESSION) in related(bill)
    assert ("A 6453", "related", SESSION) in related(bill)
    assert "chapter_amendment_of" not in {r.relation for r in bill.related_bills}


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
    [bill] = ny.parse_file(FIXTURES / "api_bill_2025_S8828.json")
    assert "chapter_amendment_of" not in {r.relation for r in bill.related_bills}


def test_chapter_references_read_numbered_and_proposed_chapters() -> None:
    text = (
        "Section 3 of chapter 699 of the laws of 2025 is amended; and a chapter of the laws "
        "of 2026 amending the tax law, as proposed in legislative bills numbers S. 12-A and "
        "A. 34, is amended"
    )
    assert chapter_amendments.chapter_references(text) == [
        chapter_amendments.ChapterReference(2025, 699, ()),
        chapter_amendments.ChapterReference(2026, None, ("S 12", "A 34")),
    ]


def test_a_numbered_chapter_links_the_bill_signed_as_that_chapter() -> None:
    signed = BillRecord("US-NY", SESSION, "S 1", "Signed bill", chapter="Chapter 5 of 2025")
    amender = BillRecord(
        "US-NY", SESSION, "S 2", "Amends section 1 of chapter 5 of the laws of 2025"
    )
    chapter_amendments.link_chapter_amendments([signed, amender], ny_common.session_name)
    assert amender.related_bills == [RelatedBillRecord("S 1", "chapter_amendment_of", SESSION)]
    assert signed.related_bills == [RelatedBillRecord("S 2", "amended_by", SESSION)]


# --------------------------------------------------------------------------- names and sessions


@pytest.mark.parametrize(
    ("print_no", "expected"),
    [("S6953", "S 6953"), ("S6953B", "S 6953"), ("A06453", "A 6453"), ("J 12", "J 12")],
)
def test_identifier_drops_the_amendment_letter_and_leading_zeros(print_no, expected) -> None:
    assert ny_common.identifier(print_no) == expected


def test_session_year_2025_and_2026_are_the_2025_2026_session() -> None:
    assert (ny_common.session_name(2025), ny_common.session_name(2026)) == (SESSION, SESSION)
    assert (ny_common.session_year("2025-2026"), ny_common.session_year("2026")) == (2025, 2025)


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2027, 1, 10), [2027, 2025]),  # the new session just started
        (date(2027, 4, 30), [2027, 2025]),  # day 119 of 120
        (date(2027, 5, 1), [2027]),
        (date(2026, 11, 1), [2025]),
    ],
)
def test_previous_session_is_scraped_for_the_grace_days(today, expected) -> None:
    assert ny_common.sessions_to_scrape(today, 120) == expected


# --------------------------------------------------------------------------- bad input


def write(tmp_path: Path, data: Any, name: str = "bill.json") -> Path:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data))
    return path


def test_a_file_that_is_not_json_names_the_file(tmp_path: Path) -> None:
    path = write(tmp_path, "<html>not json</html>")
    with pytest.raises(ParseError, match=r"\[ny\] .*bill.json: expected a readable JSON file"):
        ny.parse_file(path)


def test_json_of_another_shape_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ParseError, match="an Open Legislation API response or a mirror bill"):
        ny.parse_file(write(tmp_path, {"bills": []}))


def test_an_unsuccessful_api_response_is_refused_with_its_message(tmp_path: Path) -> None:
    data = {"success": False, "message": "Bill S99999-2025 not found", "responseType": "error"}
    with pytest.raises(ParseError, match="Bill S99999-2025 not found"):
        ny.parse_file(write(tmp_path, data))


def test_a_mirror_bill_without_actions_list_is_refused(tmp_path: Path) -> None:
    data = {"PrintNo": "S1", "Session": 2025, "Title": "T", "Actions": "none"}
    with pytest.raises(ParseError, match="'Actions' list"):
        ny.parse_file(write(tmp_path, data))


def test_an_action_with_a_bad_date_is_refused(tmp_path: Path) -> None:
    data = {
        "PrintNo": "S1",
        "Session": 2025,
        "Title": "T",
        "Actions": [{"Text": "X", "Date": "soon"}],
    }
    with pytest.raises(ParseError, match="an action date as YYYY-MM-DD, got 'soon'"):
        ny.parse_file(write(tmp_path, data))


def test_an_api_bill_with_a_retyped_field_is_refused_with_the_file_named(tmp_path: Path) -> None:
    data = json.loads((FIXTURES / "api_bill_2025_S6953.json").read_text())
    data["result"]["actions"]["items"] = ["REFERRED TO RULES"]
    path = write(tmp_path, data)
    with pytest.raises(ParseError, match=rf"{path}: expected a bill in the API's documented shape"):
        ny.parse_file(path)


def test_a_listing_without_full_bills_is_refused() -> None:
    with pytest.raises(ParseError, match=r"full bill responses in the listing \(full=true\)"):
        ny.parse_file(FIXTURES / "search" / "api_search_2025_offset1.json")


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
    records = list(ny.scrape(ScrapeParams(session=SESSION), client))
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
    assert ny.search_query(date(2026, 1, 1)).endswith("AND status.actionDate:[2026-01-01 TO *]")


def test_scrape_of_another_jurisdiction_yields_nothing(settings) -> None:
    settings.NYSENATE_API_KEY = "test-key"
    client = FakeClient()
    assert list(ny.scrape(ScrapeParams(jurisdiction="US-CA"), client)) == []
    assert client.calls == []


def test_scrape_without_an_api_key_says_so(settings) -> None:
    settings.NYSENATE_API_KEY = ""
    with pytest.raises(ScrapeError, match="NYSENATE_API_KEY is not set"):
        list(ny.scrape(ScrapeParams(session=SESSION), FakeClient()))


def test_source_is_registered_with_a_polite_schedule() -> None:
    assert (ny.SOURCE.name, ny.SOURCE.rate_per_minute, ny.SOURCE.every_hours) == ("ny", 60, 12)
    assert ny.SOURCE.api_key_setting == "NYSENATE_API_KEY"
