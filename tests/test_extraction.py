"""End-to-end extraction: categories, actors, attributes, negation, and the gold targets."""

import json
from pathlib import Path

import pytest

from bench.score_extraction import load_scorer
from bills.extraction import extract, extract_file

FIXTURE = Path(__file__).parent / "fixtures/extraction/statute_sample.txt"


@pytest.fixture(scope="module")
def found():
    text = FIXTURE.read_text()
    return text, extract(text, ai_only=False)


def by_category(obligations, category):
    return [o for o in obligations if o.category == category]


def test_offsets_cite_the_text_exactly(found):
    text, obligations = found
    assert obligations and all(text[o.start : o.end] == o.text for o in obligations)


def test_incident_report_carries_deadline_recipient_and_definition_thresholds(found):
    (report,) = by_category(found[1], "incident_reporting")
    assert report.actor == "frontier_developer"
    assert report.attributes["deadline"] == "PT72H"
    assert report.attributes["recipient"] == "the Department"
    assert report.attributes["compute_threshold_flop"] == 1e26
    assert report.attributes["revenue_threshold_usd"] == 500_000_000


def test_retention_prohibition_and_agency_duty_are_classified(found):
    assert by_category(found[1], "record_retention")[0].attributes["retention"] == "P5Y"
    assert by_category(found[1], "prohibited_practice")[0].section == "100.11(c)"
    directive = by_category(found[1], "agency_directive")[0]
    assert directive.attributes["frequency"] == "P1Y" and directive.text.endswith(
        "recommendations."
    )


def test_a_may_permission_is_not_an_obligation(found):
    assert not [o for o in found[1] if o.section == "100.11(d)"]


def test_penalties_and_denied_private_right_of_action(found):
    penalty = by_category(found[1], "civil_penalty")[0]
    assert penalty.attributes["penalty_max_usd"] == 10_000_000
    assert penalty.attributes["penalty_repeat_max_usd"] == 30_000_000
    assert by_category(found[1], "private_right_of_action")[0].attributes["negated"] is True


def test_definitions_are_not_obligations(found):
    assert not [o for o in found[1] if o.section.startswith("100.10")]


@pytest.mark.corpus
@pytest.mark.parametrize(
    "gold_name", ["CA_SB53.json", "TX_ch552.json", "TX_ch553.json", "TX_ch554.json"]
)
def test_gold_targets_are_met(shared_dir, corpus_dir, gold_name):
    gold = json.loads((shared_dir / "spec/gold" / gold_name).read_text())
    _, obligations = extract_file(corpus_dir / gold["document"])
    scores = load_scorer(shared_dir).score(gold, [o.to_dict() for o in obligations])
    assert scores["pair_f1"] >= 0.85
    assert scores["quote_recall"] >= 0.80
    assert scores["quote_precision"] >= 0.75
    assert scores["attribute_accuracy"] >= 0.80


@pytest.mark.corpus
def test_executive_order_sections_are_agency_directives(corpus_dir):
    path = corpus_dir / "federal/federal_register_repo_wrapped/2026-20321_EO14434.json"
    _, obligations = extract_file(path)
    assert obligations
    assert {(o.category, o.actor) for o in obligations} <= {
        ("agency_directive", "government_agency"),
        ("preemption", "government_agency"),
        ("private_right_of_action", "other"),  # "does not create any right or benefit"
    }
