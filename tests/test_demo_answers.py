"""The law in force on the demo data (``make demo``): the answers count law only, once, on its dates.

The demo holds what the issue found wrong: a vetoed California bill with a
72-hour deadline, a substituted New York companion with a $10M penalty, a
vetoed Virginia bill, and the RAISE Act twice (chapter 699 of 2025 and its
chapter amendment, chapter 96 of 2026, which replaced it before either took
effect on 2027-01-01). Loaded once for the module, with extraction.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from bills.applicability import Profile, applicable_obligations
from bills.importing import import_jsonl_path
from bills.legal_state import counted_obligations
from bills.matrix import STRICTEST_COLUMNS, MatrixFilters, build_matrix
from bills.matrix_cell import cell_page, listed
from bills.models import Bill, ChangeEvent, Jurisdiction, LegislativeSession, ScrapeRun
from vocabulary.legal_states import COUNTED

DEMO = Path(__file__).resolve().parent.parent / "demo" / "demo_bills.jsonl"
DAYS = (date(2026, 6, 30), date(2026, 11, 30), date(2027, 1, 2))
NOT_LAW = {"SB 1047", "A 6453", "S 6953", "HB 2094", "SB 2"}
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module", autouse=True)
def demo(django_db_setup, django_db_blocker):
    from regtracker.celery import app

    eager = app.conf.task_always_eager
    app.conf.task_always_eager = True
    with django_db_blocker.unblock():
        run = import_jsonl_path(DEMO, source="demo")
        assert (run.status, run.inserted) == ("succeeded", 16)
        yield
        ChangeEvent.objects.all().delete()
        Bill.objects.all().delete()
        LegislativeSession.objects.all().delete()
        Jurisdiction.objects.all().delete()
        ScrapeRun.objects.all().delete()
    app.conf.task_always_eager = eager


def _bill(identifier: str) -> Bill:
    return Bill.objects.get(identifier=identifier)


def test_the_stored_states_and_reasons_are_those_a_reader_expects():
    states = {b.identifier: (b.legal_state, b.legal_state_reason) for b in Bill.objects.all()}
    assert states["SB 1047"] == ("dead", "vetoed 2024-09-29")
    assert states["HB 2094"] == ("dead", "vetoed 2025-03-24")
    assert states["S 6953"] == ("superseded", "superseded by S 8828, chapter 96 of 2026")
    assert states["A 6453"][0] == "superseded"
    assert states["A 6453"][1].startswith("substituted by S 6953")
    assert states["SB 2"] == (
        "dead",
        "died without enactment: the 2025 session ended 2025-06-04",
    )
    assert states["S 2938"][0] == "pending"


@pytest.mark.parametrize("day", DAYS)
def test_no_cell_of_the_default_matrix_comes_from_a_bill_that_is_not_law(day):
    matrix = build_matrix(MatrixFilters(as_of=day))
    named, states = set(), set()
    for cell in matrix.cells:  # every obligation each cell lists, through its drill-down
        page = cell_page(
            replace(matrix.filters, jurisdiction=cell.jurisdiction, category=cell.category),
            page_size=1000,
        )
        assert len(page.obligations) == cell.obligation_count
        named |= {b["identifier"] for b in page.bills.values()}
        states |= {b["legal_state"] for b in page.bills.values()}
        states |= {ob["legal_state"] for ob in listed(page)}
    assert named and not named & NOT_LAW
    assert states <= set(COUNTED)
    assert all(b["legal_state"] in COUNTED for b in matrix.bills.values())
    assert not [c for c in matrix.cells if c.jurisdiction == "US-VA"]


@pytest.mark.parametrize("day", DAYS)
def test_every_strictest_value_is_the_strictest_among_the_counted_obligations(day):
    expected: dict[tuple, dict] = defaultdict(dict)
    for ob in counted_obligations(day).select_related("jurisdiction"):
        key = (ob.jurisdiction.code, ob.category)
        for column, attribute in STRICTEST_COLUMNS:
            value = getattr(ob, column)
            if value is None:
                continue
            best = expected[key].get(attribute)
            if best is None or (value > best if column == "penalty_max_usd" else value < best):
                expected[key][attribute] = value
    matrix = build_matrix(MatrixFilters(as_of=day))
    found = {
        (c.jurisdiction, c.category): {k: v["value"] for k, v in c.strictest.items()}
        for c in matrix.cells
        if c.strictest
    }
    assert found == {k: v for k, v in expected.items() if v}
    for cell in matrix.cells:
        for source in cell.strictest.values():
            assert source["legal_state"] in COUNTED
            assert matrix.bills[source["bill_id"]]["identifier"] == source["bill"]


def test_the_strictest_values_the_issue_quoted_now_come_from_the_laws_in_force():
    matrix = build_matrix(MatrixFilters(as_of=date(2026, 11, 30)))
    deadline = matrix.cell("US-CA", "incident_reporting").strictest["deadline"]
    assert (deadline["label"], deadline["bill"], deadline["legal_state"]) == (
        "15 days",
        "SB 53",
        "in_force",
    )
    penalty = matrix.cell("US-NY", "civil_penalty").strictest["penalty_max_usd"]
    assert (penalty["label"], penalty["bill"], penalty["legal_state"], penalty["from"]) == (
        "$1M/violation",
        "S 8828",
        "enacted_not_effective",
        date(2027, 1, 1),
    )


def _report(day: date):
    states = tuple(Jurisdiction.objects.exclude(kind="federal").values_list("code", flat=True))
    return applicable_obligations(
        Profile(
            roles=("frontier_developer", "developer", "deployer", "provider", "employer"),
            annual_revenue_usd=1_000_000_000,
            training_compute_flop=1e27,
            training_cost_usd=500_000_000,
            states=states,
            as_of=day,
        )
    )


@pytest.mark.parametrize("day", DAYS)
def test_what_applies_lists_law_only_and_never_a_duty_twice_for_a_law_and_its_amendment(day):
    report = _report(day)
    findings = [f for c in report.categories for f in c.findings]
    assert findings
    assert not {f.bill for f in findings} & NOT_LAW
    by_duty = defaultdict(set)
    for f in findings:
        by_duty[(f.jurisdiction, f.category, f.section, f.text)].add(f.bill)
    assert all(len(bills) == 1 for bills in by_duty.values())
    ny = {f.bill for f in findings if f.jurisdiction == "US-NY"}
    assert ny == {"S 8828"}


@pytest.mark.parametrize("day", DAYS)
def test_nothing_is_called_in_force_before_its_effective_date(day):
    for finding in (f for c in _report(day).categories for f in c.findings):
        assert finding.legal_state in COUNTED
        assert finding.in_force == (finding.legal_state == "in_force")
        if finding.legal_state == "in_force":
            assert finding.effective_from <= day
        else:
            assert finding.effective_from > day
            assert any(r.endswith(f"(from {finding.effective_from})") for r in finding.reasons)


def test_the_raise_act_is_from_2027_before_it_takes_effect_and_in_force_after():
    before = [f for c in _report(date(2026, 6, 30)).categories for f in c.findings]
    after = [f for c in _report(date(2027, 1, 2)).categories for f in c.findings]
    raise_before = {f.legal_state for f in before if f.bill == "S 8828"}
    raise_after = {(f.legal_state, f.effective_from) for f in after if f.bill == "S 8828"}
    assert raise_before == {"enacted_not_effective"}
    assert ("in_force", date(2027, 1, 1)) in raise_after


@pytest.mark.parametrize(
    ("day", "alive"), [(date(2025, 3, 1), "HB 2094"), (date(2025, 5, 20), "SB 2")]
)
def test_pending_bills_are_a_separate_layer_that_never_sets_the_strictest_value(day, alive):
    law = build_matrix(MatrixFilters(as_of=day))
    layered = build_matrix(MatrixFilters(as_of=day, include_pending=True))
    for cell in layered.cells:
        if law.cell(cell.jurisdiction, cell.category) is None:
            assert (cell.obligation_count, cell.strictest) == (0, {})
        else:
            assert cell.strictest == law.cell(cell.jurisdiction, cell.category).strictest
    pending = set()
    for cell in layered.cells:
        if cell.pending:
            zoom = replace(layered.filters, jurisdiction=cell.jurisdiction, category=cell.category)
            page = cell_page(zoom, page_size=1000)
            listed_pending = [ob for ob in listed(page) if ob["layer"] == "pending"]
            assert len(listed_pending) == cell.pending.obligation_count
            pending |= {page.bills[ob["bill_id"]]["identifier"] for ob in listed_pending}
    assert alive in pending  # not yet vetoed, or its session not yet over
