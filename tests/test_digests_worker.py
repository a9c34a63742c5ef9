"""A real Celery worker killed in the middle of a digest batch: every subscriber still gets one.

Runs in CI's second pass (a real worker process, the Redis broker, the
PostgreSQL test database, a real SMTP server on localhost); skipped on the
embedded default with the reason, failed under CI=true if a service is down.
The SMTP server kills the worker (SIGKILL) while it is handing over a
message, before the server has accepted it; a fresh worker then runs the
task again, as beat's sweeper does.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from collections import Counter
from pathlib import Path

import pytest

from digests import subscriptions
from digests.models import Delivery, Subscription
from tests.factories import make_bill
from tests.smtp_helpers import smtp_server  # noqa: F401
from tests.worker_helpers import database_url as _database_url

ROOT = Path(__file__).resolve().parent.parent
SUBSCRIBERS = 40
KILL_AT = 15  # the message during which the worker dies: the middle of the second batch
BATCH = 10


def _start_worker(queue: str, env: dict, log: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "regtracker", "worker", "-Q", queue,
         "--pool=solo", "--without-gossip", "--without-mingle", "--loglevel=INFO"],
        cwd=ROOT, env=env, stdout=log.open("a"), stderr=subprocess.STDOUT,
    )  # fmt: skip


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _readers_of_a_change() -> None:
    """SUBSCRIBERS confirmed daily readers, and one change of a bill for their digests."""
    bill = make_bill("US-NY", "S 6953")
    for n in range(SUBSCRIBERS):
        subscriptions.confirm(Subscription.objects.create(email=f"reader{n}@example.com"))
    bill.change_events.create(
        kind="status_change", details={"from": "passed_legislature", "to": "enacted"}
    )


def _worker_env(postgres_db, redis_url: str, smtp_port: int, senders: int) -> dict:
    """A worker process's environment: the test database, Redis, the SMTP server, small batches."""
    return {
        **os.environ,
        "DATABASE_URL": _database_url(postgres_db),
        "REDIS_URL": redis_url,
        "CELERY_TASK_ALWAYS_EAGER": "0",
        "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
        "DIGEST_SETTLE_SECONDS": "0",
        "DIGEST_BATCH_SIZE": str(BATCH),
        "DIGEST_SENDERS": str(senders),
    }


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_batch_leaves_every_subscriber_exactly_one_digest(
    postgres_db,
    redis_url,
    smtp_server,  # noqa: F811 (the fixture imported above)
    tmp_path,
):
    from jobs.tasks import send_digests as send_digests_task
    from regtracker.celery import app

    inbox, port = smtp_server
    _readers_of_a_change()

    queue = f"test-digests-{uuid.uuid4().hex[:8]}"
    env = _worker_env(postgres_db, redis_url, port, senders=1)  # the kill falls at a known message
    log = tmp_path / "worker.log"
    workers = [_start_worker(queue, env, log)]
    handed_over = Counter()

    def kill_during(recipient: str, message) -> str | None:
        handed_over["messages"] += 1
        if handed_over["messages"] != KILL_AT:
            return None
        workers[0].send_signal(signal.SIGKILL)
        workers[0].wait(timeout=30)
        return "451 4.3.0 connection lost before the message was accepted"

    inbox.reply = kill_during
    app.conf.task_always_eager = False
    try:
        send_digests_task.apply_async(args=("daily",), queue=queue)
        assert workers[0].wait(timeout=120) == -signal.SIGKILL, log.read_text()[-3000:]
        sent_before = len(inbox.messages)
        assert sent_before == KILL_AT - 1, log.read_text()[-3000:]
        # Every accepted message was marked sent before the next went out; the rest of the
        # dead worker's batch is still taken ("sending"), the batches after it are pending.
        assert Delivery.objects.filter(state="sent").count() == sent_before
        taken = -(-KILL_AT // BATCH) * BATCH  # the deliveries of the batches taken so far
        assert Delivery.objects.filter(state="sending").count() == taken - sent_before
        assert Delivery.objects.filter(state="pending").count() == SUBSCRIBERS - taken

        inbox.reply = None
        workers.append(_start_worker(queue, env, log))
        again = send_digests_task.apply_async(args=("daily",), queue=queue)
        outcome = again.get(timeout=120)
    finally:
        for proc in workers:
            _stop(proc)

    assert outcome["claimed"]["claimed"] == 0  # the period stayed claimed by the dead worker's run
    assert outcome["sent"]["recovered"] == taken - sent_before  # the dead worker's rest
    assert outcome["sent"]["sent"] == SUBSCRIBERS - sent_before
    received = Counter(str(m["To"]) for m in inbox.messages)
    assert received == Counter({f"reader{n}@example.com": 1 for n in range(SUBSCRIBERS)})
    assert Delivery.objects.filter(state="sent").count() == SUBSCRIBERS
    assert len({m["Message-ID"] for m in inbox.messages}) == SUBSCRIBERS


def _wait_ready(log: Path, workers: int, timeout: float = 90.0) -> None:
    deadline = time.monotonic() + timeout
    while log.read_text().count(" ready.") < workers:
        assert time.monotonic() < deadline, log.read_text()[-3000:]
        time.sleep(0.2)


@pytest.mark.django_db(transaction=True)
def test_a_run_is_sent_by_several_workers_side_by_side_each_subscriber_once(
    postgres_db,
    redis_url,
    smtp_server,  # noqa: F811 (the fixture imported above)
    tmp_path,
):
    from celery.result import AsyncResult

    from jobs.tasks import send_digests as send_digests_task
    from regtracker.celery import app

    inbox, port = smtp_server
    _readers_of_a_change()
    queue = f"test-digests-{uuid.uuid4().hex[:8]}"
    env = _worker_env(postgres_db, redis_url, port, senders=2)
    log = tmp_path / "workers.log"
    workers = [_start_worker(queue, env, log) for _ in range(2)]

    def slowly(recipient: str, message) -> None:
        time.sleep(0.1)  # a relay's pace: the run lasts long enough for both to take batches

    inbox.reply = slowly
    app.conf.task_always_eager = False
    try:
        _wait_ready(log, 2)
        outcome = send_digests_task.apply_async(args=("daily",), queue=queue).get(timeout=120)
        helpers = [AsyncResult(task_id, app=app).get(timeout=120) for task_id in outcome["helpers"]]
    finally:
        for proc in workers:
            _stop(proc)

    assert len(helpers) == 1
    assert outcome["sent"]["sent"] > 0 and helpers[0]["sent"] > 0  # both sent part of the run
    assert outcome["sent"]["sent"] + helpers[0]["sent"] == SUBSCRIBERS
    received = Counter(str(m["To"]) for m in inbox.messages)
    assert received == Counter({f"reader{n}@example.com": 1 for n in range(SUBSCRIBERS)})
    assert Delivery.objects.filter(state="sent").count() == SUBSCRIBERS
