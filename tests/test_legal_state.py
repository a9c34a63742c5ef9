"""bills.legal_state: stored legal states, their transitions, and what counts as law on a date."""

from __future__ import annotations

from datetime import date

import pytest

from bills.legal_state import (
    advance_legal_states,
    counted_obligations,
    recompute_legal_states,
    refresh_bill,
)
from bills.models import Bill, BillAction, ChangeEvent, LegislativeSession, Obligation, RelatedBill
from tests.factories import make_bill, make_jurisdiction, make_obligation, make_version

pytestmark = pytest.mark.django_db

CHAPTER_AMENDMENT_TEXT = (
    "AN ACT to amend a chapter of the laws of 2025. Section 1. Findings. "
    "§ 2. Article 44-B of the general business law, as added by chapter 699 of the laws of 2025, "
    "is REPEALED and a new article 44-B is added to read as follows: ARTICLE 44-B ..."
)


def _link(bill: Bill, relation: str, other: Bill) -> None:
    RelatedBill.objects.create(
        bill=bill,
        relation=relation,
        jurisdiction_code=other.jurisdiction.code,
        session_identifier=other.session.identifier,
        identifier=other.identifier,
        related=other,
    )


def _reload(row):
    row.refresh_from_db()
    return row


def test_a_vetoed_bill_is_dead_with_the_veto_date_as_its_reason():
    bill = make_bill("US-CA", "SB 1047", status="vetoed", status_date=date(2024, 9, 29))
    assert (bill.legal_state, bill.legal_state_reason) == ("dead", "vetoed 2024-09-29")


def test_an_enacted_law_waits_for_its_effective_date_then_is_in_force():
    law = make_bill(
        "US-CA", "SB 53", status_date=date(2025, 9, 29), effective_date=date(2026, 1, 1)
    )
    ob = make_obligation(law)
    refresh_bill(law, on=date(2025, 12, 31))
    law, ob = _reload(law), _reload(ob)
    assert law.legal_state == "enacted_not_effective"
    assert "takes effect 2026-01-01" in law.legal_state_reason
    assert ob.legal_state == "enacted_not_effective"
    assert advance_legal_states(on=date(2026, 1, 1)) == 1
    law, ob = _reload(law), _reload(ob)
    assert (law.legal_state, ob.legal_state) == ("in_force", "in_force")
    event = ChangeEvent.objects.filter(kind="legal_state_changed").order_by("-id").first()
    assert (event.details["from"], event.details["to"]) == ("enacted_not_effective", "in_force")


def test_a_chapter_amendment_supersedes_the_chapter_it_rewrites_before_it_takes_effect():
    original = make_bill(
        "US-NY",
        "S 6953",
        chapter="Chapter 699 of 2025",
        status_date=date(2025, 12, 19),
        effective_date=date(2027, 1, 1),
    )
    old_duty = make_obligation(original, attributes={"deadline": "PT72H"})
    amendment = make_bill(
        "US-NY",
        "S 8828",
        chapter="Chapter 96 of 2026",
        status_date=date(2026, 3, 27),
        effective_date=date(2027, 1, 1),
    )
    text = make_version(amendment, "S8828", CHAPTER_AMENDMENT_TEXT)
    new_duty = make_obligation(amendment, version=text, attributes={"deadline": "PT72H"})
    _link(amendment, "chapter_amendment_of", original)
    recompute_legal_states(on=date(2026, 6, 30))
    original = _reload(original)
    assert original.legal_state == "superseded"
    assert original.legal_state_reason == "superseded by S 8828, chapter 96 of 2026"
    assert _reload(old_duty).legal_state == "superseded"
    counted = counted_obligations(date(2026, 6, 30))
    assert list(counted.values_list("pk", "state_on_date")) == [
        (new_duty.pk, "enacted_not_effective")
    ]
    # Before the amendment was signed, the original counted (not yet effective).
    assert list(counted_obligations(date(2026, 1, 15)).values_list("pk", flat=True)) == [
        old_duty.pk
    ]


def test_a_session_ending_kills_its_pending_bills_unless_they_carry_over():
    place = make_jurisdiction("US-CO", name="Colorado")
    annual = LegislativeSession.objects.create(
        jurisdiction=place, identifier="2024", end_date=date(2024, 5, 8)
    )
    died = make_bill("US-CO", "HB 1", session=annual, status="in_committee")
    assert died.legal_state == "dead"
    assert "the 2024 session ended 2024-05-08" in died.legal_state_reason
    ny = make_jurisdiction("US-NY")
    first_year = LegislativeSession.objects.create(
        jurisdiction=ny, identifier="2025", end_date=date(2025, 6, 17)
    )
    carried = make_bill("US-NY", "S 1", session=first_year, status="in_committee")
    refresh_bill(carried, on=date(2025, 9, 1))
    assert _reload(carried).legal_state == "pending"
    refresh_bill(carried, on=date(2027, 1, 1))
    assert _reload(carried).legal_state == "dead"


def test_counted_obligations_leave_out_pending_bills_unless_asked():
    law = make_bill("US-CA", status_date=date(2025, 9, 29), effective_date=date(2026, 1, 1))
    pending = make_bill(
        "US-CA", status="in_committee", status_date=date(2026, 2, 1), first_action_date=None
    )
    BillAction.objects.create(bill=pending, date=date(2026, 2, 1), text="Introduced", order=0)
    refresh_bill(pending)
    in_law = make_obligation(law)
    proposed = make_obligation(pending)
    on = date(2026, 6, 30)
    assert set(counted_obligations(on).values_list("pk", flat=True)) == {in_law.pk}
    both = counted_obligations(on, include_pending=True).values_list("pk", "state_on_date")
    assert set(both) == {(in_law.pk, "in_force"), (proposed.pk, "pending")}


def test_an_injunction_stops_a_law_counting_from_the_order():
    law = make_bill("US-CO", "SB 24-205", effective_date=date(2026, 6, 30))
    make_obligation(law)
    law.enjoined_on, law.enjoined_order = date(2026, 4, 27), "X.AI LLC v. Weiser (D. Colo.)"
    law.save()
    refresh_bill(law, on=date(2026, 7, 1))
    law = _reload(law)
    assert law.legal_state == "enjoined"
    assert "X.AI LLC v. Weiser" in law.legal_state_reason
    assert not counted_obligations(date(2026, 7, 1)).exists()
    assert Obligation.objects.get().legal_state == "enjoined"


def test_the_command_runs_the_daily_step_and_rejects_a_bad_date():
    from io import StringIO

    from django.core.management import CommandError, call_command

    make_bill("US-CA", status_date=date(2025, 9, 29), effective_date=date(2026, 1, 1))
    out = StringIO()
    call_command("recompute_legal_states", "--all", "--date", "2025-10-01", stdout=out)
    call_command("recompute_legal_states", "--date", "2026-01-02", stdout=out)
    assert out.getvalue().splitlines()[-1] == "legal states as of 2026-01-02: 1 bill(s) changed"
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("recompute_legal_states", "--date", "soon")
