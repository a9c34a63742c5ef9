"""Which sender holds which deliveries: a batch taken in one statement, each marked sent alone.

A ``Sender`` takes up to a batch of due deliveries with one ``UPDATE`` that
moves them from ``pending`` to ``sending`` and writes its token on them
(PostgreSQL picks the rows with ``FOR UPDATE SKIP LOCKED``, so two senders
taking batches at the same moment get disjoint ones; SQLite serialises the
two statements). Nobody else takes a ``sending`` row while its sender lives.
Each delivery is then marked ``sent`` by its own one-statement transaction
as soon as the SMTP server has accepted it (see ``sending.py``).

A sender is alive while its database session holds a PostgreSQL advisory
lock on its token (released by the server when the session ends, however
the process died); on SQLite, whose senders share one host, while the
process whose id is the token exists. ``release_orphans`` gives the
``sending`` rows of dead senders back to ``pending``.

The statements are plain SQL over the models' own table and column names:
compiling ORM queries cost more per delivery than running them.
"""

from __future__ import annotations

import os
import random
from datetime import datetime

from django.db import DatabaseError, connection

from .models import Delivery

_DELIVERY = Delivery._meta.db_table
# The advisory lock namespace of digest senders (pg_advisory_lock(int, int)'s first key).
LOCK_CLASS = 0x44494745  # "DIGE"


def _postgres() -> bool:
    return connection.vendor == "postgresql"


class Sender:
    """One sending run's identity; use as a context manager around the batches it sends."""

    def __init__(self):
        self.token = 0

    def __enter__(self) -> Sender:
        if not _postgres():
            self.token = os.getpid()
            return self
        with connection.cursor() as cursor:
            while not self.token:
                token = random.randint(1, 2**31 - 1)
                cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [LOCK_CLASS, token])
                if cursor.fetchone()[0]:
                    self.token = token
            # A "sent" mark lost by a crash of the database server itself (not of a worker:
            # a commit is visible to every session at once) is the window described in
            # sending.py; not waiting for the WAL flush saves a disk sync per message.
            cursor.execute("SET synchronous_commit TO off")
        return self

    def __exit__(self, *exc) -> None:
        if not _postgres() or connection.connection is None:
            return
        try:
            with connection.cursor() as cursor:
                cursor.execute("RESET synchronous_commit")
                cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [LOCK_CLASS, self.token])
        except DatabaseError:
            if not exc[0]:
                raise
            # Leave the error that stopped the run in view; a lost session freed the lock.

    def take(self, now: datetime, limit: int) -> list[int]:
        """Up to ``limit`` due deliveries, oldest first, now ``sending`` and ours alone."""
        due = (
            f"SELECT id FROM {_DELIVERY} WHERE state = 'pending' AND next_attempt_at <= %s "
            "ORDER BY id LIMIT %s"
        )
        # PostgreSQL: skip rows another sender's statement is taking right now; the ids
        # as an array, so the rows are found by key (an IN joined the whole table).
        chosen = f"= ANY(ARRAY({due} FOR UPDATE SKIP LOCKED))" if _postgres() else f"IN ({due})"
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {_DELIVERY} SET state = 'sending', sender = %s "
                f"WHERE id {chosen} RETURNING id",
                [self.token, connection.ops.adapt_datetimefield_value(now), limit],
            )
            return sorted(row[0] for row in cursor.fetchall())

    def give_back(self, ids: list[int]) -> None:
        """What this sender took and did not send or record goes back to ``pending``."""
        if not ids:
            return
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {_DELIVERY} SET state = 'pending', sender = NULL "
                f"WHERE state = 'sending' AND sender = %s AND id IN ({_marks(ids)})",
                [self.token, *ids],
            )


def mark_sent(delivery_id: int, when: datetime) -> None:
    """One statement, committed at once when the caller is not inside a transaction."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {_DELIVERY} SET state = 'sent', sender = NULL, sent_at = %s, "
            "attempts = attempts + 1, last_error = '' WHERE id = %s",
            [connection.ops.adapt_datetimefield_value(when), delivery_id],
        )


def cancel(ids: list[int]) -> None:
    if ids:
        Delivery.objects.filter(id__in=ids).update(state="cancelled", sender=None)


def release_orphans() -> int:
    """``sending`` rows whose sender is dead go back to ``pending``; returns how many.

    Safe beside live senders: a live sender's rows are never touched, and a row
    a sender marks meanwhile is re-read by the ``UPDATE`` before it is changed.
    """
    with connection.cursor() as cursor:
        if _postgres():
            cursor.execute(
                f"UPDATE {_DELIVERY} SET state = 'pending', sender = NULL "
                "WHERE state = 'sending' AND sender NOT IN ("
                "  SELECT objid::bigint FROM pg_locks WHERE locktype = 'advisory' AND granted"
                "  AND classid = %s AND objsubid = 2 AND database = ("
                "    SELECT oid FROM pg_database WHERE datname = current_database()))",
                [LOCK_CLASS],
            )
            return cursor.rowcount
        cursor.execute(f"SELECT DISTINCT sender FROM {_DELIVERY} WHERE state = 'sending'")
        dead = [row[0] for row in cursor.fetchall() if not _process_alive(row[0])]
        if not dead:
            return 0
        cursor.execute(
            f"UPDATE {_DELIVERY} SET state = 'pending', sender = NULL "
            f"WHERE state = 'sending' AND sender IN ({_marks(dead)})",
            dead,
        )
        return cursor.rowcount


def _process_alive(pid: int | None) -> bool:
    if not pid:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # it exists, run by another user
    return True


def _marks(values: list) -> str:
    return ", ".join(["%s"] * len(values))
