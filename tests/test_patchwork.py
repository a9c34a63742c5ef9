"""The patchwork report on small hand-made laws: values per state, the one program, totals, what stays apart."""

from datetime import date

import pytest

from bills.applicability import Profile
from bills.patchwork.report import build_patchwork
from tests.factories import make_bill, make_obligation

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 30)


def _frontier(*states, **overrides) -> Profile:
    """A frontier developer; law only, as the patchwork's API and page default to."""
    return Profile(
        ("frontier_developer",), states=tuple(states), include_pending=False, **overrides
    )


def _category(patchwork, code):
    return next(c for c in patchwork.categories if c.code == code)


def _choice(category, name):
    return next(c for c in category.program if c.name == name)


@pytest.fixture
def laws():
    ny = make_bill("US-NY", "S 6953", effective_date=date(2027, 1, 1))
    ca = make_bill("US-CA", "SB 53", effective_date=date(2026, 1, 1))
    make_obligation(
        ny,
        text="A frontier developer shall report an incident to the office within 72 hours.",
        attributes={"deadline": "PT72H", "recipient": "the office"},
    )
    make_obligation(
        ca,
        text="A frontier developer shall report an incident to the Office of Emergency Services within 15 days.",
        attributes={"deadline": "P15D", "recipient": "Office of Emergency Services"},
    )
    make_obligation(ny, "record_retention", attributes={"retention": "P5Y", "frequency": "P1Y"})
    make_obligation(ca, "record_retention", attributes={"retention": "P7Y", "frequency": "P3M"})
    make_obligation(ny, "safety_framework", attributes={"compute_threshold_flop": 1e26})
    make_obligation(ca, "safety_framework", attributes={"compute_threshold_flop": 3e25})
    make_obligation(
        ca, "civil_penalty", "attorney_general", attributes={"penalty_max_usd": 1_000_000}
    )
    return ny, ca


def test_each_state_keeps_its_own_deadline_and_the_program_takes_the_shorter(laws):
    patchwork = build_patchwork(_frontier("US-NY", "US-CA"), TODAY)
    incident = _category(patchwork, "incident_reporting")
    assert {c.jurisdiction: c.values["deadline"].label for c in incident.states} == {
        "US-CA": "15 days",
        "US-NY": "72 h",
    }
    deadline = _choice(incident, "deadline")
    assert (deadline.value_label, deadline.set_by, deadline.satisfies) == (
        "72 h",
        ["US-NY"],
        ["US-CA", "US-NY"],
    )


def test_the_program_keeps_the_longest_retention_most_frequent_review_and_lowest_threshold(laws):
    patchwork = build_patchwork(_frontier("US-NY", "US-CA"), TODAY)
    retention = _category(patchwork, "record_retention")
    assert _choice(retention, "retention").value_label == "kept 7 years"
    assert _choice(retention, "frequency").value_label == "quarterly"
    framework = _category(patchwork, "safety_framework")
    assert _choice(framework, "compute_threshold_flop").set_by == ["US-CA"]
    assert _choice(framework, "compute_threshold_flop").value == 3e25


def test_a_duty_without_its_own_penalty_carries_its_laws_and_enforcement_is_not_a_duty(laws):
    patchwork = build_patchwork(_frontier("US-NY", "US-CA"), TODAY)
    incident = _category(patchwork, "incident_reporting")
    ca = next(c for c in incident.states if c.jurisdiction == "US-CA")
    assert ca.values["penalty_max_usd"].label == "$1M/violation"
    assert "civil_penalty" not in {c.code for c in patchwork.categories}


def test_legal_state_says_in_force_or_not_yet_effective(laws):
    patchwork = build_patchwork(_frontier("US-NY", "US-CA"), TODAY)
    incident = _category(patchwork, "incident_reporting")
    assert {c.jurisdiction: c.legal_state for c in incident.states} == {
        "US-CA": "in_force",
        "US-NY": "enacted_not_effective",
    }
    assert build_patchwork(_frontier("US-NY"), date(2027, 1, 1)).categories[0].states[
        0
    ].legal_state == ("in_force")


def test_reports_to_each_states_office_stay_state_specific_one_per_state(laws):
    patchwork = build_patchwork(_frontier("US-NY", "US-CA"), TODAY)
    incident = _category(patchwork, "incident_reporting")
    assert [(s.kind, s.jurisdiction, s.what) for s in incident.specific] == [
        ("own_office", "US-CA", "to Office of Emergency Services (US-CA)"),
        ("own_office", "US-NY", "to the office (US-NY)"),
    ]


def test_totals_add_up(laws):
    totals = build_patchwork(_frontier("US-NY", "US-CA"), TODAY).totals["law"]
    assert (totals.states, totals.state_duties, totals.program_duties) == (2, 6, 3)
    assert totals.covered + totals.conflicts == totals.state_duties
    assert totals.state_specific == 2  # the two offices
    assert totals.obligations == 6


