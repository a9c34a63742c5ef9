"""bills.amendment_scope: what a later law does to an earlier one, read from the real texts."""

from __future__ import annotations

import pytest

from bills.amendment_scope import (
    FULL,
    PARTIAL,
    REPEAL,
    UNKNOWN,
    LawNames,
    amendment_scope,
    clean_text,
    section_numbers,
    short_titles,
)

SB_315 = LawNames("SB 315", "Public Act 104-0538", ("Artificial Intelligence Safety Measures Act",))
S_6953 = LawNames("S 6953", "Chapter 699 of 2025", ("RAISE Act",))


@pytest.fixture(scope="module")
def omnibus(corpus_dir) -> str:
    path = (
        corpus_dir
        / "bill_texts"
        / "IL_HB2949_104th_PA104-0466_FY2027_Budget_Implementation_Act.txt"
    )
    return path.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def chapter_amendment(corpus_dir) -> str:
    path = corpus_dir / "bill_texts" / "NY_S8828_2025-26_RAISE_Act_chapter96_of_2026.txt"
    return path.read_text(encoding="utf-8")


@pytest.mark.corpus
def test_the_illinois_omnibus_changes_two_sections_of_the_ai_safety_act(omnibus):
    scope = amendment_scope(omnibus, SB_315)
    assert (scope.kind, scope.changed, scope.repealed) == (PARTIAL, ("18", "25"), ())
    assert "amended by changing Sections 18 and 25" in scope.evidence


@pytest.mark.corpus
def test_the_bill_number_alone_does_not_say_which_act_is_amended(omnibus):
    # Sections 40-5 and 40-15 both open "If and only if Senate Bill 315 … becomes law" and
    # then amend an Act by name: without the Act's name, neither is taken for SB 315.
    assert amendment_scope(omnibus, LawNames("SB 315")).kind == UNKNOWN


@pytest.mark.corpus
def test_the_short_title_is_read_from_the_earlier_law_itself(corpus_dir):
    enrolled = (
        corpus_dir / "bill_texts" / "IL_SB0315_104th_PA104-0538_AI_Safety_Measures_Act_enrolled.txt"
    )
    assert short_titles(enrolled.read_text(encoding="utf-8")) == (
        "Artificial Intelligence Safety Measures Act",
    )


@pytest.mark.corpus
def test_another_act_amended_under_the_same_condition_is_not_taken_for_it(omnibus):
    # Section 40-5 also opens "If and only if Senate Bill 315 … becomes law", then amends
    # the Illinois Emergency Management Agency Act: those sections are not SB 315's.
    assert "Emergency Management Agency Act is amended" in clean_text(omnibus)
    assert "5" not in amendment_scope(omnibus, LawNames("SB 315")).changed


@pytest.mark.corpus
def test_the_new_york_chapter_amendment_repeals_and_replaces_the_whole_article(
    chapter_amendment,
):
    scope = amendment_scope(chapter_amendment, S_6953)
    assert scope.kind == FULL
    assert "is REPEALED and a new article 44-B is added" in scope.evidence


@pytest.mark.corpus
def test_a_law_the_text_never_names_is_untouched(chapter_amendment, omnibus):
    assert amendment_scope(chapter_amendment, LawNames("SB 1047")).kind == UNKNOWN
    assert amendment_scope(omnibus, LawNames("HB 3773", "Public Act 103-0804")).kind == UNKNOWN


def test_an_executive_order_revoking_another_repeals_it():
    text = (
        "Sec. 2. Revocation. Executive Order 14110 of October 30, 2023 (Safe, Secure, and "
        "Trustworthy Development and Use of Artificial Intelligence), is hereby revoked."
    )
    assert amendment_scope(text, LawNames("EO 14110")).kind == REPEAL
    assert amendment_scope(text, LawNames("EO 14179")).kind == UNKNOWN


def test_a_named_section_amended_or_repealed_is_a_partial_change():
    text = (
        "Section 1. Section 3 of chapter 699 of the laws of 2025 is amended to read as follows: "
        "§ 3. This act shall take effect January 1, 2027. Section 2. Sections 5 and 7 of "
        "chapter 699 of the laws of 2025 are REPEALED."
    )
    scope = amendment_scope(text, S_6953)
    assert (scope.kind, scope.changed, scope.repealed) == (PARTIAL, ("3",), ("5", "7"))


def test_section_lists_read_as_people_write_them():
    assert section_numbers("18 and 25") == ("18", "25")
    assert section_numbers("5, 10, and 15") == ("5", "10", "15")
    assert section_numbers("22757.12 and 22757.13") == ("22757.12", "22757.13")
