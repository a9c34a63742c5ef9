"""The kinds of AI law the dev gold does not cover, end to end, on short paraphrases.

The fixtures under tests/fixtures/extraction/kinds/ were written for these tests in
the style of each kind (a municipal AI-in-hiring law, an AI-therapy act, a companion
chatbot law, an election deepfake law, a content provenance law, a training-data
transparency law, a federal procurement memorandum); none is a copy of a real text.
Each test names the duties a reader of that kind of law expects to find.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bills.extraction import extract

KINDS = Path(__file__).parent / "fixtures" / "extraction" / "kinds"


def _found(name: str) -> dict[tuple[str, str], dict]:
    found: dict[tuple[str, str], dict] = {}
    for ob in extract((KINDS / name).read_text()):
        found.setdefault((ob.category, ob.actor), {}).update(ob.attributes)
    return found


def test_hiring_law_gives_the_prohibition_its_audit_and_posting_conditions_and_the_notice():
    found = _found("nyc.txt")
    for pair in [
        ("prohibited_practice", "employer"),
        ("third_party_audit", "employer"),
        ("public_disclosure", "employer"),
        ("decision_notice", "employer"),
        ("enforcement_authority", "attorney_general"),
    ]:
        assert pair in found
    assert found[("decision_notice", "employer")]["deadline"] == "P10D"
    penalty = found[("civil_penalty", "attorney_general")]
    assert (penalty["penalty_max_usd"], penalty["penalty_repeat_max_usd"]) == (500, 1500)
    assert not any(actor == "government_agency" for _, actor in found)  # an employment agency


def test_therapy_act_without_ai_in_its_title_is_read_as_an_ai_law():
    found = _found("therapy.txt")
    assert ("consent", "regulated_professional") in found
    assert ("decision_notice", "regulated_professional") in found
    assert ("human_oversight", "provider") in found
    assert found[("civil_penalty", "attorney_general")]["penalty_max_usd"] == 10000
    assert ("enforcement_authority", "attorney_general") in found


def test_companion_chatbot_law_has_crisis_protocol_minor_duties_and_reminders_every_three_hours():
    found = _found("chatbot.txt")
    assert ("ai_interaction_disclosure", "provider") in found
    assert ("crisis_protocol", "provider") in found
    assert found[("minor_protection", "provider")]["frequency"] == "PT3H"
    assert found[("crisis_protocol", "provider")]["recipient"] == "Office of Suicide Prevention"
    assert found[("civil_penalty", "other")]["penalty_max_usd"] == 1000


def test_election_deepfake_law_requires_a_disclaimer_and_gives_relief_and_penalties():
    found = _found("deepfake.txt")
    assert ("prohibited_practice", "provider") in found
    assert ("content_provenance", "provider") in found
    assert ("private_right_of_action", "other") in found
    assert found[("civil_penalty", "attorney_general")]["penalty_repeat_max_usd"] == 5000


def test_provenance_law_duties_take_the_operative_date_and_enforcement_by_the_attorney_general():
    found = _found("provenance.txt")
    assert found[("content_provenance", "provider")]["effective_date"] == "2026-01-01"
    assert ("enforcement_authority", "attorney_general") in found


def test_training_data_law_is_training_data_disclosure_and_its_exemption_is_no_duty():
    found = _found("training.txt")
    assert found[("training_data_disclosure", "developer")]["due_date"] == "2026-01-01"
    assert "effective_date" not in found[("training_data_disclosure", "developer")]  # a scope date
    assert ("prohibited_practice", "developer") not in found


@pytest.mark.parametrize("category", ["government_use", "agency_directive"])
def test_procurement_memo_directs_agencies_and_governs_their_ai_acquisition(category):
    assert (category, "government_agency") in _found("omb.txt")
