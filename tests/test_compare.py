import pytest

from bills.compare import compare_bills
from tests.factories import make_bill, make_obligation

pytestmark = pytest.mark.django_db


@pytest.fixture
def ny_and_ca():
    ny = make_bill("US-NY", "S 6953", popular_name="RAISE Act")
    ca = make_bill("US-CA", "SB 53", popular_name="TFAIA")
    make_obligation(ny, attributes={"deadline": "PT72H"})
    make_obligation(ca, attributes={"deadline": "P15D"})
    make_obligation(ny, "civil_penalty", "other", attributes={"penalty_max_usd": 1_000_000})
    make_obligation(ca, "civil_penalty", "other", attributes={"penalty_max_usd": 1_000_000})
    make_obligation(ca, "whistleblower_protection", "developer")
    return ny, ca


def _category(comparison, code):
    return next(c for c in comparison.categories if c.code == code)


def test_the_shorter_deadline_is_the_strictest(ny_and_ca):
    ny, ca = ny_and_ca
    deadline = _category(compare_bills([ny.pk, ca.pk]), "incident_reporting").attributes[0]
    assert (deadline.values, deadline.differ, deadline.strictest) == (
        {ny.pk: "72 h", ca.pk: "15 days"},
        True,
        [ny.pk],
    )


def test_equal_penalties_do_not_differ_and_name_no_strictest(ny_and_ca):
    ny, ca = ny_and_ca
    penalty = _category(compare_bills([ny.pk, ca.pk]), "civil_penalty").attributes[0]
    assert (penalty.values, penalty.differ, penalty.strictest) == (
        {ny.pk: "$1M/violation", ca.pk: "$1M/violation"},
        False,
        [],
    )


def test_the_higher_penalty_is_the_strictest():
    a, b = make_bill("US-NY", "A 1"), make_bill("US-CA", "AB 2")
    make_obligation(a, "civil_penalty", "other", attributes={"penalty_max_usd": 1_000_000})
    make_obligation(b, "civil_penalty", "other", attributes={"penalty_max_usd": 3_000_000})
    penalty = _category(compare_bills([a.pk, b.pk]), "civil_penalty").attributes[0]
    assert penalty.strictest == [b.pk]


def test_the_lower_compute_threshold_is_the_strictest():
    a, b = make_bill("US-NY", "A 1"), make_bill("US-CA", "AB 2")
    make_obligation(a, "safety_framework", attributes={"compute_threshold_flop": 1e26})
    make_obligation(b, "safety_framework", attributes={"compute_threshold_flop": 1e25})
    threshold = _category(compare_bills([a.pk, b.pk]), "safety_framework").attributes[0]
    assert (threshold.values[b.pk], threshold.strictest) == ("≥ 1e25 FLOP", [b.pk])


def test_a_category_only_one_bill_has_lists_nothing_for_the_other(ny_and_ca):
    ny, ca = ny_and_ca
    category = _category(compare_bills([ny.pk, ca.pk]), "whistleblower_protection")
    assert category.obligations[ny.pk] == []
    assert len(category.obligations[ca.pk]) == 1
    assert category.attributes == []


def test_bills_keep_the_order_asked_for_and_cite_their_text(ny_and_ca):
    ny, ca = ny_and_ca
    comparison = compare_bills([ca.pk, ny.pk])
    assert [b["identifier"] for b in comparison.bills] == ["SB 53", "S 6953"]
    cited = _category(comparison, "incident_reporting").obligations[ca.pk][0]
    assert cited["text"].startswith("A frontier_developer shall comply")
    assert cited["labels"] == ["15 days"]


def test_a_bill_with_several_values_is_represented_by_its_strictest():
    a, b = make_bill("US-NY", "A 1"), make_bill("US-CA", "AB 2")
    make_obligation(a, attributes={"deadline": "P15D"})
    make_obligation(a, attributes={"deadline": "PT24H"})
    make_obligation(b, attributes={"deadline": "P15D"})
    deadline = _category(compare_bills([a.pk, b.pk]), "incident_reporting").attributes[0]
    assert (deadline.values[a.pk], deadline.strictest) == ("24 h", [a.pk])


def test_a_vetoed_bill_is_shown_but_never_the_strictest():
    from datetime import date

    law = make_bill("US-CA", "SB 53", effective_date=date(2026, 1, 1))
    vetoed = make_bill("US-CA", "SB 1047", status="vetoed", status_date=date(2024, 9, 29))
    make_obligation(law, attributes={"deadline": "P15D"})
    make_obligation(vetoed, attributes={"deadline": "PT72H"})
    comparison = compare_bills([vetoed.pk, law.pk], as_of=date(2026, 6, 30))
    deadline = _category(comparison, "incident_reporting").attributes[0]
    assert (deadline.values, deadline.strictest) == (
        {vetoed.pk: "72 h", law.pk: "15 days"},
        [law.pk],
    )
    assert [
        (b["identifier"], b["legal_state"], b["legal_state_reason"]) for b in comparison.bills
    ] == [
        ("SB 1047", "dead", "vetoed 2024-09-29"),
        ("SB 53", "in_force", "in force since 2026-01-01; enacted 2025-12-19"),
    ]


def test_a_pending_bill_competes_only_when_pending_bills_are_asked_for():
    from datetime import date

    law = make_bill("US-CA", "SB 53", effective_date=date(2026, 1, 1))
    pending = make_bill("US-CA", "AB 9", status="in_committee", status_date=date(2026, 2, 1))
    make_obligation(law, attributes={"deadline": "P15D"})
    make_obligation(pending, attributes={"deadline": "PT72H"})
    on = date(2026, 6, 30)
    law_only = _category(compare_bills([law.pk, pending.pk], as_of=on), "incident_reporting")
    layered = _category(
        compare_bills([law.pk, pending.pk], as_of=on, include_pending=True), "incident_reporting"
    )
    assert law_only.attributes[0].strictest == [law.pk]
    assert layered.attributes[0].strictest == [pending.pk]
