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
from bills.models import (
    Bill,
    BillAction,
    BillVersion,
    ChangeEvent,
    LegislativeSession,
    Obligation,
    RelatedBill,
)
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


# --- Transitions ----------------------------------------------------------------------------


def test_a_veto_on_a_later_scrape_kills_a_pending_bill_and_records_the_change(no_extraction):
    from bills.ingest import ingest_record
    from scrapers.records import ActionRecord
    from tests.record_factory import make_record

    ingest_record(make_record())
    bill = Bill.objects.get()
    assert bill.legal_state == "pending"
    vetoed = make_record()
    vetoed.actions.append(ActionRecord(date(2025, 6, 13), "PASSED ASSEMBLY", "lower"))
    vetoed.actions.append(ActionRecord(date(2025, 12, 1), "VETOED MEMO.150", "executive"))
    ingest_record(vetoed)
    bill = _reload(bill)
    assert (bill.legal_state, bill.legal_state_reason) == ("dead", "vetoed 2025-12-01")
    event = ChangeEvent.objects.get(kind="legal_state_changed")
    assert event.details | {"obligations": []} == {
        "from": "pending",
        "to": "dead",
        "reason": "vetoed 2025-12-01",
        "from_reason": "introduced 2025-03-27; pending in the 2025-2026 session",
        "since": "2025-12-01",
        "bill_changed": True,
        "obligations": [],
    }


def test_a_two_year_session_keeps_its_bills_alive_until_the_biennium_ends():
    bill = make_bill("US-CA", "AB 1", status="in_committee", status_date=date(2025, 2, 1))
    refresh_bill(bill, on=date(2026, 12, 31))
    assert _reload(bill).legal_state == "pending"
    refresh_bill(bill, on=date(2027, 1, 1))
    bill = _reload(bill)
    assert bill.legal_state == "dead"
    assert (
        bill.legal_state_reason == "died without enactment: the 2025-2026 session ended 2026-12-31"
    )


def test_a_bill_that_passed_the_legislature_waits_for_the_governor_after_adjournment():
    place = make_jurisdiction("US-CT", name="Connecticut")
    session = LegislativeSession.objects.create(
        jurisdiction=place, identifier="2025", end_date=date(2025, 6, 4)
    )
    bill = make_bill("US-CT", "SB 9", session=session, status="passed_legislature")
    refresh_bill(bill, on=date(2025, 7, 1))
    assert _reload(bill).legal_state == "pending"
    refresh_bill(bill, on=date(2026, 6, 5))
    assert _reload(bill).legal_state == "dead"


def test_new_jersey_and_virginia_carry_bills_over_from_the_even_year():
    from bills.sessions import carries_over

    assert carries_over("US-VA", "2026") and not carries_over("US-VA", "2025")
    assert carries_over("US-NY", "2025") and not carries_over("US-NY", "2026")
    assert not carries_over("US-CO", "2025")
    assert not carries_over("US-NY", "2025-2026")  # a biennium already ends when it does


def test_a_companion_substituted_for_an_enacted_bill_is_superseded_else_dead():
    passed = make_bill("US-NY", "S 6953")
    other = make_bill("US-NY", "A 6453", status="substituted", status_date=date(2025, 6, 12))
    _link(other, "replaced_by", passed)
    refresh_bill(other)
    other = _reload(other)
    assert other.legal_state == "superseded"
    assert other.legal_state_reason == "substituted by S 6953 2025-06-12, which passed instead"
    passed.status = "vetoed"
    passed.save()
    refresh_bill(other)
    assert _reload(other).legal_state == "dead"


def test_an_amendment_taking_effect_later_leaves_the_original_in_force_until_then():
    original = make_bill(
        "US-NY", "S 1", chapter="Chapter 5 of 2025", effective_date=date(2026, 1, 1)
    )
    duty = make_obligation(original)
    amendment = make_bill(
        "US-NY", "S 2", status_date=date(2026, 3, 1), effective_date=date(2026, 9, 1)
    )
    make_version(amendment, "S2", CHAPTER_AMENDMENT_TEXT.replace("699", "5"))
    _link(original, "amended_by", amendment)
    recompute_legal_states(on=date(2026, 6, 1))
    assert _reload(original).legal_state == "in_force"
    assert list(counted_obligations(date(2026, 8, 31)).values_list("pk", flat=True)) == [duty.pk]
    assert not counted_obligations(date(2026, 9, 1)).filter(pk=duty.pk).exists()
    assert _reload(original).legal_state_until == date(2026, 9, 1)


