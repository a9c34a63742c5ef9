from datetime import date

import pytest

from bills.applicability import MAY_APPLY, Profile, applicable_obligations, evaluate_thresholds
from tests.factories import make_bill, make_obligation

pytestmark = pytest.mark.django_db
AS_OF = date(2026, 6, 30)


@pytest.fixture
def laws():
    ny = make_bill("US-NY", "S 6953", popular_name="RAISE Act")
    ca = make_bill("US-CA", "SB 53", popular_name="TFAIA")
    co = make_bill("US-CO", "SB 4", status="in_committee")
    make_obligation(ny, attributes={"deadline": "PT72H", "compute_threshold_flop": 1e26})
    make_obligation(ny, "civil_penalty", "other", attributes={"penalty_max_usd": 1_000_000})
    make_obligation(ca, attributes={"deadline": "P15D", "revenue_threshold_usd": 500_000_000})
    make_obligation(ca, "civil_penalty", "other", attributes={"penalty_max_usd": 3_000_000})
    make_obligation(co, "impact_assessment", "deployer")
    return ny, ca, co


def _findings(report):
    return {(c.code, f.jurisdiction, f.outcome) for c in report.categories for f in c.findings}


def test_thresholds_met_apply_and_say_why(laws):
    report = applicable_obligations(
        Profile(("frontier_developer",), 1_000_000_000, 3e26, None, ("US-NY", "US-CA"))
    )
    assert _findings(report) == {
        ("incident_reporting", "US-NY", "applies"),
        ("incident_reporting", "US-CA", "applies"),
    }
    ny = next(f for f in report.categories[0].findings if f.jurisdiction == "US-NY")
    assert ny.reasons == [
        "you are a frontier developer",
        "you operate in New York (in force)",
        "your largest training run 3e26 FLOP ≥ 1e26 FLOP",
    ]


def test_a_threshold_not_met_drops_the_obligation(laws):
    report = applicable_obligations(
        Profile(("frontier_developer",), 10_000_000, 1e24, None, ("US-NY", "US-CA"))
    )
    assert _findings(report) == set()


def test_a_missing_profile_value_gives_may_apply_threshold_unknown(laws):
    report = applicable_obligations(Profile(("frontier_developer",), states=("US-NY",)))
    (finding,) = report.categories[0].findings
    assert finding.outcome == MAY_APPLY
    assert (
        "may apply: threshold unknown (largest training run ≥ 1e26 FLOP; not given)"
        in finding.reasons
    )


def test_strictest_values_across_states_are_the_shortest_deadline_and_highest_penalty(laws):
    report = applicable_obligations(
        Profile(("frontier_developer",), 1_000_000_000, 3e26, None, ("US-NY", "US-CA"))
    )
    strictest = report.categories[0].strictest
    assert strictest["deadline"]["label"] == "72 h"
    assert strictest["deadline"]["bill"] == "US-NY S 6953"
    assert strictest["penalty"]["label"] == "$3M/violation"


def test_enforcement_is_reported_with_the_law_not_as_a_duty(laws):
    report = applicable_obligations(
        Profile(("frontier_developer",), 1_000_000_000, 3e26, None, ("US-NY",))
    )
    assert "civil_penalty" not in {c.code for c in report.categories}
    (law,) = report.laws
    assert (law.bill, [t["labels"] for t in law.enforcement]) == ("S 6953", [["$1M/violation"]])


def test_states_outside_the_profile_and_other_roles_do_not_apply(laws):
    report = applicable_obligations(Profile(("deployer",), states=("US-NY",)))
    assert _findings(report) == set()
    assert report.laws == []


def test_pending_bills_come_only_when_asked_and_marked_pending(laws):
    asked = applicable_obligations(
        Profile(("deployer",), states=("US-CO",), include_pending=True, as_of=AS_OF)
    )
    law_only = applicable_obligations(Profile(("deployer",), states=("US-CO",), as_of=AS_OF))
    assert _findings(asked) == {("impact_assessment", "US-CO", "applies")}
    (finding,) = asked.categories[0].findings
    assert (finding.legal_state, finding.in_force) == ("pending", False)
    assert "you operate in Colorado (pending)" in finding.reasons
    assert asked.categories[0].strictest == {}
    assert _findings(law_only) == set()


def test_federal_items_apply_everywhere_and_preemption_is_noted(laws):
    order = make_bill("US", "EO 14365", kind="executive_order", status="published")
    make_obligation(order, "government_use", "deployer", text="Agencies deploying AI shall ...")
    make_obligation(order, "preemption", "government_agency", text="challenge the laws of New York")
    report = applicable_obligations(Profile(("deployer",), states=("US-NY",)))
    assert _findings(report) == {("government_use", "US", "applies")}
    assert [(n.identifier, n.targets) for n in report.federal_notes] == [("EO 14365", ["US-NY"])]


def test_sectors_add_the_matching_role(laws):
    bill = make_bill("US-CA", "AB 3030")
    make_obligation(bill, "ai_interaction_disclosure", "health_care_provider")
    report = applicable_obligations(
        Profile(("deployer",), states=("US-CA",), sectors=("Health care",))
    )
    assert ("ai_interaction_disclosure", "US-CA", "applies") in _findings(report)


def test_evaluate_thresholds_reads_the_cost_threshold_from_attributes():
    row = {"attributes": {"cost_threshold_usd": 100_000_000}}
    assert (
        evaluate_thresholds(row, Profile(("developer",), training_cost_usd=50_000_000))[0] is None
    )
    assert (
        evaluate_thresholds(row, Profile(("developer",), training_cost_usd=200_000_000))[0]
        == "applies"
    )
