"""Whether a run is still alive: heartbeats while it works, ``interrupted`` once its process is gone.

A process killed mid-run (``kill -9``, an OOM, a redeploy) cannot record its
own end, so the run writes a heartbeat with its counts every
``RUN_HEARTBEAT_SECONDS`` from a background thread (a slow source that spends
minutes between records is still alive). A run that is still "running" but
whose process is gone (same host, no such pid) or whose heartbeat is older
than ``RUN_HEARTBEAT_TIMEOUT`` is marked ``interrupted`` with the counts of
its last heartbeat: what it had done.
"""

from __future__ import annotations

import logging
import os
import threading
from datetime import datetime, timedelta

from django.conf import settings
from django.db import close_old_connections, connection
from django.db.models import Q
from django.utils import timezone

from .models import ScrapeRun
from .models.run import this_host

logger = logging.getLogger(__name__)

COUNTS = ("inserted", "updated", "unchanged", "failed")


class Heartbeat:
    """Context manager: beat for ``run`` in a thread until the block ends."""

    def __init__(self, run: ScrapeRun, every: float | None = None) -> None:
        self.run = run
        self.every = settings.RUN_HEARTBEAT_SECONDS if every is None else every
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name=f"heartbeat-{run.pk}", daemon=True)

    def __enter__(self) -> Heartbeat:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    def _loop(self) -> None:
        try:
            while not self._stop.wait(self.every):
                beat(self.run)
        finally:
            connection.close()  # this thread's own connection


def beat(run: ScrapeRun) -> None:
    """Record that ``run`` is alive, with its counts so far (never raises: it is a side job)."""
    try:
        ScrapeRun.objects.filter(pk=run.pk, status="running").update(
            heartbeat_at=timezone.now(), **{name: getattr(run, name) for name in COUNTS}
        )
    except Exception as exc:  # noqa: BLE001 - a missed beat is retried on the next one
        logger.warning("heartbeat of run %s failed: %s", run.pk, exc)
        close_old_connections()


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, owned by someone else
        return True
    return True


def mark_interrupted_runs(now: datetime | None = None) -> list[ScrapeRun]:
    """Mark "running" runs whose process is gone as ``interrupted``; returns them."""
    now = now or timezone.now()
    silent_since = now - timedelta(seconds=settings.RUN_HEARTBEAT_TIMEOUT)
    host = this_host()
    candidates = ScrapeRun.objects.filter(status="running").filter(
        Q(heartbeat_at__lt=silent_since)
        | Q(heartbeat_at__isnull=True, started_at__lt=silent_since)
        | Q(host=host)
    )
    interrupted = []
    for run in candidates:
        last_sign = run.heartbeat_at or run.started_at
        same_host_dead = run.host == host and run.pid and run.pid != os.getpid()
        same_host_dead = same_host_dead and not pid_alive(run.pid)
        if not (same_host_dead or last_sign < silent_since):
            continue
        why = (
            f"process {run.pid} on {run.host} is gone"
            if same_host_dead
            else f"no heartbeat since {last_sign:%Y-%m-%d %H:%M:%S} UTC"
        )
        message = (
            f"interrupted: {why}; counts are what it had recorded by its last heartbeat "
            "(re-run the source or file to complete it: ingest is idempotent)"
        )
        updated = ScrapeRun.objects.filter(pk=run.pk, status="running").update(
            status="interrupted",
            finished_at=last_sign,
            error=(run.error + "\n" + message).strip(),
        )
        if updated:
            logger.warning("run %s of %s %s", run.pk, run.source, message)
            interrupted.append(run)
    return interrupted
