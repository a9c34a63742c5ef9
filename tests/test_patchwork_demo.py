"""The issue's "done when", on the demo data: a frontier developer in New York and California."""

from datetime import date
from pathlib import Path

import pytest

from bills.applicability import Profile
from bills.importing import import_jsonl_path
from bills.patchwork.report import build_patchwork

pytestmark = pytest.mark.django_db
DEMO = Path(__file__).resolve().parent.parent / "demo" / "demo_bills.jsonl"
AS_OF = date(2026, 11, 30)


@pytest.fixture
def patchwork(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # extraction runs after each commit
        import_jsonl_path(DEMO, source="demo")
    profile = Profile(("frontier_developer",), states=("US-NY", "US-CA"), include_pending=False)
    return build_patchwork(profile, AS_OF)


def _bills(patchwork) -> set[str]:
    return {
        f"{cell.jurisdiction} {duty['bill']}"
        for cat in patchwork.categories
        for cell in cat.states
        for duty in cell.duties
    }


def test_incident_reporting_lists_both_deadlines_and_the_program_takes_the_shorter(patchwork):
    incident = next(c for c in patchwork.categories if c.code == "incident_reporting")
    deadlines = {c.jurisdiction: c.values["deadline"].label for c in incident.states}
    assert deadlines == {"US-CA": "15 days", "US-NY": "72 h"}
    deadline = next(c for c in incident.program if c.name == "deadline")
    assert (deadline.value_label, deadline.set_by) == ("72 h", ["US-NY"])
    assert deadline.satisfies == ["US-CA", "US-NY"]


def test_totals_add_up(patchwork):
    for totals in patchwork.totals.values():
        assert totals.state_duties == sum(len(c.states) for c in patchwork.categories)
        assert (
            totals.covered
            + sum(
                len({r["jurisdiction"] for r in conflict.requiring})
                for c in patchwork.categories
                for conflict in c.conflicts
            )
            == totals.state_duties
        )
        assert totals.program_duties <= totals.state_duties
        assert totals.conflicts <= totals.state_specific


def test_no_dead_or_superseded_bill_counts(patchwork):
    # SB 1047 was vetoed, A 6453 substituted, S 6953 re-written by its chapter amendment S 8828
    assert _bills(patchwork) == {"US-CA SB 53", "US-NY S 8828"}
    assert {"US-CA SB 53", "US-NY S 8828"} == {
        f"{cell.jurisdiction} {duty['bill']}"
        for cat in build_patchwork(
            Profile(("frontier_developer",), states=("US-NY", "US-CA"), include_pending=True),
            AS_OF,
        ).categories
        for cell in cat.states
        for duty in cell.duties
    }


def test_each_duty_is_listed_once_for_a_law_and_its_amendment(patchwork):
    incident = next(c for c in patchwork.categories if c.code == "incident_reporting")
    ny = next(c for c in incident.states if c.jurisdiction == "US-NY")
    assert [(d["bill"], d["section"]) for d in ny.duties] == [("S 8828", "1422(3)")]
    assert ny.legal_state == "enacted_not_effective"  # takes effect 2027-01-01


def test_the_federal_overlay_lists_eo_14365s_items(patchwork):
    items = {(t.bill, t.section) for t in patchwork.federal.targets}
    assert {
        ("EO 14365", "Sec. 3"),
        ("EO 14365", "Sec. 4"),
        ("EO 14365", "Sec. 5(a)"),
        ("EO 14365", "Sec. 5(b)"),
        ("EO 14365", "Sec. 6"),
        ("EO 14365", "Sec. 8"),
    } <= items
    kinds = {k["kind"] for t in patchwork.federal.targets if t.bill == "EO 14365" for k in t.kinds}
    assert {"litigation", "funding_condition", "preemption", "federal_standard"} <= kinds
    task_force = next(t for t in patchwork.federal.targets if t.section == "Sec. 3")
    assert (task_force.date, task_force.due) == (date(2025, 12, 11), date(2026, 1, 10))
    assert {"aim": "looser", "bill": "EO 14365"}.items() <= patchwork.federal.stated_aims[0].items()
