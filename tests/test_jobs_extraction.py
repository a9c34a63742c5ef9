"""The job layer never loses an extraction: marked in the ingest transaction, queued after commit,
swept up after a crash or a broker outage, and idempotent when it runs twice."""

from __future__ import annotations

import ast
import logging
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone
from kombu.exceptions import OperationalError

from bills.ingest import ingest_record
from bills.models import BillVersion, Obligation
from bills.obligations import extract_for_version, pending_versions
from jobs import queueing
from jobs.tasks import (
    extract_version_obligations,
    extract_versions_obligations,
    sweep_pending_extraction,
)
from scrapers.records import VersionRecord
from tests.record_factory import make_record

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent
DUTY = (
    "Section 2. A large developer of a frontier artificial intelligence model shall report each safety incident to the attorney general "
    "within seventy-two hours of learning of it. A violation is subject to a civil penalty "
    "of up to one million dollars."
)


def _record(text: str = DUTY, label: str = "S1"):
    return make_record(versions=[VersionRecord(label, text=text)])


def _extractions(queued: list) -> list:
    """The extraction batches among what a commit queued (it queues search indexing too)."""
    return [callback for callback in queued if isinstance(callback, queueing.ExtractionBatch)]


@pytest.fixture
def broker_down(monkeypatch):
    """Every ``delay`` fails as it does when Redis refuses the connection."""

    def refuse(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(extract_version_obligations, "delay", refuse)
    monkeypatch.setattr(extract_versions_obligations, "delay", refuse)
    monkeypatch.setattr(queueing, "OUTAGE", queueing._Outage())
    yield


def test_ingest_marks_a_new_text_in_its_own_transaction_and_extraction_clears_the_mark(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=False) as queued:
        ingest_record(_record())
    version = BillVersion.objects.get()
    assert version.extraction_pending_since is not None  # committed with the bill
    assert len(_extractions(queued)) == 1  # and the job layer queues it only after commit
    _extractions(queued)[0]()
    version.refresh_from_db()
    assert version.extraction_pending_since is None
    assert version.extracted_sha256 == version.sha256
    assert Obligation.objects.filter(version=version).exists()


def test_the_versions_one_transaction_marked_are_queued_as_one_batch(
    django_capture_on_commit_callbacks,
):
    from django.db import transaction

    with django_capture_on_commit_callbacks(execute=False) as queued, transaction.atomic():
        ingest_record(_record())
        ingest_record(make_record(identifier="S 2", versions=[VersionRecord("S2", text=DUTY)]))
    [batch] = _extractions(queued)
    assert sorted(batch.version_ids) == sorted(BillVersion.objects.values_list("pk", flat=True))
    batch()  # eager: the task runs here
    assert pending_versions() == [] and Obligation.objects.values("bill").distinct().count() == 2


def test_a_rolled_back_transaction_queues_no_batch(django_capture_on_commit_callbacks):
    from django.db import transaction

    with django_capture_on_commit_callbacks(execute=False) as queued:
        with transaction.atomic():
            ingest_record(_record())
            transaction.set_rollback(True)
        ingest_record(make_record(identifier="S 2", versions=[VersionRecord("S2", text=DUTY)]))
    [batch] = _extractions(queued)
    assert batch.version_ids == [BillVersion.objects.get().pk]


def test_a_large_batch_is_queued_as_tasks_of_at_most_extraction_batch(monkeypatch):
    sent = []
    monkeypatch.setattr(extract_versions_obligations, "delay", lambda ids: sent.append(ids))
    assert queueing.enqueue_extractions(list(range(1, 61)) + [5])
    assert [len(ids) for ids in sent] == [25, 25, 10]
    assert sorted(i for ids in sent for i in ids) == list(range(1, 61))


@pytest.mark.django_db(transaction=True)
def test_extract_pending_in_worker_processes_does_what_one_process_does(settings):
    from django.db import connection

    from bills.obligations import extract_pending

    if connection.vendor != "postgresql":
        pytest.skip("forked workers need a database server (PostgreSQL)")
    for n in range(60):  # three batches: two processes share them
        text = DUTY.replace("seventy-two", ["twenty-four", "forty-eight", "seventy-two"][n % 3])
        ingest_record(make_record(identifier=f"S {n}", versions=[VersionRecord("S", text=text)]))
    BillVersion.objects.update(extraction_pending_since=timezone.now())
    Obligation.objects.all().delete()
    BillVersion.objects.update(extracted_sha256="")
    results = extract_pending(workers=2)
    assert len(results) == 60 and not any(r.get("skipped") for r in results)
    assert pending_versions() == []
    per_bill = Obligation.objects.values("bill").distinct().count()
    assert per_bill == 60 and connection.is_usable()  # this process's connection is back
    from bills import totals

    assert totals.differences() == []


def test_a_version_without_text_is_never_marked(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as queued:
        ingest_record(_record(text=""))
    assert _extractions(queued) == [] and pending_versions() == []


def test_a_changed_text_is_marked_again(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        ingest_record(_record())
    with django_capture_on_commit_callbacks(execute=False) as queued:
        assert ingest_record(_record(DUTY + " Section 3. Takes effect.")).result == "updated"
    assert pending_versions() == [BillVersion.objects.get().pk] and len(_extractions(queued)) == 1


def test_a_process_killed_after_commit_leaves_the_mark_and_the_sweeper_extracts_it(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=False):  # died before queuing
        ingest_record(_record())
    with django_capture_on_commit_callbacks(execute=True):
        assert ingest_record(_record()).result == "unchanged"  # a re-run sees nothing new
    assert not Obligation.objects.exists()
    assert sweep_pending_extraction.delay().get() == 0  # within the grace period: left alone
    BillVersion.objects.update(extraction_pending_since=timezone.now() - timedelta(hours=1))
    assert sweep_pending_extraction.delay().get() == 1  # eager: queued and run
    assert Obligation.objects.exists() and pending_versions() == []


def test_with_the_broker_down_the_bill_is_stored_not_failed_and_logged_once(
    broker_down, django_capture_on_commit_callbacks, caplog
):
    from bills.runs import ingest_many

    records = [_record(), make_record(identifier="S 2", versions=[VersionRecord("S2", text=DUTY)])]
    with caplog.at_level(logging.ERROR, logger="jobs.queueing"):
        with django_capture_on_commit_callbacks(execute=True):
            run = ingest_many(records, source="test")
    assert (run.status, run.inserted, run.failed) == ("succeeded", 2, 0)
    assert len(pending_versions()) == 2
    outage_logs = [r for r in caplog.records if "stays marked" in r.getMessage()]
    assert len(outage_logs) == 1 and "Connection refused" in outage_logs[0].getMessage()


def test_the_sweeper_leaves_marks_in_place_while_the_broker_is_down(broker_down):
    ingest_record(_record())
    BillVersion.objects.update(extraction_pending_since=timezone.now() - timedelta(hours=1))
    assert sweep_pending_extraction() == 0
    assert len(pending_versions()) == 1


def test_extract_obligations_pending_does_what_is_left_without_a_worker(broker_down, capsys):
    ingest_record(_record())
    call_command("extract_obligations", "--pending")
    assert "1 versions extracted" in capsys.readouterr().out
    assert pending_versions() == [] and Obligation.objects.exists()
    call_command("extract_obligations", "--pending")
    assert "0 versions extracted" in capsys.readouterr().out


def test_extraction_twice_is_a_no_op_even_when_the_second_started_before_the_first_stored(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=False):
        ingest_record(_record())
    version = BillVersion.objects.get()
    calls = []

    def racing_extractor(text: str):
        from bills.extraction import extract

        if not calls:  # while the first run extracts, a redelivered copy finishes
            calls.append(1)
            extract_for_version(version.pk)
        return extract(text)

    summary = extract_for_version(version.pk, racing_extractor)
    first_count = Obligation.objects.count()
    assert summary["skipped"] is True and first_count > 0
    assert extract_for_version(version.pk)["skipped"] is True
    assert Obligation.objects.count() == first_count


def test_the_domain_never_imports_the_job_layer():
    offenders = []
    for path in (ROOT / "bills").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module or ""]
            offenders += [
                f"{path.relative_to(ROOT)}: {n}" for n in names if n.split(".")[0] == "jobs"
            ]
    assert offenders == []
