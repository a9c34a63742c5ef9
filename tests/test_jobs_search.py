"""Search indexing in the job layer: ingest marks bills in its own transaction, they are indexed
in bulk after commit, a sweeper or ``index_search --pending`` does what a lost task left, and a
bulk import indexes everything it loaded, in one pass, before it returns."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from bills.ingest import ingest_record
from bills.models import Bill, SearchPassage
from bills.runs import ingest_many
from bills.search import index_pending, search_bills
from jobs import queueing
from jobs.tasks import sweep_pending_search
from scrapers.records import VersionRecord, write_jsonl
from tests.record_factory import make_record

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_extraction")]


def found(query: str) -> list[str]:
    return list(search_bills(query).values_list("identifier", flat=True))


def _record(identifier: str = "S 6953", text: str = "A critical safety incident."):
    return make_record(identifier=identifier, related_bills=[],
                       versions=[VersionRecord("A", text=text)])  # fmt: skip


def test_ingest_marks_the_bill_and_search_sees_it_once_the_commit_has_run_its_task(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        bill_id = ingest_record(_record()).bill_id
    assert Bill.objects.get(pk=bill_id).search_pending_since is not None
    assert found('"safety incident"') == []  # nothing indexed inside the ingest transaction
    for callback in callbacks:
        callback()
    assert found('"safety incident"') == ["S 6953"]
    assert Bill.objects.get(pk=bill_id).search_pending_since is None


def test_a_batch_is_one_indexing_task_after_its_commit(
    monkeypatch, django_capture_on_commit_callbacks
):
    queued = []
    monkeypatch.setattr(queueing, "enqueue_search_index", queued.append)
    with django_capture_on_commit_callbacks(execute=True):
        ingest_many([_record(f"S {n}") for n in range(1, 6)], source="test")
    assert [len(ids) for ids in queued] == [5]


def test_a_changed_bill_is_marked_again_and_an_unchanged_one_is_not(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        ingest_record(_record())
    with django_capture_on_commit_callbacks(execute=False):
        assert ingest_record(_record()).result == "unchanged"
    assert not Bill.objects.filter(search_pending_since__isnull=False).exists()
    with django_capture_on_commit_callbacks(execute=True):
        assert ingest_record(_record(text="Compute thresholds.")).result == "updated"
    assert found("threshold") == ["S 6953"] and found("incident") == []


def test_a_lost_task_leaves_the_mark_and_the_sweeper_indexes_it_after_the_grace_period(
    settings, django_capture_on_commit_callbacks
):
    settings.SEARCH_SWEEP_GRACE_SECONDS = 60
    with django_capture_on_commit_callbacks(execute=False):  # the process died after commit
        ingest_record(_record())
    assert sweep_pending_search() == 0  # still within the grace period of its own task
    Bill.objects.update(search_pending_since=timezone.now() - timedelta(minutes=5))
    assert sweep_pending_search() == 1
    assert found("incident") == ["S 6953"]
    assert sweep_pending_search() == 0


def test_index_search_pending_does_what_is_left_without_a_worker(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=False):
        ingest_many([_record(f"S {n}") for n in range(1, 4)], source="test")
    out = io.StringIO()
    call_command("index_search", "--pending", stdout=out)
    assert out.getvalue().strip() == "3 marked bills indexed"
    assert len(found("incident")) == 3


def test_indexing_twice_writes_nothing_the_second_time(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        bill_id = ingest_record(_record()).bill_id
    assert index_pending([bill_id]) == 1
    passages = list(SearchPassage.objects.values_list("pk", flat=True))
    assert index_pending([bill_id]) == 0  # the mark is gone: a redelivered task is a no-op
    assert list(SearchPassage.objects.values_list("pk", flat=True)) == passages


def test_import_records_queues_nothing_per_batch_and_indexes_the_file_before_returning(
    tmp_path, monkeypatch, django_capture_on_commit_callbacks
):
    path = tmp_path / "records.jsonl"
    with path.open("w") as out:
        write_jsonl([_record(f"S {n}") for n in range(1, 4)], out)
    queued = []
    monkeypatch.setattr(queueing, "enqueue_search_index", queued.append)
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("import_records", str(path), stdout=out, stderr=io.StringIO())
    assert out.getvalue().splitlines()[1] == "3 bills indexed for search"
    assert queued == []
    assert len(found("incident")) == 3
    assert not Bill.objects.filter(search_pending_since__isnull=False).exists()


def test_with_the_broker_down_the_bill_is_stored_and_marked_and_the_sweeper_indexes_it(
    monkeypatch, settings, django_capture_on_commit_callbacks
):
    from kombu.exceptions import OperationalError

    from jobs.tasks import index_search_bills

    def refuse(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(index_search_bills, "delay", refuse)
    monkeypatch.setattr(queueing, "OUTAGE", queueing._Outage())
    with django_capture_on_commit_callbacks(execute=True):
        assert ingest_record(_record()).result == "inserted"
    assert Bill.objects.filter(search_pending_since__isnull=False).count() == 1
    assert found("incident") == []
    settings.SEARCH_SWEEP_GRACE_SECONDS = 0
    assert sweep_pending_search() == 1  # the beat runs it in a worker once the broker is back
    assert found("incident") == ["S 6953"]
