"""bills.section_dates: the dates a law's clauses give some of its sections, on the real texts."""

from __future__ import annotations

from datetime import date

import pytest

from bills.section_dates import SectionDate, headings, section_dates, unit_at

pytestmark = pytest.mark.corpus


def _read(corpus_dir, name: str) -> str:
    return (corpus_dir / "bill_texts" / name).read_text(encoding="utf-8")


def test_the_illinois_omnibus_dates_its_articles_and_ties_article_40_to_sb_315(corpus_dir):
    text = _read(corpus_dir, "IL_HB2949_104th_PA104-0466_FY2027_Budget_Implementation_Act.txt")
    rules = {(r.unit, r.numbers): r for r in section_dates(text)}
    assert rules[("article", ("15", "20", "25", "30"))].on == date(2026, 7, 1)
    assert rules[("article", ("45",))].on == date(2027, 1, 1)
    article_40 = rules[("article", ("40",))]
    assert (article_40.upon_law, article_40.with_bill, article_40.later) == (True, "SB 315", True)
    # Signed in June 2026, SB 315 taking effect 2027-01-01: the later of the two.
    assert article_40.resolve(date(2026, 6, 16), date(2027, 1, 1)) == date(2027, 1, 1)
    assert article_40.resolve(date(2026, 6, 16), None) == date(2026, 6, 16)


def test_the_reprinted_sections_of_article_40_are_found_in_it(corpus_dir):
    text = _read(corpus_dir, "IL_HB2949_104th_PA104-0466_FY2027_Budget_Implementation_Act.txt")
    found = headings(text)
    at = text.index("Sec. 25. Civil penalty.")
    assert (unit_at(found, at, "article"), unit_at(found, at, "section")) == ("40", "25")


def test_washington_sections_take_effect_and_expire_on_their_own_dates(corpus_dir):
    text = _read(corpus_dir, "WA_SB5395_2026_Prior_Authorization_AI_Health_session_law_walaw.md")
    assert [(r.numbers, r.kind, r.on) for r in section_dates(text)] == [
        (("2", "6"), "expires", date(2027, 1, 1)),
        (("3", "7"), "effective", date(2027, 1, 1)),
    ]


def test_this_section_expires_names_the_section_it_stands_in(corpus_dir):
    text = _read(corpus_dir, "WA_SB5838_2024_AI_Task_Force_session_law_walaw.md")
    assert [(r.unit, r.numbers, r.kind, r.on) for r in section_dates(text)] == [
        ("section", ("2",), "expires", date(2027, 6, 30))
    ]


def test_numbers_in_words_and_a_clause_without_a_date_are_read_right():
    text = "Sections one, two and four of this act take effect January 1, 2027. Section 5 expires."
    assert section_dates(text) == [
        SectionDate(
            "section",
            ("1", "2", "4"),
            "effective",
            on=date(2027, 1, 1),
            evidence="Sections 1, 2 and 4 of this act take effect January 1, 2027",
        )
    ]