def test_a_later_executive_order_that_revokes_an_earlier_one_repeals_it_without_a_link():
    earlier = make_bill(
        "US", "EO 14110", kind="executive_order", status="published", status_date=date(2023, 10, 30)
    )
    duty = make_obligation(earlier, "agency_directive", "government_agency")
    later = make_bill(
        "US", "EO 14148", kind="executive_order", status="published", status_date=date(2025, 1, 20)
    )
    make_version(
        later,
        "Federal Register",
        "Sec. 2. Executive Order 14110 of October 30, 2023 (Safe, Secure, and Trustworthy "
        "Development and Use of Artificial Intelligence) is hereby revoked.",
    )
    from bills.legal_state import refresh_around

    refresh_around(later)
    earlier = _reload(earlier)
    assert (earlier.legal_state, earlier.legal_state_reason) == ("repealed", "revoked by EO 14148")
    assert _reload(duty).legal_state == "repealed"
    assert counted_obligations(date(2024, 6, 1)).filter(pk=duty.pk).exists()


def test_a_duty_with_its_own_later_start_waits_for_it_while_its_law_is_in_force():
    law = make_bill("US-CA", "SB 53", effective_date=date(2026, 1, 1))
    later = make_obligation(law, attributes={"effective_date": "2027-01-01"}, section="22757.14")
    now = make_obligation(law, "civil_penalty", "other")
    refresh_bill(law, on=date(2026, 6, 30))
    later, now = _reload(later), _reload(now)
    assert (now.legal_state, later.legal_state) == ("in_force", "enacted_not_effective")
    assert "Section 22757.14 applies from 2027-01-01" in later.legal_state_reason
    assert later.in_force_from == date(2027, 1, 1)


@pytest.mark.corpus
def test_a_partial_amendment_supersedes_only_the_sections_it_rewrites(corpus_dir):
    texts = corpus_dir / "bill_texts"
    enrolled = (texts / "IL_SB0315_104th_PA104-0538_AI_Safety_Measures_Act_enrolled.txt").read_text(
        encoding="utf-8"
    )
    omnibus = (texts / "IL_HB2949_104th_PA104-0466_FY2027_Budget_Implementation_Act.txt").read_text(
        encoding="utf-8"
    )
    place = make_jurisdiction("US-IL", name="Illinois")
    session = LegislativeSession.objects.create(jurisdiction=place, identifier="104")
    act = make_bill(
        "US-IL",
        "SB 315",
        session=session,
        chapter="Public Act 104-0538",
        status_date=date(2026, 7, 6),
        effective_date=date(2027, 1, 1),
    )
    version = make_version(act, "Public Act 104-0538", enrolled)
    # Extracted obligations of this layout carry no section label: the position decides.
    duties = {
        number: make_obligation(
            act, version=version, section="", start=enrolled.index(heading) + 40
        )
        for number, heading in (
            ("10", "Section 10. Frontier"),
            ("18", "Section 18. Large frontier developer disclosure."),
            ("25", "Section 25. Civil penalty."),
        )
    }
    budget = make_bill(
        "US-IL",
        "HB 2949",
        session=session,
        chapter="Public Act 104-0466",
        status_date=date(2026, 6, 16),
        effective_date=date(2026, 6, 16),
    )
    make_version(budget, "Public Act 104-0466", omnibus)
    _link(act, "amended_by", budget)
    recompute_legal_states(on=date(2026, 8, 1))
    act = _reload(act)
    assert act.legal_state == "enacted_not_effective"  # the rest of the Act stands
    states = {
        n: (_reload(ob).legal_state, _reload(ob).legal_state_reason) for n, ob in duties.items()
    }
    assert states == {
        "10": ("enacted_not_effective", act.legal_state_reason),
        "18": (
            "superseded",
            "Section 18 superseded by HB 2949, Public Act 104-0466, which rewrote it",
        ),
        "25": (
            "superseded",
            "Section 25 superseded by HB 2949, Public Act 104-0466, which rewrote it",
        ),
    }
    counted = set(counted_obligations(date(2027, 1, 2)).values_list("pk", flat=True))
    assert counted == {duties["10"].pk}


