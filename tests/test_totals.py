"""The maintained totals (``bills.totals``) equal a computation from scratch after every kind of write.

Writes here really commit (``transactional_db``), as in production: each kind
of write (ingest, extraction, the legal-state recompute, an editor's save and
action in the admin, deletions, a raw update) must leave the cell totals and
the status counts equal to what the obligations and bills say, with no mark
left, in the transaction that wrote.
"""

import json
from datetime import date, timedelta

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from bills import totals
from bills.ingest import ingest_record
from bills.legal_state import advance_legal_states, recompute_legal_states, today
from bills.matrix import MatrixFilters, build_matrix
from bills.models import (
    Bill,
    BillCount,
    MatrixCellMark,
    MatrixCellTotal,
    Obligation,
    TotalsDay,
)
from bills.obligations import extract_for_version
from scrapers.records import ActionRecord, VersionRecord
from scrapers.text import clean_bill_text
from tests.factories import make_bill, make_obligation
from tests.record_factory import make_record

pytestmark = pytest.mark.django_db(transaction=True)


def maintained() -> dict:
    return totals.maintained_rows()


def from_scratch() -> dict:
    return totals.from_scratch()


def assert_current() -> None:
    assert not MatrixCellMark.objects.exists()  # flushed in the writing transaction
    assert TotalsDay.objects.get().day == today()
    assert maintained() == from_scratch()
    counted = totals.counted_from_scratch()  # bills by place, status and legal state
    assert totals.bill_counts() == counted
    assert BillCount.objects.count() <= len(counted) + totals.FOLD_AFTER + 1  # folded when many
    statuses = {s: Bill.objects.filter(status=s).count() for s in {k[1] for k in counted}}
    assert totals.status_counts() == statuses
    assert totals.differences() == []


@pytest.fixture
def raise_text(corpus_dir) -> str:
    raw = (corpus_dir / "bill_texts/NY_S8828_2025-26_RAISE_Act_chapter96_of_2026.txt").read_text()
    return clean_bill_text(raw).text


def signed(identifier: str, text: str, **overrides):
    actions = [
        ActionRecord(date(2025, 3, 27), "REFERRED TO INTERNET AND TECHNOLOGY", "upper"),
        ActionRecord(date(2025, 12, 19), "SIGNED CHAP.96", "executive"),
    ]
    values = {"versions": [VersionRecord(identifier.replace(" ", ""), text=text)], **overrides}
    return make_record(identifier=identifier, actions=actions, related_bills=[], **values)


