"""scrapers.sources.ca.pages: leginfo status, history, text and search pages, each parsed alone."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from scrapers.errors import ParseError
from scrapers.records import BillRecord, SponsorRecord
from scrapers.sources.ca import pages as ca_pages
from scrapers.sources.ca import parse as ca_parse
from tests.ca_helpers import ENACTED, HISTORY, SEARCH, STATUS, TEXT, key_fields

NAV_URL = "https://leginfo.legislature.ca.gov/faces/billNavClient.xhtml?bill_id=202520260SB53"


def one(path: Path) -> BillRecord:
    [record] = ca_parse.parse_file(path)
    return record


# --------------------------------------------------------------------------- single pages


def test_history_page_gives_every_action_oldest_first_with_its_chamber() -> None:
    record = one(HISTORY)
    assert key_fields(record) == ENACTED
    assert len(record.actions) == 16
    first, last = record.actions[0], record.actions[-1]
    assert (first.date, first.actor, first.text) == (
        date(2025, 1, 7),
        "upper",
        "Introduced. Read first time. To Com. on RLS. for assignment. To print.",
    )
    assert (last.date, last.actor, last.text) == (
        date(2025, 9, 29),
        "executive",
        "Chaptered by Secretary of State. Chapter 138, Statutes of 2025.",
    )
    assert "introduction" in first.classification
    assert last.classification == ["became-law"]
    actors = {a.text: a.actor for a in record.actions}
    assert actors["In Assembly. Read first time. Held at Desk."] == "lower"
    assert actors["Referred to Coms. on P. & C.P. and JUD."] == "lower"
    assert actors["In Senate. Concurrence in Assembly amendments pending."] == "upper"
    assert actors["Approved by the Governor."] == "executive"
    assert record.sources == [NAV_URL]
    assert record.source_ids == {"leginfo": "202520260SB53"}


def test_status_page_gives_authors_topic_and_the_recent_actions() -> None:
    record = one(STATUS)
    assert key_fields(record) == ENACTED
    assert record.sponsors == [
        SponsorRecord("Wiener", "primary", "upper"),
        SponsorRecord("Rubio", "cosponsor", "upper"),
        SponsorRecord("Stern", "cosponsor", "upper"),
        SponsorRecord("Lowenthal", "cosponsor", "lower"),
    ]
    assert [a.text for a in record.actions][:1] == [
        "In Senate. Concurrence in Assembly amendments pending."
    ]
    assert len(record.actions) == 5
    assert record.abstract.startswith(
        "An act to add Chapter 25.1 (commencing with Section 22757.10)"
    )


def test_text_page_lists_every_version_and_carries_the_chaptered_text() -> None:
    record = one(TEXT)
    assert key_fields(record) == ENACTED
    assert [(v.label, v.date, v.media_type) for v in record.versions] == [
        ("Introduced", date(2025, 1, 7), "application/pdf"),
        ("Amended Senate", date(2025, 3, 25), "application/pdf"),
        ("Amended Assembly", date(2025, 7, 17), "application/pdf"),
        ("Amended Assembly", date(2025, 9, 5), "application/pdf"),
        ("Enrolled", date(2025, 9, 13), "application/pdf"),
        ("Chaptered", date(2025, 9, 29), "text/html"),
    ]
    assert record.versions[0].url == (
        "https://leginfo.legislature.ca.gov/faces/billPdf.xhtml"
        "?bill_id=202520260SB53&version=20250SB5399INT"
    )
    chaptered = record.versions[-1]
    assert chaptered.url.endswith("/faces/billTextClient.xhtml?bill_id=202520260SB53")
    assert "cited, as the Transparency in Frontier Artificial Intelligence Act." in chaptered.text
    assert "\nSEC. 2.\n" in chaptered.text
    assert "<p>" not in chaptered.text
    assert not any(v.text for v in record.versions[:-1])
    assert record.abstract.startswith("SB 53, Wiener. Artificial intelligence models")
    assert record.actions == []


@pytest.mark.parametrize(
    ("path", "kind"), [(STATUS, "status"), (HISTORY, "history"), (TEXT, "text")]
)
def test_a_page_is_recognised_by_its_landmarks_when_the_form_is_gone(path: Path, kind: str) -> None:
    html = re.sub(r'action="[^"]*"', 'action=""', path.read_text())
    assert ca_pages.parse_page(html, str(path)).kind == kind


# --------------------------------------------------------------------------- malformed pages


def saved(tmp_path: Path, html: str, name: str = "page.html") -> Path:
    path = tmp_path / name
    path.write_text(html)
    return path


def test_a_history_page_without_its_table_names_the_file_and_the_table(tmp_path: Path) -> None:
    html = re.sub(r"<table id=\"billhistory\".*?</table>", "", HISTORY.read_text(), flags=re.S)
    path = saved(tmp_path, html, "SB53_history.html")
    with pytest.raises(ParseError) as error:
        ca_parse.parse_file(path)
    assert str(error.value) == (f"[ca] {path}: expected the bill history table (table#billhistory)")


def test_a_status_page_without_authors_is_refused(tmp_path: Path) -> None:
    html = STATUS.read_text().replace('id="leadAuthors"', 'id="authors"')
    with pytest.raises(ParseError, match=r"the bill status rows \(span#leadAuthors\)"):
        ca_parse.parse_file(saved(tmp_path, html))


def test_a_text_page_without_the_text_is_refused(tmp_path: Path) -> None:
    html = TEXT.read_text().replace('id="bill_all"', 'id="bill_gone"')
    with pytest.raises(ParseError, match=r"the bill text \(div#bill_all\)"):
        ca_parse.parse_file(saved(tmp_path, html))


def test_a_history_row_with_a_bad_date_is_refused(tmp_path: Path) -> None:
    html = HISTORY.read_text().replace("09/17/25", "Sept. 17")
    with pytest.raises(ParseError, match="a history date as MM/DD/YY, got 'Sept. 17'"):
        ca_parse.parse_file(saved(tmp_path, html))


def test_a_page_of_another_site_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ParseError, match="a leginfo bill status, history or text page"):
        ca_parse.parse_file(saved(tmp_path, "<html><body><h1>Hello</h1></body></html>"))


def test_a_page_without_its_heading_is_refused(tmp_path: Path) -> None:
    html = re.sub(r"<div id=\"bill_title\">.*?</div>", "", HISTORY.read_text(), flags=re.S)
    with pytest.raises(ParseError, match="the bill heading"):
        ca_parse.parse_file(saved(tmp_path, html))


def test_a_page_without_a_bill_id_is_refused(tmp_path: Path) -> None:
    html = HISTORY.read_text().replace("bill_id=", "measure=")
    with pytest.raises(ParseError, match="a bill_id such as 202520260SB53"):
        ca_parse.parse_file(saved(tmp_path, html))


# --------------------------------------------------------------------------- search and ids


def test_search_results_list_each_bill_id_once() -> None:
    found = ca_pages.parse_search_results(SEARCH.read_bytes(), str(SEARCH))
    assert found == ["202520260SB53", "202520260AB1018", "202520260SB243"]


def test_a_search_page_without_results_is_empty_but_another_page_is_refused() -> None:
    empty = re.sub(r"<table id=\"bill_results\".*?</table>", "", SEARCH.read_text(), flags=re.S)
    assert ca_pages.parse_search_results(empty, "empty") == []
    with pytest.raises(ParseError, match=r"table#bill_results"):
        ca_pages.parse_search_results("<html><body></body></html>", "other")


@pytest.mark.parametrize(
    ("bill_id", "expected"),
    [
        ("202520260SB53", ("2025-2026", "SB 53")),
        ("202520260AB1018", ("2025-2026", "AB 1018")),
        ("202320240ACR7", ("2023-2024", "ACR 7")),
    ],
)
def test_bill_ids_split_into_session_and_identifier(bill_id: str, expected: tuple) -> None:
    assert ca_pages.split_bill_id(bill_id) == expected