@pytest.mark.corpus
def test_a_section_that_expires_stops_counting_then_and_is_listed_as_upcoming(corpus_dir):
    from bills.legal_state import upcoming_changes

    text = (
        corpus_dir / "bill_texts" / "WA_SB5838_2024_AI_Task_Force_session_law_walaw.md"
    ).read_text(encoding="utf-8")
    act = make_bill(
        "US-WA", "SB 5838", status_date=date(2024, 3, 26), effective_date=date(2024, 3, 26)
    )
    version = make_version(act, "Session law", text)
    duty = make_obligation(
        act, "agency_directive", "attorney_general", version=version, section="",
        start=text.index("## Section 2") + 40,
    )  # fmt: skip
    refresh_bill(act, on=date(2026, 1, 1))
    duty = _reload(duty)
    assert (duty.legal_state, duty.law_until) == ("in_force", date(2027, 6, 30))
    assert duty.legal_timeline[-1]["reason"] == "expired: This section expires June 30, 2027"
    assert not counted_obligations(date(2027, 6, 30)).filter(pk=duty.pk).exists()
    changes = upcoming_changes(date(2026, 1, 1))
    assert [(c["date"], c["bill"], c["state"], c["duties"]) for c in changes] == [
        (date(2027, 6, 30), "SB 5838", "repealed", 1)
    ]


@pytest.mark.corpus
def test_an_article_takes_the_later_of_its_signing_and_another_bills_effective_date(corpus_dir):
    omnibus = (
        corpus_dir
        / "bill_texts"
        / "IL_HB2949_104th_PA104-0466_FY2027_Budget_Implementation_Act.txt"
    ).read_text(encoding="utf-8")
    place = make_jurisdiction("US-IL", name="Illinois")
    session = LegislativeSession.objects.create(jurisdiction=place, identifier="104")
    make_bill(
        "US-IL", "SB 315", session=session, status_date=date(2026, 7, 6),
        effective_date=date(2027, 1, 1),
    )  # fmt: skip
    budget = make_bill(
        "US-IL", "HB 2949", session=session, status_date=date(2026, 6, 16),
        effective_date=date(2026, 6, 16),
    )  # fmt: skip
    version = make_version(budget, "Public Act 104-0466", omnibus)
    at = omnibus.index("Sec. 25. Civil penalty.")
    penalty = make_obligation(
        budget, "civil_penalty", "other", version=version, section="", start=at
    )
    elsewhere = make_obligation(
        budget, "agency_directive", "government_agency", version=version, section="", start=300
    )
    refresh_bill(budget, on=date(2026, 8, 1))
    penalty, elsewhere = _reload(penalty), _reload(elsewhere)
    assert (elsewhere.legal_state, elsewhere.in_force_from) == ("in_force", date(2026, 6, 16))
    assert (penalty.legal_state, penalty.in_force_from) == (
        "enacted_not_effective",
        date(2027, 1, 1),
    )
    assert (
        "Article 40 takes effect upon becoming law or on the effective date of Senate Bill 315"
        in (penalty.legal_state_reason)
    )


def test_migrate_backfills_bills_stored_before_legal_states_existed():
    from bills.apps import backfill_legal_states

    law = make_bill("US-CA", "SB 53", status_date=date(2025, 9, 29))
    Bill.objects.filter(pk=law.pk).update(legal_timeline=[], legal_state_since=None, law_from=None)
    backfill_legal_states(sender=None)
    law = _reload(law)
    assert (law.legal_state, law.law_from) == ("in_force", date(2025, 9, 29))


def test_duties_with_different_states_are_written_each_with_its_own():
    """``write_states``: duties of one law whose sections take effect on different dates get
    different values; written in one statement from arrays on PostgreSQL, grouped otherwise."""
    from bills.legal_state import STATE_FIELDS, write_states

    bill = make_bill("US-NY", "S 1", status="enacted", status_date=date(2025, 12, 19))
    early, late = make_obligation(bill), make_obligation(bill)
    early.legal_state, early.law_from, early.in_force_from = "in_force", date(2026, 1, 1), None
    early.legal_timeline = [{"state": "in_force", "start": "2026-01-01"}]
    late.legal_state, late.law_from = "enacted_not_effective", date(2026, 1, 1)
    late.in_force_from, late.legal_state_reason = date(2027, 6, 30), "section 4 from 2027-06-30"
    late.legal_timeline = [{"state": "enacted_not_effective", "start": "2026-01-01"}]
    write_states([early, late])
    for written in (early, late):
        stored = Obligation.objects.get(pk=written.pk)
        assert {n: getattr(stored, n) for n in STATE_FIELDS} == {
            n: getattr(written, n) for n in STATE_FIELDS
        }


