"""The statements the send loop runs for each delivery, written once as SQL.

Sending a digest is a few hundred microseconds of our own work; compiling
three ORM queries per delivery cost several times that (0.6–1.4 ms each on a
loaded machine), so the per-delivery hold and mark are plain SQL over the
models' own table and column names. Each runs inside the caller's
transaction; see ``sending.py`` for why a delivery is held while it is sent.
"""

from __future__ import annotations

from datetime import datetime

from django.db import connection

from .models import Delivery, Subscription

_DELIVERY = Delivery._meta.db_table
_SUBSCRIPTION = Subscription._meta.db_table


def hold(delivery_id: int) -> tuple[int, str] | None:
    """(attempts, subscription state) of the pending delivery, held by this transaction
    until it commits; None if it is not ours to send.

    PostgreSQL: ``FOR UPDATE SKIP LOCKED``, so parallel workers pass each
    other by. SQLite has no row locks: the transaction's first statement is a
    write to the row, which takes SQLite's database write lock; a second
    sender waits for our commit and then finds the row no longer pending.
    """
    select = (
        f"SELECT d.attempts, s.state FROM {_DELIVERY} d "
        f"JOIN {_SUBSCRIPTION} s ON s.id = d.subscription_id "
        "WHERE d.id = %s AND d.state = 'pending'"
    )
    with connection.cursor() as cursor:
        if connection.features.has_select_for_update_skip_locked:
            cursor.execute(select + " FOR UPDATE OF d SKIP LOCKED", [delivery_id])
        else:
            cursor.execute(
                f"UPDATE {_DELIVERY} SET attempts = attempts WHERE id = %s AND state = 'pending'",
                [delivery_id],
            )
            if not cursor.rowcount:
                return None
            cursor.execute(select, [delivery_id])
        row = cursor.fetchone()
    return (row[0], row[1]) if row else None


def mark_sent(delivery_id: int, when: datetime) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {_DELIVERY} SET state = 'sent', sent_at = %s, attempts = attempts + 1, "
            "last_error = '' WHERE id = %s",
            [connection.ops.adapt_datetimefield_value(when), delivery_id],
        )
