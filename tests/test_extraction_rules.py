"""Every row of the rule table fires on its example and stays silent on its counter-example.

The rows carry their own examples (``bills.extraction.rules.TOPIC_RULES``), so a
new rule cannot land without a positive and a negative case; the end-to-end
cases below check the conventions of the taxonomy on whole sentences.
"""

from __future__ import annotations

import pytest

from bills.extraction import extract
from bills.extraction.rules import RULE_BY_ID, TOPIC_RULES
from bills.vocabulary.taxonomy import CATEGORY_CODES


def test_rule_ids_are_unique_and_name_taxonomy_categories():
    assert len(RULE_BY_ID) == len(TOPIC_RULES)
    assert all(rule.category in CATEGORY_CODES for rule in TOPIC_RULES)


@pytest.mark.parametrize("rule", TOPIC_RULES, ids=lambda rule: rule.id)
def test_rule_fires_on_its_example(rule):
    assert rule.search(rule.example, rule.example.lower())


@pytest.mark.parametrize("rule", TOPIC_RULES, ids=lambda rule: rule.id)
def test_rule_is_silent_on_its_counter_example(rule):
    assert rule.search(rule.counter, rule.counter.lower()) is None


def _found(text: str) -> list[tuple[str, str]]:
    return [(o.category, o.actor) for o in extract(text)]


def test_each_obligation_keeps_its_rule_and_trigger_words():
    text = "An operator of an AI companion chatbot shall maintain a protocol for addressing suicidal ideation."
    (found,) = extract(text)
    assert found.rule_id == "crisis.self_harm_protocol"
    assert text[found.trigger_start : found.trigger_end] == "suicid"


def test_may_not_unless_gives_the_prohibition_and_its_condition():
    text = (
        "A licensed professional may not use artificial intelligence to provide therapy unless "
        "the professional obtains the client's written informed consent."
    )
    assert set(_found(text)) == {
        ("prohibited_practice", "regulated_professional"),
        ("consent", "regulated_professional"),
    }


def test_a_prohibition_without_a_condition_has_no_condition_duty():
    text = (
        "A licensed professional may not use artificial intelligence to make therapeutic decisions."
    )
    assert _found(text) == [("prohibited_practice", "regulated_professional")]


def test_a_consumer_protection_act_violation_is_enforcement():
    text = (
        "A violation of this chapter by a deployer of an artificial intelligence system constitutes "
        "an unfair or deceptive act or practice under the Consumer Protection Act."
    )
    assert [c for c, _ in _found(text)] == ["enforcement_authority"]


def test_a_violation_that_is_not_a_trade_practice_is_not_enforcement():
    text = "A deployer of an artificial intelligence system shall not engage in unfair pricing."
    assert "enforcement_authority" not in [c for c, _ in _found(text)]


def test_a_department_that_enforces_is_the_enforcement_authority():
    text = "The Department of Labor shall administer and enforce this article on automated employment decision tools."
    assert [c for c, _ in _found(text)] == ["enforcement_authority"]


def test_a_safe_harbour_not_called_a_defense_is_one():
    text = "An operator of an artificial intelligence chatbot that complies with this section is considered compliant and shall not be liable."
    assert [c for c, _ in _found(text)] == ["affirmative_defense"]


def test_a_penalty_stated_as_the_violators_duty_is_a_civil_penalty():
    text = "A deployer of an artificial intelligence system that violates this act shall pay a civil penalty of not more than $10,000 per violation."
    (found,) = extract(text)
    assert found.category == "civil_penalty" and found.attributes["penalty_max_usd"] == 10000


def test_human_review_before_an_ai_decision_is_human_oversight():
    text = "A health carrier shall ensure that artificial intelligence is not the sole means used to deny care."
    assert _found(text) == [("human_oversight", "insurer")]


def test_data_deletion_is_a_data_right_and_not_a_report():
    text = "An operator of an artificial intelligence companion shall delete the user's data within 30 days of a request."
    assert _found(text) == [("data_rights", "provider")]
