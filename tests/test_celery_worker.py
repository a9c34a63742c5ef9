"""A real Celery worker process, a real Redis broker, a real PostgreSQL database.

Runs in CI's second pass (DATABASE_URL and REDIS_URL set); skipped on the
embedded default with the reason, failed under CI=true if a service is down.
"""

from __future__ import annotations

import time
import uuid

import pytest

from bills.models import Bill, ScrapeRun
from tests.record_factory import make_record
from tests.worker_helpers import service_env, start_worker, stop


@pytest.fixture
def worker(postgres_db, redis_url, tmp_path):
    """Start a worker on a private queue against the test database; stop it afterwards."""
    queue = f"test-{uuid.uuid4().hex[:8]}"
    proc = start_worker(service_env(postgres_db, redis_url), queue, tmp_path / "worker.log")
    yield queue
    stop(proc)


@pytest.mark.django_db(transaction=True)
def test_a_queued_ingest_lands_in_postgres_through_a_real_worker(worker):
    from jobs.tasks import ingest_record_dicts
    from regtracker.celery import app

    app.conf.task_always_eager = False
    record = make_record(versions=[])
    result = ingest_record_dicts.apply_async(
        args=[[record.to_dict()]], kwargs={"source": "worker-test"}, queue=worker
    )
    run_id = result.get(timeout=90)
    deadline = time.monotonic() + 10
    while not Bill.objects.exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    bill = Bill.objects.get()
    assert (bill.jurisdiction.code, bill.identifier) == ("US-NY", "S 6953")
    run = ScrapeRun.objects.get(pk=run_id)
    assert (run.source, run.status, run.inserted) == ("worker-test", "succeeded", 1)


@pytest.mark.django_db
def test_the_second_pass_really_runs_on_postgresql(postgres_db):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("select version()")
        assert cursor.fetchone()[0].startswith("PostgreSQL")
