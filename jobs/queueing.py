"""Queuing work after the transaction that asked for it commits, without ever failing that work.

The mark in the database (``BillVersion.extraction_pending_since``) is the
promise; a queued task is only the fast path. So when the broker is down the
commit still stands, the outage is logged once (not once per bill), further
sends are not even tried for ``RETRY_AFTER_SECONDS`` (an import of thousands
of bills during an outage must not wait on thousands of connection timeouts),
and the periodic sweeper (``jobs.tasks.sweep_pending_extraction``) or
``extract_obligations --pending`` does the work once the broker is back.

Search indexing follows the same pattern with ``Bill.search_pending_since``:
one task per committed ingest batch, the search sweeper
(``jobs.tasks.sweep_pending_search``) and ``index_search --pending``. A bulk
import (``import_records``) defers it (``search_indexing_deferred``) and
indexes everything it loaded in one pass at the end.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Iterator
from functools import partial

from celery.exceptions import BackendError
from django.db import transaction
from kombu.exceptions import OperationalError
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

BROKER_ERRORS = (OperationalError, BackendError, RedisConnectionError, RedisTimeoutError, OSError)
RETRY_AFTER_SECONDS = 30.0


class _Outage:
    """The broker's state as this process last saw it: one log line per outage."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.since: float | None = None
        self.last_failure = 0.0

    def skip(self) -> bool:
        return self.since is not None and time.monotonic() - self.last_failure < RETRY_AFTER_SECONDS

    def failed(self, task_name: str, exc: BaseException) -> None:
        with self.lock:
            self.last_failure = time.monotonic()
            if self.since is None:
                self.since = self.last_failure
                logger.error(
                    "could not queue %s (%s: %s): the broker is unreachable; the work stays "
                    "marked in the database and the sweeper queues it when the broker is back",
                    task_name, type(exc).__name__, exc,
                )  # fmt: skip

    def succeeded(self, task_name: str) -> None:
        with self.lock:
            if self.since is not None:
                logger.warning(
                    "queuing works again (%s) after %.0f s",
                    task_name,
                    time.monotonic() - self.since,
                )
                self.since = None


OUTAGE = _Outage()


def queue_extraction_after_commit(sender, version_ids: list[int], **kwargs) -> None:
    """Receiver of ``bills.signals.extraction_needed``: one task for the versions a
    transaction marked, queued after it commits (an ingest batch's AI texts extracted
    together, their matrix totals recomputed once: ``extract_versions``)."""
    connection = transaction.get_connection()
    if connection.in_atomic_block:
        for _, callback, _ in connection.run_on_commit:
            if isinstance(callback, ExtractionBatch) and not callback.sent:
                callback.version_ids += version_ids
                return
    transaction.on_commit(ExtractionBatch(list(version_ids)))


class ExtractionBatch:
    """The on-commit callback queuing a transaction's versions (``enqueue_extractions``).

    Found again among the transaction's callbacks, so later versions join it; a
    rolled-back transaction drops it with its other callbacks."""

    def __init__(self, version_ids: list[int]) -> None:
        self.version_ids = version_ids
        self.sent = False  # a test's captured callbacks stay listed after they ran

    def __call__(self) -> None:
        self.sent = True
        enqueue_extractions(self.version_ids)


EXTRACTION_BATCH = 25  # versions per task: a worker's pool shares a large batch's tasks


def enqueue_extractions(version_ids: list[int]) -> bool:
    """Queue the extraction of these versions, ``EXTRACTION_BATCH`` to a task; False (their
    marks stay for the sweeper) when that is not possible."""
    from .tasks import extract_versions_obligations

    ids = list(dict.fromkeys(version_ids))
    return all(
        send_safely(extract_versions_obligations, ids[i : i + EXTRACTION_BATCH])
        for i in range(0, len(ids), EXTRACTION_BATCH)
    )


_DEFERRED = threading.local()


def queue_search_index_after_commit(sender, bill_ids: list[int], **kwargs) -> None:
    """Receiver of ``bills.signals.search_index_needed``: one task per batch, after commit."""
    if getattr(_DEFERRED, "search", False):
        return  # the import indexes everything it marked when it is done
    transaction.on_commit(partial(enqueue_search_index, list(bill_ids)))


def enqueue_search_index(bill_ids: list[int]) -> bool:
    """Queue the indexing of these bills; False (the marks stay for the sweeper) when impossible."""
    from .tasks import index_search_bills

    return send_safely(index_search_bills, bill_ids)


@contextlib.contextmanager
def search_indexing_deferred() -> Iterator[None]:
    """In this thread, ingest marks bills for the search index but queues nothing.

    For a bulk load, which indexes what it marked in one pass afterwards
    (``bills.search.index_pending``): faster than a task per batch, and the
    load is not slowed by indexing beside it. Marks left by a crash are the
    sweeper's.
    """
    previous = getattr(_DEFERRED, "search", False)
    _DEFERRED.search = True
    try:
        yield
    finally:
        _DEFERRED.search = previous


def send_safely(task, *args, **kwargs) -> bool:
    """``task.delay`` that never raises: a broker outage or a failing eager run is logged."""
    if OUTAGE.skip():
        return False
    try:
        task.delay(*args, **kwargs)
    except BROKER_ERRORS as exc:
        OUTAGE.failed(task.name, exc)
        return False
    except Exception:  # an eager run (embedded default) failed: its own error, not an outage
        logger.exception("%s%r failed; the work stays marked for the sweeper", task.name, args)
        return False
    OUTAGE.succeeded(task.name)
    return True


def queue_alerts_after_commit(sender, instance, created: bool, **kwargs) -> None:
    """Receiver of ChangeEvent's post_save: once per committing transaction, queue the alerts.

    ``immediate`` subscriptions are sent by a task queued when the change is
    committed; the beat sweeper (``digests-immediate``) catches whatever a lost
    task or a broker outage left, since the subscriptions' cursors, not the
    task, say what is still to send.
    """
    if not created:
        return
    connection = transaction.get_connection()
    if any(entry[1] is enqueue_alerts for entry in connection.run_on_commit):
        return  # an earlier event of this transaction already asked
    if _anyone_alerted():
        transaction.on_commit(enqueue_alerts)


def _anyone_alerted() -> bool:
    from digests.models import Subscription

    return Subscription.objects.active().filter(frequency="immediate").exists()


def enqueue_alerts() -> bool:
    from digests.claiming import settle_seconds

    from .tasks import send_digests

    # Settled: on PostgreSQL an event is covered once older than the settle time.
    countdown = settle_seconds() + 1
    try:
        send_digests.apply_async(args=("immediate",), countdown=countdown)
    except BROKER_ERRORS as exc:
        logger.warning("could not queue immediate alerts (%s); the sweeper sends them", exc)
        return False
    except Exception:
        logger.exception("immediate alerts failed; the sweeper sends them")
        return False
    return True
