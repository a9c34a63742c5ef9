"""Queuing work after the transaction that asked for it commits, without ever failing that work.

The mark in the database (``BillVersion.extraction_pending_since``) is the
promise; a queued task is only the fast path. So when the broker is down the
commit still stands, the failure is logged once (not once per bill), and the
periodic sweeper (``jobs.tasks.sweep_pending_extraction``) or
``extract_obligations --pending`` does the work later.
"""

from __future__ import annotations

import logging
import threading
from functools import partial

from django.db import transaction
from kombu.exceptions import OperationalError
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

BROKER_ERRORS = (OperationalError, RedisConnectionError, RedisTimeoutError, OSError)
_outage = threading.Event()  # set while the broker refuses work: log once per outage


def queue_extraction_after_commit(sender, version_ids: list[int], **kwargs) -> None:
    """Receiver of ``bills.signals.extraction_needed``: one task per version, after commit."""
    for version_id in version_ids:
        transaction.on_commit(partial(enqueue_extraction, version_id))


def enqueue_extraction(version_id: int) -> bool:
    """Queue one extraction; False (the mark stays for the sweeper) when that is not possible."""
    from .tasks import extract_version_obligations

    return send_safely(extract_version_obligations, version_id)


def send_safely(task, *args, **kwargs) -> bool:
    """``task.delay`` that never raises: a broker outage or a failing eager run is logged."""
    try:
        task.delay(*args, **kwargs)
    except BROKER_ERRORS as exc:
        if not _outage.is_set():
            _outage.set()
            logger.error(
                "could not run %s%r (%s: %s); the work stays marked in the database and the "
                "sweeper picks it up later; further failures are not logged until one succeeds",
                task.name, args, type(exc).__name__, exc,
            )  # fmt: skip
        return False
    except Exception:  # an eager run (embedded default) failed: its own error, not an outage
        logger.exception("%s%r failed; the work stays marked for the sweeper", task.name, args)
        return False
    if _outage.is_set():
        _outage.clear()
        logger.warning("queuing works again (%s)", task.name)
    return True
