"""scrapers.sources.ny.mirror: the real jehiah/ny_legislation mirror files, read through ny_parse.parse_file."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from scrapers.errors import ParseError
from scrapers.records import BillRecord
from scrapers.sources.ny import parse as ny_parse
from tests.ny_helpers import SESSION, related, versions, write


@pytest.fixture
def mirror_dir(corpus_dir: Path) -> Path:
    return corpus_dir / "api_formats" / "ny_legislation_mirror_jehiah"


@pytest.fixture
def mirror(mirror_dir: Path) -> dict[str, BillRecord]:
    return {record.identifier: record for record in ny_parse.parse_file(mirror_dir)}


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
        [bill] = ny_parse.parse_file(path)
        chambers = {"SENATE": "upper", "ASSEMBLY": "lower"}
        expected = [
            (date.fromisoformat(a["Date"]), a["Text"], chambers[a["Chamber"]])
            for a in raw["Actions"]
        ]
        assert [(a.date, a.text, a.actor) for a in bill.actions] == expected, path.name


def test_one_mirror_file_alone_names_the_proposed_bills_only_as_related(mirror_dir: Path) -> None:
    [bill] = ny_parse.parse_file(mirror_dir / "2025_S8828.json")
    assert ("S 6953", "related", SESSION) in related(bill)
    assert ("A 6453", "related", SESSION) in related(bill)
    assert "chapter_amendment_of" not in {r.relation for r in bill.related_bills}


# --------------------------------------------------------------------------- bad input


def test_a_mirror_bill_without_actions_list_is_refused(tmp_path: Path) -> None:
    data = {"PrintNo": "S1", "Session": 2025, "Title": "T", "Actions": "none"}
    with pytest.raises(ParseError, match="'Actions' list"):
        ny_parse.parse_file(write(tmp_path, data))


def test_an_action_with_a_bad_date_is_refused(tmp_path: Path) -> None:
    data = {
        "PrintNo": "S1",
        "Session": 2025,
        "Title": "T",
        "Actions": [{"Text": "X", "Date": "soon"}],
    }
    with pytest.raises(ParseError, match="an action date as YYYY-MM-DD, got 'soon'"):
        ny_parse.parse_file(write(tmp_path, data))
