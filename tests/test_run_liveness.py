"""Runs write heartbeats with their counts; a run whose process is gone becomes ``interrupted``."""

from __future__ import annotations

import subprocess
import time
from datetime import timedelta

import pytest
from django.utils import timezone

from bills.liveness import Heartbeat, mark_interrupted_runs
from bills.models import ScrapeRun
from bills.runs import ingest_many
from tests.record_factory import make_record

pytestmark = pytest.mark.django_db


def _dead_pid() -> int:
    proc = subprocess.Popen(["true"])
    proc.wait()
    return proc.pid


def test_a_running_run_whose_process_died_on_this_host_is_interrupted_with_its_counts():
    run = ScrapeRun.objects.create(source="ny", pid=_dead_pid(), inserted=7, unchanged=3)
    ScrapeRun.objects.filter(pk=run.pk).update(heartbeat_at=timezone.now())
    assert [r.pk for r in mark_interrupted_runs()] == [run.pk]
    run.refresh_from_db()
    assert (run.status, run.inserted, run.unchanged) == ("interrupted", 7, 3)
    assert f"process {run.pid}" in run.error and "re-run" in run.error
    assert run.finished_at is not None


def test_a_run_on_another_host_is_interrupted_only_once_its_heartbeat_is_too_old(settings):
    settings.RUN_HEARTBEAT_TIMEOUT = 600
    run = ScrapeRun.objects.create(source="ca", host="worker-2", pid=1)
    ScrapeRun.objects.filter(pk=run.pk).update(heartbeat_at=timezone.now() - timedelta(minutes=5))
    assert mark_interrupted_runs() == []
    ScrapeRun.objects.filter(pk=run.pk).update(heartbeat_at=timezone.now() - timedelta(minutes=11))
    assert [r.pk for r in mark_interrupted_runs()] == [run.pk]
    assert "no heartbeat since" in ScrapeRun.objects.get(pk=run.pk).error


def test_a_live_run_and_finished_runs_are_left_alone():
    live = ScrapeRun.objects.create(source="ny")  # this very process
    done = ScrapeRun.objects.create(source="ny", status="succeeded", pid=_dead_pid())
    assert mark_interrupted_runs() == []
    assert ScrapeRun.objects.get(pk=live.pk).status == "running"
    assert ScrapeRun.objects.get(pk=done.pk).status == "succeeded"


@pytest.mark.django_db(transaction=True)
def test_the_heartbeat_records_the_counts_while_the_run_works():
    run = ScrapeRun.objects.create(source="ny")
    with Heartbeat(run, every=0.05):
        run.inserted = 5
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            stored = ScrapeRun.objects.get(pk=run.pk)
            if stored.inserted == 5 and stored.heartbeat_at:
                break
            time.sleep(0.05)
    assert (stored.inserted, stored.status) == (5, "running")


def test_an_ordinary_run_ends_with_its_own_status_not_interrupted():
    run = ingest_many([make_record(versions=[])], source="ny")
    assert mark_interrupted_runs() == []
    assert ScrapeRun.objects.get(pk=run.pk).status == "succeeded"