def test_dead_bills_never_count_and_pending_bills_only_in_their_layer():
    dead = make_bill("US-CA", "SB 9", status="vetoed")
    make_obligation(dead, attributes={"deadline": "PT24H"})
    pending = make_bill("US-CO", "SB 4", status="in_committee")
    make_obligation(pending, attributes={"deadline": "PT48H"})
    law = make_bill("US-NY", "S 1")
    make_obligation(law, attributes={"deadline": "PT72H"})
    profile = _frontier("US-NY", "US-CA", "US-CO")
    shown = build_patchwork(profile, TODAY)
    assert _choice(_category(shown, "incident_reporting"), "deadline").value_label == "72 h"
    assert shown.totals["law"].state_duties == 1
    assert shown.totals["with_pending"].state_duties == 2
    with_pending = build_patchwork(
        Profile(("frontier_developer",), states=profile.states, include_pending=True), TODAY
    )
    incident = _category(with_pending, "incident_reporting")
    assert _choice(incident, "deadline").value_label == "48 h"
    assert {c.jurisdiction: c.legal_state for c in incident.states} == {
        "US-CO": "pending",
        "US-NY": "in_force",
    }


def test_a_threshold_the_profile_does_not_meet_drops_the_duty(laws):
    patchwork = build_patchwork(_frontier("US-NY", "US-CA", training_compute_flop=5e25), TODAY)
    framework = _category(patchwork, "safety_framework")
    assert [c.jurisdiction for c in framework.states] == ["US-CA"]


def test_states_default_to_every_state(laws):
    patchwork = build_patchwork(_frontier(), TODAY)
    assert [s["code"] for s in patchwork.states] == ["US-CA", "US-NY"]


def test_a_state_that_forbids_what_another_requires_is_a_conflict():
    ny = make_bill("US-NY", "S 1")
    tx = make_bill("US-TX", "HB 1")
    make_obligation(
        ny, "public_disclosure", "developer", text="A developer shall publish a summary."
    )
    make_obligation(
        tx,
        "prohibited_practice",
        "developer",
        text="A developer shall not publish the weights of a model.",
    )
    patchwork = build_patchwork(Profile(("developer",), states=("US-NY", "US-TX")), TODAY)  # fmt: skip
    disclosure = _category(patchwork, "public_disclosure")
    (conflict,) = disclosure.conflicts
    assert conflict.why == "required in US-NY, forbidden in US-TX"
    assert conflict.forbidding[0]["rule"] == "forbid-disclose"
    assert disclosure.covered == [] and disclosure.states[0].conflict
    totals = patchwork.totals["law"]
    assert (totals.conflicts, totals.program_duties) == (1, 1)  # the prohibition itself is unified
    assert totals.covered + 1 == totals.state_duties


def test_a_condition_is_not_a_prohibition():
    ny = make_bill("US-NY", "S 1")
    il = make_bill("US-IL", "SB 1")
    make_obligation(
        ny, "public_disclosure", "developer", text="A developer shall publish a summary."
    )
    make_obligation(
        il,
        "prohibited_practice",
        "developer",
        text="A developer shall not deploy a model without a disclosure statement on file with the Agency.",
    )
    patchwork = build_patchwork(Profile(("developer",), states=("US-NY", "US-IL")), TODAY)
    assert _category(patchwork, "public_disclosure").conflicts == []
    prohibited = _category(patchwork, "prohibited_practice")
    assert [(s.kind, s.rule) for s in prohibited.specific] == [("state_filing", "on-file")]


def test_a_duty_one_state_denies_conflicts_with_the_same_duty_required_elsewhere():
    ny = make_bill("US-NY", "S 1")
    fl = make_bill("US-FL", "HB 1")
    make_obligation(ny, "opt_out", "deployer", text="A deployer shall let a consumer opt out.")
    make_obligation(
        fl,
        "opt_out",
        "deployer",
        text="A deployer is not required to offer an opt-out.",
        attributes={"negated": True},
    )
    patchwork = build_patchwork(Profile(("deployer",), states=("US-NY", "US-FL")), TODAY)
    (conflict,) = _category(patchwork, "opt_out").conflicts
    assert [r["jurisdiction"] for r in conflict.requiring] == ["US-NY"]
    assert conflict.forbidding[0]["rule"] == "negated"


def test_distance_is_zero_for_the_state_that_sets_the_program_and_grows_with_the_gap(laws):
    patchwork = build_patchwork(_frontier("US-NY", "US-CA"), TODAY)
    incident = _category(patchwork, "incident_reporting")
    distances = {c.jurisdiction: c.distance for c in incident.states}
    assert distances["US-NY"] == 0.0
    assert 0 < distances["US-CA"] < 1