def test_a_texts_layout_is_kept_by_its_hash_and_read_again_when_the_text_changes():
    from bills.legal_facts import TextLayout

    bill = make_bill("US-NY", "S 1")
    version = make_version(
        bill, text="Section 1. Short title.\nSection 2. Takes effect 2027-01-01."
    )
    first = TextLayout.of_versions({version.pk: version.sha256})[version.pk]
    assert TextLayout.of_versions({version.pk: version.sha256})[version.pk] is first  # kept
    version.text, version.sha256 = "Section 7. New.", "b" * 64
    version.save()
    changed = TextLayout.of_versions({version.pk: version.sha256})[version.pk]
    assert changed is not first and [h[1] for h in changed.headings] != [
        h[1] for h in first.headings
    ]


def test_upcoming_duty_changes_are_read_soonest_first_whatever_their_order_of_insertion(
    monkeypatch,
):
    """Only the first ``DUTIES_READ`` duties of each kind are read: they must be the soonest."""
    from bills import law_changes

    act = make_bill("US-CO", "SB 24-205", status_date=date(2024, 5, 17))
    days = [date(2029, 1, 1), date(2028, 1, 1), date(2027, 3, 1), date(2027, 2, 1)]
    duties = [  # inserted latest first: the soonest has the highest id
        make_obligation(act, "impact_assessment", "deployer", section=f"Section {n + 2}")
        for n in range(len(days))
    ]
    for duty, day in zip(duties, days, strict=True):  # as a section-level clause dates them
        period = {"from": day.isoformat(), "state": "in_force", "reason": f"from {day}"}
        Obligation.objects.filter(pk=duty.pk).update(
            in_force_from=day, legal_timeline=[period], is_current=True
        )
    monkeypatch.setattr(law_changes, "DUTIES_READ", 2)
    changes = law_changes.upcoming_changes(date(2026, 1, 1))
    assert [(c["date"], c["sections"], c["duties"]) for c in changes] == [
        (date(2027, 2, 1), ["Section 5"], 1),
        (date(2027, 3, 1), ["Section 4"], 1),
    ]
    in_colorado = law_changes.upcoming_changes(date(2027, 2, 1), Bill.objects.filter(pk=act.pk))
    assert [c["date"] for c in in_colorado] == [date(2027, 3, 1), date(2028, 1, 1)]


def test_an_extraction_stores_its_duties_with_the_states_a_full_rederivation_gives():
    """``derive_new_duties`` states rows before their insert: the same as ``refresh_bill`` after."""
    from bills.obligations import extract_for_version

    text = (
        "AN ACT relating to automated decision systems.\n\n"
        'Section 1. Definitions. "Deployer" means a person doing business in this state '
        "that deploys a high-risk artificial intelligence system.\n\n"
        "Section 2. A deployer shall complete an impact assessment of each high-risk "
        "artificial intelligence system annually.\n\n"
        "Section 3. A deployer shall notify a consumer within thirty days after a "
        "consequential decision is made concerning the consumer.\n\n"
        "Section 4. Section 3 of this act takes effect January 1, 2028.\n"
    )
    act = make_bill(
        "US-WA", "SB 6001", status="enacted", status_date=date(2026, 3, 20),
        effective_date=date(2026, 6, 11),
    )  # fmt: skip
    version = make_version(act, "Session law", text)
    BillVersion.objects.filter(pk=version.pk).update(extracted_sha256="")  # extracted here
    assert extract_for_version(version.pk)["obligations"] >= 2
    fields = ("pk", "section", "legal_state", "in_force_from", "law_from", "legal_timeline")
    stored = list(Obligation.objects.filter(version=version).order_by("pk").values(*fields))
    assert {ob["in_force_from"] for ob in stored if ob["section"] == "Section 3"} == {
        date(2028, 1, 1)
    }
    assert all(ob["legal_timeline"] and ob["law_from"] == date(2026, 3, 20) for ob in stored)
    refresh_bill(act)
    assert list(Obligation.objects.filter(version=version).order_by("pk").values(*fields)) == stored
