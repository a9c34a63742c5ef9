"""Faults injected into real processes on the real PostgreSQL and Redis (CI's second pass).

- the database connection is dropped in the middle of a bill's transaction;
- an import process is killed with SIGKILL in the middle of a run;
- a Celery worker is killed with SIGKILL in the middle of a task;
- the broker is down while bills are imported, and comes back.

Each ends with nothing lost and nothing done twice; each prints a FAULT line
for the summary in the test report.
"""

from __future__ import annotations

import json
import subprocess
import sys
import uuid

import psycopg
import pytest
from django.db import connection

from bills.liveness import mark_interrupted_runs
from bills.models import Bill, BillVersion, Obligation, ScrapeRun
from bills.runs import ingest_many
from scrapers.records import VersionRecord
from tests.record_factory import make_record
from tests.summary import report
from tests.worker_helpers import (
    ROOT,
    database_url,
    kill_hard,
    service_env,
    start_worker,
    stop,
    wait_for,
)

pytestmark = pytest.mark.django_db(transaction=True)

DUTY = (
    "Section 2. A large developer of a frontier artificial intelligence model shall report each "
    "safety incident to the attorney general "
    "within seventy-two hours of learning of it."
)


def _records(count: int, with_text: bool = False):
    return [
        make_record(
            identifier=f"S {i}",
            versions=[VersionRecord(f"S{i}", text=f"{DUTY} ({i})")] if with_text else [],
        )
        for i in range(1, count + 1)
    ]


def _jsonl(path, records) -> str:
    path.write_text("".join(json.dumps(r.to_dict()) + "\n" for r in records))
    return str(path)


def test_a_dropped_database_connection_rolls_back_the_bill_fails_the_run_and_a_rerun_completes(
    postgres_db, monkeypatch, django_capture_on_commit_callbacks
):
    import bills.bulk_ingest
    import bills.runs

    # Ingest writes new bills a batch per transaction: batches of two, and the
    # connection dies as the second batch (S 3, S 4) is being written.
    monkeypatch.setattr(bills.runs, "BATCH_SIZE", 2)
    original, calls = bills.bulk_ingest._insert, []

    def drop_connection_on_the_second_batch(fresh, *args):
        calls.append(fresh[0][0].identifier)
        if len(calls) == 2:
            pid = connection.connection.info.backend_pid
            with psycopg.connect(database_url(postgres_db), autocommit=True) as admin:
                admin.execute("SELECT pg_terminate_backend(%s)", [pid])
        return original(fresh, *args)

    monkeypatch.setattr(bills.bulk_ingest, "_insert", drop_connection_on_the_second_batch)
    run = ingest_many(_records(5), source="fault-db")
    assert run.status == "failed"
    assert "S 3: database connection lost" in run.error and "re-run" in run.error
    assert sorted(Bill.objects.values_list("identifier", flat=True)) == ["S 1", "S 2"]
    stored = ScrapeRun.objects.get(pk=run.pk)
    assert (stored.status, stored.inserted) == ("failed", 2)

    monkeypatch.setattr(bills.bulk_ingest, "_insert", original)
    rerun = ingest_many(_records(5), source="fault-db")
    assert (rerun.status, rerun.inserted, rerun.unchanged) == ("succeeded", 3, 2)
    assert Bill.objects.count() == 5
    report("FAULT postgres-connection-dropped: rolled back 1 bill, failed run, re-run completed")


def test_an_import_killed_mid_run_is_marked_interrupted_and_a_rerun_completes_it(
    postgres_db, redis_url, tmp_path
):
    # Enough that the import cannot end before its first heartbeat is seen (about a second
    # in): 3,000 bills once took longer than that, and no longer do on a quiet machine.
    count = 20_000
    path = _jsonl(tmp_path / "records.jsonl", _records(count))
    env = service_env(postgres_db, redis_url, RUN_HEARTBEAT_SECONDS="1")
    command = [sys.executable, "manage.py", "import_records", path, "--source", "fault-kill"]
    proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)
    try:
        wait_for(
            lambda: ScrapeRun.objects.filter(source="fault-kill", inserted__gt=0).exists(),
            120,
            "the import's first heartbeat",
        )
    finally:
        kill_hard(proc)
    assert Bill.objects.count() < count, "the import finished before it could be killed"
    run = ScrapeRun.objects.get(source="fault-kill")
    assert run.status == "running"  # what the killed process left behind
    assert [r.pk for r in mark_interrupted_runs()] == [run.pk]
    run.refresh_from_db()
    assert run.status == "interrupted" and run.inserted > 0 and "is gone" in run.error

    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    rerun = ScrapeRun.objects.exclude(pk=run.pk).get(source="fault-kill")
    assert rerun.status == "succeeded" and rerun.inserted + rerun.unchanged == count
    assert Bill.objects.count() == count
    report(
        f"FAULT import-killed: interrupted at {run.inserted} recorded, "
        f"re-run inserted {rerun.inserted}, {count} bills once each"
    )


