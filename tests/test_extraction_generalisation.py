"""Generic improvements of the obligation extractor, on formats the gold files do not cover.

The fixtures under tests/fixtures/extraction/ are short paraphrases written for
these tests (Colorado-style code sections, employment, chatbot, provenance,
inventory and executive-order provisions); the real laws are read in place.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bills.extraction import attributes as attrs
from bills.extraction import extract, extract_file
from bills.extraction.casing import fold_capitals
from bills.extraction.structure import parse_structure

FIXTURES = Path(__file__).parent / "fixtures" / "extraction"


def _pairs(name: str) -> dict[str, tuple[str, str, dict]]:
    text = (FIXTURES / name).read_text()
    return {o.section: (o.category, o.actor, o.attributes) for o in extract(text, ai_only=False)}


def _citations(text: str) -> list[str]:
    return [block.citation() for block in parse_structure(text).blocks]


def test_colorado_code_sections_are_cited_by_their_number():
    found = _pairs("colorado_style.txt")
    assert found["6-1-1702(1)"][:2] == ("duty_of_care", "developer")
    assert found["6-1-1702(1)"][2]["effective_date"] == "2026-02-01"


def test_colorado_deployer_duties_get_their_categories_and_periods():
    found = _pairs("colorado_style.txt")
    assert found["6-1-1703(1)"][:2] == ("risk_management_program", "deployer")
    assert found["6-1-1703(2)(a)"][0] == "impact_assessment"
    assert found["6-1-1703(2)(a)"][2]["frequency"] == "P1Y"
    assert found["6-1-1703(2)(a)"][2]["deadline"] == "P90D"
    assert found["6-1-1703(3)"][0] == "decision_notice"
    assert found["6-1-1703(4)"][0] == "correction_appeal"
    assert found["6-1-1703(5)"][0] == "incident_reporting"
    assert found["6-1-1703(5)"][2]["deadline"] == "P90D"


def test_colorado_enforcement_and_framework_defense():
    found = _pairs("colorado_style.txt")
    assert found["6-1-1706(1)"][0] == "enforcement_authority"
    assert found["6-1-1706(2)"][0] == "affirmative_defense"


def test_definitions_are_never_cited():
    assert not any(section.startswith("6-1-1701") for section in _pairs("colorado_style.txt"))


def test_a_code_section_joined_into_the_previous_line_still_starts_a_section():
    text = "SECTION 1. Add as follows: 6-1-1702. Duty. (1) A developer shall use reasonable care.\n"
    assert "6-1-1702(1)" in _citations(text)


def test_chained_markers_open_nested_paragraphs():
    text = "Section 10. Duties.\n(a) One.\n(b)(1) A developer shall test.\n(2) Two.\n"
    assert {"Section 10(a)", "Section 10(b)(1)", "Section 10(b)(2)"} <= set(_citations(text))


def test_a_parenthesised_note_line_does_not_hide_the_next_section_header():
    text = "(430 ILCS 185/10)\n(This Section may contain text from a Public Act with a delayed effective date)\nSec. 10. Duty.\n(a) A developer shall test.\n"
    assert "Sec. 10(a)" in _citations(text)


def test_civil_rights_violation_for_an_employer_is_a_prohibition():
    found = _pairs("mixed_state_laws.txt")
    assert found["Section 5(a)"][:2] == ("prohibited_practice", "employer")
    assert found["Section 5(b)"][:2] == ("decision_notice", "employer")


@pytest.mark.parametrize(
    ("section", "expected"),
    [
        ("Section 10(1)", ("ai_interaction_disclosure", "provider")),
        ("Section 10(2)", ("ai_interaction_disclosure", "regulated_professional")),
        ("Section 15", ("ai_interaction_disclosure", "health_care_provider")),
        ("Section 20(a)", ("ai_interaction_disclosure", "provider")),
        ("Section 25", ("content_provenance", "provider")),
        ("Section 30", ("government_use", "government_agency")),
    ],
)
def test_disclosure_provenance_and_inventory_duties(section, expected):
    assert _pairs("mixed_state_laws.txt")[section][:2] == expected


def test_executive_order_targeting_state_laws_is_preemption():
    found = _pairs("executive_order.txt")
    assert found["Sec. 2"][:2] == ("preemption", "government_agency")
    assert found["Sec. 3"][0] == "preemption"
    assert "Section 1" not in found


def test_all_capital_text_is_read_in_sentence_case_with_the_same_length():
    text = "1. A LARGE DEVELOPER SHALL NOT DEPLOY A FRONTIER MODEL IF DOING SO WOULD CREATE AN UNREASONABLE RISK.\n"
    folded = fold_capitals(text)
    assert len(folded) == len(text)
    assert folded.startswith("1. A large developer shall not deploy")


def test_an_all_capital_duty_is_extracted_and_quoted_as_printed():
    text = "§ 5. DUTIES. 1. A LARGE DEVELOPER SHALL NOT DEPLOY A MODEL IF DOING SO WOULD CREATE AN UNREASONABLE RISK OF CRITICAL HARM.\n"
    (found,) = extract(text, ai_only=False)
    assert found.category == "duty_of_care"
    assert found.text.startswith("A LARGE DEVELOPER SHALL NOT")


def test_a_penalty_for_a_subsequent_violation_named_before_the_amount():
    text = "not exceed $1,000,000 for the first violation. For a subsequent violation, the penalty may not exceed $3,000,000."
    assert attrs.parse_penalties(text) == {
        "penalty_max_usd": 1_000_000,
        "penalty_repeat_max_usd": 3_000_000,
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("(Source: P.A. 104-538, eff. 1-1-27.)", "2027-01-01"),
        ("Beginning January first, two thousand twenty-eight, the office shall", "2028-01-01"),
    ],
)
def test_effective_dates_in_numeric_and_spelled_forms(text, expected):
    assert attrs.parse_effective_date(text) == expected


def test_the_act_effective_date_applies_to_every_duty():
    text = "Section 5. Duty. A developer shall test its model.\nSection 99. Effective date. This Act takes effect January 1, 2027.\n"
    (found,) = extract(text, ai_only=False)
    assert found.attributes["effective_date"] == "2027-01-01"


def test_each_january_thereafter_is_a_yearly_frequency():
    assert (
        attrs.parse_frequency("By January 1, 2029, and by each January 1 thereafter, the Agency")
        == "P1Y"
    )


@pytest.mark.parametrize(
    ("text", "category"),
    [
        (
            "Section 35. Home rule. This Section is a denial and limitation of home rule powers.",
            "preemption",
        ),
        (
            "Sec. 4. (b) This subdivision shall not apply to a statement made in good faith.",
            "affirmative_defense",
        ),
        (
            "Sec. 4. (c) A developer shall annually retain a third party to perform an independent audit.",
            "third_party_audit",
        ),
        (
            "Sec. 4. (d) No developer may deploy a model without having a disclosure statement filed with the office.",
            "government_reporting",
        ),
    ],
)
def test_generic_category_rules(text, category):
    assert [o.category for o in extract(text, ai_only=False)] == [category]


def test_an_order_that_creates_no_right_is_a_negated_private_action():
    text = "Sec. 4. (c) This order is not intended to, and does not, create any right or benefit enforceable at law by any party."
    (found,) = extract(text, ai_only=False)
    assert (found.category, found.attributes.get("negated")) == ("private_right_of_action", True)


def test_an_auditor_duty_is_part_of_the_audit_and_not_cited_alone():
    text = "Sec. 4. (a) The third party shall produce a report that includes the findings.\n"
    assert extract(text) == []


@pytest.mark.corpus
def test_illinois_enrolled_act_cites_sections_and_home_rule(corpus_dir):
    name = "bill_texts/IL_SB0315_104th_PA104-0538_AI_Safety_Measures_Act_enrolled.txt"
    _, found = extract_file(corpus_dir / name)
    sections = {(o.section, o.category) for o in found}
    assert ("Section 10(b)(1)", "safety_framework") in sections
    assert ("Section 35", "preemption") in sections
    penalty = next(o for o in found if o.section == "Section 25(a)")
    assert penalty.attributes["penalty_repeat_max_usd"] == 3_000_000


@pytest.mark.corpus
def test_new_york_capitalised_print_yields_its_duties(corpus_dir):
    _, found = extract_file(corpus_dir / "bill_texts/NY_S6953A_2025_RAISE_Act_print_A.txt")
    categories = {o.category for o in found}
    assert {"incident_reporting", "third_party_audit", "civil_penalty"} <= categories