def test_ingest_and_extraction_keep_the_totals_current(
    raise_text, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # extraction runs after the commit
        ingest_record(signed("S 8828", raise_text))
        ingest_record(make_record(identifier="S 1", related_bills=[]))  # pending, no duties
    assert Obligation.objects.filter(law_from__isnull=False).exists()
    assert any(key[2] == "law" for key in maintained())
    assert_current()
    # A later text of the same bill: re-extraction replaces its duties.
    shorter = raise_text[: len(raise_text) // 2]
    with django_capture_on_commit_callbacks(execute=True):
        ingest_record(signed("S 8828", raise_text, versions=[
            VersionRecord("S8828", text=raise_text), VersionRecord("S8828A", text=shorter),
        ]))  # fmt: skip
    assert_current()


def test_extraction_and_the_legal_state_recompute_keep_the_totals_current(raise_text):
    bill = make_bill("US-NY", "S 8828", status="in_committee", status_date=date(2025, 3, 1))
    version = bill.versions.create(label="S8828", text=raise_text, sha256="a")
    extract_for_version(version.pk)
    assert_current()
    assert not any(key[2] == "law" for key in maintained())  # pending only
    Bill.objects.filter(pk=bill.pk).update(status="enacted", status_date=date(2025, 12, 19))
    bill.actions.create(date=date(2025, 12, 19), text="SIGNED CHAP.96", actor="executive", order=1)
    recompute_legal_states([bill.pk])  # the duties become law
    assert any(key[2] == "law" for key in maintained())
    assert_current()


def admin_form_data(client, obligation: Obligation, **changes) -> dict:
    """What the admin's change form posts for this obligation, with ``changes``."""
    response = client.get(f"/admin/bills/obligation/{obligation.pk}/change/")
    form = response.context["adminform"].form
    data = {}
    for name in form.fields:
        value = changes.get(name, form[name].value())
        if isinstance(value, bool):
            if value:
                data[name] = "on"
        elif isinstance(value, dict | list):
            data[name] = json.dumps(value)
        elif value is not None:
            data[name] = str(value)
    return data


def test_admin_edits_actions_and_deletions_keep_the_totals_current(client):
    ny = make_bill("US-NY", "S 6953")
    ca = make_bill("US-CA", "SB 53")
    first = make_obligation(ny, attributes={"deadline": "PT72H"})
    make_obligation(ny, "civil_penalty", "other", attributes={"penalty_max_usd": 1_000_000})
    make_obligation(ca, attributes={"deadline": "P15D"})
    assert_current()
    editor = User.objects.create_superuser("editor", "e@example.org", "pw")
    client.force_login(editor)
    # An editor's correction: the category moves the duty to another cell.
    data = admin_form_data(
        client, first, category="public_disclosure", attributes={"deadline": "PT24H"}
    )
    response = client.post(f"/admin/bills/obligation/{first.pk}/change/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Obligation.objects.get(pk=first.pk).category == "public_disclosure"
    assert_current()
    # The reject action (an UPDATE outside a transaction): the duty leaves the matrix.
    response = client.post(
        "/admin/bills/obligation/",
        {"action": "reject_obligations", "_selected_action": [first.pk]},
    )
    assert response.status_code == 302
    assert Obligation.objects.get(pk=first.pk).review_state == "rejected"
    assert_current()
    # Deleting a bill takes its duties with it.
    ca.delete()
    assert_current()
    with transaction.atomic():  # raw SQL is seen by the triggers too
        with connection.cursor() as cursor:
            cursor.execute("UPDATE bills_obligation SET penalty_max_usd = 5 WHERE bill_id = %s",
                           [ny.pk])  # fmt: skip
            cursor.execute("UPDATE bills_bill SET status = 'vetoed' WHERE id = %s", [ny.pk])
    assert_current()


def test_a_write_not_yet_flushed_is_computed_on_read():
    ny = make_bill("US-NY", "S 6953")
    make_obligation(ny, attributes={"deadline": "PT72H"})
    filters = MatrixFilters()
    before = build_matrix(filters).cells
    with transaction.atomic():  # the commit would flush: read inside the transaction
        ob = make_obligation(ny, attributes={"deadline": "PT1H"})
        assert MatrixCellMark.objects.exists()
        assert maintained() != from_scratch()  # the table waits for the commit...
        cell = build_matrix(filters).cell("US-NY", "incident_reporting")
        assert (cell.obligation_count, cell.labels) == (2, ["1 h"])  # ...the answer does not
        assert cell.strictest["deadline"]["obligation_id"] == ob.pk
        transaction.set_rollback(True)
    assert build_matrix(filters).cells == before
    assert_current()


def test_a_later_day_reads_the_duties_whose_state_changed_and_the_flush_moves_the_totals():
    ny = make_bill("US-NY", "S 6953")
    make_obligation(ny, attributes={"deadline": "PT72H"})
    ca = make_bill("US-CA", "SB 53")
    make_obligation(ca, attributes={"deadline": "P15D"})
    # California's duty became law two days ago (its next change was then)...
    two_days_ago = today() - timedelta(days=2)
    Obligation.objects.filter(bill=ca).update(law_from=two_days_ago, legal_state_until=two_days_ago)
    assert_current()
    # ...and the totals are from five days ago, when it was not law yet.
    TotalsDay.objects.update(day=today() - timedelta(days=5))
    MatrixCellTotal.objects.filter(jurisdiction_id=ca.jurisdiction_id).delete()
    assert maintained() != from_scratch()
    cell = build_matrix(MatrixFilters()).cell("US-CA", "incident_reporting")
    assert (cell.obligation_count, cell.labels) == (1, ["15 days"])  # read from the obligations
    assert build_matrix(MatrixFilters()).cell("US-NY", "incident_reporting").labels == ["72 h"]
    advance_legal_states()  # the daily run flushes: the totals are today's
    assert_current()


def test_rebuild_command_recomputes_everything():
    ny = make_bill("US-NY", "S 6953")
    make_obligation(ny, attributes={"deadline": "PT72H"})
    MatrixCellTotal.objects.all().delete()
    BillCount.objects.all().delete()
    TotalsDay.objects.all().delete()
    assert build_matrix(MatrixFilters()).cell("US-NY", "incident_reporting").labels == ["72 h"]
    with pytest.raises(CommandError):
        call_command("rebuild_totals", "--check")
    call_command("rebuild_totals")
    assert_current()
    call_command("rebuild_totals", "--check")


def test_the_counts_deltas_are_folded_once_many(monkeypatch):
    monkeypatch.setattr(totals, "FOLD_AFTER", 3)
    for n in range(6):
        make_bill("US-NY", f"S {n}", status="in_committee", status_date=date(2025, 3, 1))
    assert BillCount.objects.count() <= 3 + 2  # folded on the way, never far past the bound
    totals.flush()
    assert BillCount.objects.count() == len(totals.counted_from_scratch())  # one row per key
    assert_current()


def test_two_writers_at_once_leave_the_totals_equal_to_a_computation_from_scratch():
    """PostgreSQL (SQLite has one writer): two transactions write duties of the same cell and
    new bills, both uncommitted at once, then commit together; each settles under the lock
    and sees what the other committed, so the totals lose neither."""
    import threading

    if connection.vendor != "postgresql":
        pytest.skip("needs concurrent writers (PostgreSQL)")
    ny = make_bill("US-NY", "S 6953")
    make_obligation(ny, attributes={"deadline": "PT72H"})
    assert_current()
    both_wrote, errors = threading.Barrier(2), []

    def write(number: int, deadline: str) -> None:
        try:
            with transaction.atomic():
                bill = make_bill("US-NY", f"S {number}")
                make_obligation(bill, attributes={"deadline": deadline})
                both_wrote.wait(timeout=30)  # neither has committed yet
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=args) for args in ((1, "PT1H"), (2, "PT2H"))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    cell = build_matrix(MatrixFilters()).cell("US-NY", "incident_reporting")
    assert (cell.obligation_count, cell.bill_count, cell.labels) == (3, 3, ["1 h"])
    assert_current()


def test_a_batch_flushed_once_leaves_its_marks_read_correctly_until_its_end(raise_text):
    """``flushed_once``: the batch's commits leave their cells marked (answers computed on read
    meanwhile), and its end recomputes them once."""
    bills = [make_bill("US-NY", f"S {n}", status="in_committee") for n in (1, 2)]
    versions = [b.versions.create(label="S", text=raise_text, sha256=str(n)) for n, b in
                enumerate(bills)]  # fmt: skip
    with totals.flushed_once():
        extract_for_version(versions[0].pk)
        assert MatrixCellMark.objects.exists()  # committed, not yet recomputed
        read = build_matrix(MatrixFilters(include_pending=True)).cells
        assert maintained() != from_scratch()
        extract_for_version(versions[1].pk)
    assert_current()
    assert read != build_matrix(MatrixFilters(include_pending=True)).cells  # the second counted


def test_a_batch_that_raises_leaves_its_marks_for_the_next_flush(raise_text):
    bill = make_bill("US-NY", "S 1", status="in_committee")
    version = bill.versions.create(label="S", text=raise_text, sha256="a")
    with pytest.raises(RuntimeError), totals.flushed_once():
        extract_for_version(version.pk)
        raise RuntimeError("the worker stops")
    assert MatrixCellMark.objects.exists()
    with transaction.atomic():
        make_obligation(make_bill("US-CA", "SB 1"))  # any writer's commit flushes every mark
    assert_current()