@pytest.fixture
def queue():
    return f"fault-{uuid.uuid4().hex[:8]}"


def test_a_worker_killed_mid_task_is_redelivered_and_the_work_is_done_once(
    postgres_db, redis_url, tmp_path, queue
):
    from jobs.tasks import import_records_file
    from regtracker.celery import app

    # Enough that the import cannot end before its first heartbeat is seen (about a second
    # in): 3,000 bills once took longer than that, and no longer do on a quiet machine.
    count = 20_000
    path = _jsonl(tmp_path / "records.jsonl", _records(count))
    env = service_env(
        postgres_db, redis_url, RUN_HEARTBEAT_SECONDS="1", CELERY_VISIBILITY_TIMEOUT="5"
    )
    log = tmp_path / "worker.log"
    first = start_worker(env, queue, log)
    app.conf.task_always_eager = False
    try:
        result = import_records_file.apply_async(args=[path, "fault-worker"], queue=queue)
        wait_for(
            lambda: ScrapeRun.objects.filter(source="fault-worker", inserted__gt=0).exists(),
            120,
            "the task's first heartbeat",
        )
        kill_hard(first)
        assert Bill.objects.count() < count, "the task finished before its worker was killed"
        second = start_worker(env, queue, log)
        try:
            run_id = result.get(timeout=300)
        finally:
            stop(second)
    finally:
        stop(first)
    mark_interrupted_runs()
    runs = {r.pk: r for r in ScrapeRun.objects.filter(source="fault-worker")}
    assert runs[run_id].status == "succeeded"
    assert sorted(r.status for r in runs.values()) == ["interrupted", "succeeded"]
    assert runs[run_id].inserted + runs[run_id].unchanged == count
    assert Bill.objects.count() == count
    assert Bill.objects.values("identifier").distinct().count() == count
    report(
        f"FAULT worker-killed: task redelivered to a new worker, "
        f"{count} bills stored once, killed run marked interrupted"
    )


def test_with_the_broker_down_an_import_stores_everything_and_the_work_is_done_when_it_returns(
    postgres_db, redis_url, tmp_path, queue, settings
):
    from jobs.tasks import sweep_pending_extraction
    from regtracker.celery import app

    path = _jsonl(tmp_path / "records.jsonl", _records(3, with_text=True))
    down = service_env(postgres_db, "redis://127.0.0.1:9/0")  # nothing listens there
    done = subprocess.run(
        [sys.executable, "manage.py", "import_records", path, "--source", "fault-broker"],
        cwd=ROOT, env=down, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "succeeded: 3 inserted" in done.stdout and "0 failed" in done.stdout
    assert done.stderr.count("stays marked in the database") == 1  # logged once, not per bill
    assert BillVersion.objects.filter(extraction_pending_since__isnull=False).count() == 3
    assert not Obligation.objects.exists()

    env = service_env(postgres_db, redis_url, EXTRACTION_SWEEP_GRACE_SECONDS="0")
    worker = start_worker(env, queue, tmp_path / "worker.log")
    app.conf.task_always_eager = False
    try:
        assert sweep_pending_extraction.apply_async(queue=queue).get(timeout=120) == 3
        wait_for(
            lambda: not BillVersion.objects.filter(extraction_pending_since__isnull=False).exists(),
            120,
            "the swept extractions",
        )
    finally:
        stop(worker)
    assert Obligation.objects.filter(bill__identifier="S 2").exists()
    report("FAULT broker-down: 3 bills stored (0 failed), 3 extractions done when Redis returned")
