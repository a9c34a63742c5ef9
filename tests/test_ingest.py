"""bills.ingest: idempotent upsert and change events (runs of many records: test_runs)."""

from datetime import date

import pytest

from bills.ingest import ingest_record
from bills.models import Bill, BillVersion, ChangeEvent, RelatedBill
from scrapers.records import ActionRecord, VersionRecord
from tests.record_factory import make_record

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_extraction")]


def test_new_record_inserts_bill_with_children_and_one_event():
    outcome = ingest_record(make_record())
    bill = Bill.objects.get(pk=outcome.bill_id)
    assert outcome.result == "inserted"
    assert (bill.identifier, bill.jurisdiction.code, bill.session.identifier) == (
        "S 6953",
        "US-NY",
        "2025-2026",
    )
    assert bill.actions.count() == 2 and bill.versions.count() == 1
    assert bill.first_action_date == date(2025, 3, 27)
    assert bill.latest_action_date == date(2025, 6, 12)
    assert list(ChangeEvent.objects.values_list("kind", flat=True)) == ["new_bill"]


def test_identical_record_changes_nothing_and_emits_nothing():
    ingest_record(make_record())
    updated_at = Bill.objects.get().updated_at
    outcome = ingest_record(make_record())
    assert outcome.result == "unchanged"
    assert Bill.objects.get().updated_at == updated_at
    assert ChangeEvent.objects.count() == 1


def test_new_actions_are_added_and_status_change_is_recorded():
    ingest_record(make_record())
    later = make_record()
    later.actions.append(ActionRecord(date(2025, 6, 12), "PASSED ASSEMBLY", "lower"))
    later.actions.append(ActionRecord(date(2025, 12, 19), "SIGNED CHAP.699", "executive"))
    outcome = ingest_record(later)
    bill = Bill.objects.get()
    assert outcome.result == "updated"
    assert (bill.status, bill.status_date, bill.chapter) == (
        "enacted",
        date(2025, 12, 19),
        "Chapter 699 of 2025",
    )
    assert list(bill.actions.values_list("order", "text")) == [
        (0, "REFERRED TO INTERNET AND TECHNOLOGY"),
        (1, "PASSED SENATE"),
        (2, "PASSED ASSEMBLY"),
        (3, "SIGNED CHAP.699"),
    ]
    kinds = sorted(ChangeEvent.objects.exclude(kind="new_bill").values_list("kind", flat=True))
    assert kinds == ["details_changed", "legal_state_changed", "new_action", "status_change"]
    status = ChangeEvent.objects.get(kind="status_change").details
    assert (status["from"], status["to"]) == ("passed_one_chamber", "enacted")
    legal = ChangeEvent.objects.get(kind="legal_state_changed").details
    assert (legal["from"], legal["to"]) == ("pending", bill.legal_state)


def test_a_new_version_and_a_changed_text_each_emit_new_version():
    ingest_record(make_record())
    record = make_record()
    record.versions[0].text = "Section 1. Amended."
    record.versions.append(VersionRecord("S6953A", date(2025, 6, 3), text="Section 1. A."))
    ingest_record(record)
    events = ChangeEvent.objects.filter(kind="new_version").order_by("id")
    assert [e.details for e in events] == [
        {"label": "S6953", "change": "text changed"},
        {"label": "S6953A", "change": "added"},
    ]
    assert BillVersion.objects.get(label="S6953").text == "Section 1. Amended."


def test_a_record_without_text_never_erases_stored_text():
    ingest_record(make_record())
    record = make_record(title="A new title")
    record.versions[0].text = ""
    ingest_record(record)
    assert BillVersion.objects.get().text == "Section 1."


def test_related_bill_links_resolve_when_the_other_bill_arrives():
    ingest_record(make_record())
    link = RelatedBill.objects.get()
    assert link.related is None
    ingest_record(make_record(identifier="A 6453", related_bills=[]))
    link.refresh_from_db()
    assert link.related.identifier == "A 6453"


def test_a_partial_list_record_never_moves_status_back_or_overwrites_the_title():
    ingest_record(make_record())
    summary = make_record(title="S 6953 (2025-2026)", partial=True, versions=[], sponsors=[])
    summary.actions = [ActionRecord(date(2025, 3, 27), "REFERRED TO INTERNET AND TECHNOLOGY")]
    ingest_record(summary)
    bill = Bill.objects.get()
    assert (bill.status, bill.title) == ("passed_one_chamber", make_record().title)
    assert bill.actions.count() == 2


def test_a_record_repeating_a_version_label_keeps_the_first_on_insert_and_on_update():
    twice = [VersionRecord("S6953A", text="first"), VersionRecord("S6953A", text="second")]
    ingest_record(make_record(versions=twice[:1]))
    ingest_record(
        make_record(title="Changed title", versions=[VersionRecord("S6953", text="x"), *twice])
    )
    assert dict(BillVersion.objects.values_list("label", "text")) == {
        "S6953A": "first",
        "S6953": "x",
    }
