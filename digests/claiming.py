"""Claiming a period: the delivery row, its events and dates, and the cursor, in one transaction.

The unique (subscription, period) constraint is the lock that makes a digest
exactly once: a second run, a retried task or another worker finds the
period claimed and moves on. The events a delivery holds are written into it
and the subscription's cursor moves past them in the same transaction, so a
crash either keeps all of it or none of it: nothing is skipped, nothing sent
twice. Sending is a separate step (``sending.py``) that reads only the rows.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import Min
from django.utils import timezone

from .matching import Matcher
from .models import Announcement, Delivery, Subscription
from .window import event_upper_bound, load_window

logger = logging.getLogger(__name__)
CHUNK = 500


@dataclass
class ClaimReport:
    frequency: str
    period: str
    claimed: int = 0
    nothing_new: int = 0
    already_claimed: int = 0


def period_key(frequency: str, now: datetime, cursor: int = 0) -> str:
    """daily:2026-11-30, weekly:2026-W48; an immediate alert's period is the cursor it starts at."""
    day = timezone.localdate(now)
    if frequency == "daily":
        return f"daily:{day.isoformat()}"
    if frequency == "weekly":
        year, week, _ = day.isocalendar()
        return f"weekly:{year}-W{week:02d}"
    if frequency == "immediate":
        return f"immediate:{cursor}"
    raise ValueError(f"unknown frequency {frequency!r}")


def settle_seconds() -> int:
    """How old an event must be before a digest covers it (see ``event_upper_bound``).

    SQLite serialises writers, so ids commit in order and nothing needs to settle.
    """
    configured = getattr(settings, "DIGEST_SETTLE_SECONDS", None)
    if configured is not None:
        return configured
    return 0 if connection.vendor == "sqlite" else 60


def claim_due(frequency: str, now: datetime | None = None) -> ClaimReport:
    """Claim this period for every active subscription of ``frequency`` that has not claimed it."""
    now = now or timezone.now()
    report = ClaimReport(frequency, period_key(frequency, now, 0))
    upper = event_upper_bound(now - timedelta(seconds=settle_seconds()))
    due = Subscription.objects.active().filter(frequency=frequency)
    if frequency == "immediate":
        due = due.filter(last_event_id__lt=upper)
    else:
        due = due.exclude(deliveries__period=report.period)
    ids = list(due.order_by("id").values_list("id", flat=True))
    if not ids:
        return report
    lower = Subscription.objects.filter(id__in=ids).aggregate(m=Min("last_event_id"))["m"] or 0
    window = load_window(lower, upper, timezone.localdate(now), settings.DIGEST_UPCOMING_DAYS)
    matcher = Matcher(window)
    for start in range(0, len(ids), CHUNK):
        _claim_chunk(ids[start : start + CHUNK], frequency, now, matcher, report)
    return report


def _claim_chunk(ids: list[int], frequency: str, now, matcher: Matcher, report: ClaimReport):
    for _attempt in range(3):
        try:
            with transaction.atomic():
                _claim_locked(ids, frequency, now, matcher, report)
            return
        except IntegrityError:
            # Another run claimed one of these periods between our read and our write:
            # the whole chunk rolled back; read again and claim what is still free.
            logger.info("digest claim raced another run; retrying %d subscriptions", len(ids))
    raise RuntimeError("digest claims kept racing another run; giving up for now")


def _claim_locked(ids: list[int], frequency: str, now, matcher: Matcher, report: ClaimReport):
    subs = list(
        Subscription.objects.select_for_update()
        .filter(id__in=ids, state="active", frequency=frequency)
        .order_by("id")
    )
    periods = {s.id: period_key(frequency, now, s.last_event_id) for s in subs}
    taken = set(
        Delivery.objects.filter(
            subscription__in=subs, period__in=set(periods.values())
        ).values_list("subscription_id", "period")
    )
    announced = _announced(subs)
    fresh, dates, moved = [], [], []
    for sub in subs:
        if (sub.id, periods[sub.id]) in taken:
            report.already_claimed += 1
            continue
        events = matcher.events_for(sub)
        upcoming = matcher.upcoming_for(sub, announced.get(sub.id, set()))
        if sub.last_event_id < matcher.window.upper:
            sub.last_event_id = matcher.window.upper
            moved.append(sub)
        if not events and not upcoming:
            report.nothing_new += 1  # nothing sent when nothing matched
            continue
        delivery = Delivery(
            subscription=sub,
            period=periods[sub.id],
            event_ids=[e.id for e in events],
            announcements=[[u.bill_id, u.date.isoformat(), u.what] for u in upcoming],
            next_attempt_at=now,
        )
        fresh.append(delivery)
        dates.append([(sub, u) for u in upcoming])
    Delivery.objects.bulk_create(fresh)
    _record_announcements(
        (sub.id, u.bill_id, u.date, delivery.id)
        for delivery, pairs in zip(fresh, dates, strict=True)
        for sub, u in pairs
    )
    # Every cursor moves to the same place: one UPDATE (bulk_update writes a CASE per row).
    Subscription.objects.filter(pk__in=[s.pk for s in moved]).update(
        last_event_id=matcher.window.upper
    )
    report.claimed += len(fresh)


def _record_announcements(rows) -> None:
    """A few multi-row INSERTs: a first digest may announce dozens of dates to thousands.

    (``executemany`` sent one statement per row, parsed and planned one by one.)
    """
    rows = list(rows)
    table = Announcement._meta.db_table
    fields = ["subscription_id", "bill_id", "date", "delivery_id"]
    size = max(1, min(1000, connection.ops.bulk_batch_size(fields, rows)))
    with connection.cursor() as cursor:
        for start in range(0, len(rows), size):
            page = rows[start : start + size]
            values = ", ".join(["(%s, %s, %s, %s)"] * len(page))
            cursor.execute(
                f"INSERT INTO {table} (subscription_id, bill_id, date, delivery_id) VALUES {values}",
                [value for row in page for value in row],
            )


def _announced(subs: list[Subscription]) -> dict[int, set[tuple]]:
    found: dict[int, set[tuple]] = {}
    rows = Announcement.objects.filter(subscription__in=subs).values_list(
        "subscription_id", "bill_id", "date"
    )
    for sub_id, bill_id, when in rows:
        found.setdefault(sub_id, set()).add((bill_id, when))
    return found
