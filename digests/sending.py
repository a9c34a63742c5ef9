"""Sending claimed deliveries: batches over one SMTP connection each, exactly once per delivery.

Each delivery is sent inside a transaction that holds its row
(``SELECT … FOR UPDATE SKIP LOCKED`` on PostgreSQL), and marked sent in that
same transaction once the SMTP server has accepted it. A worker killed before
the server's acceptance leaves the row pending (the transaction rolls back)
and the next run sends it; two workers never hold the same row. What remains
is SMTP's own window (RFC 1047): a crash after the server's "250" but before
our commit; the stable Message-ID lets a receiver drop such a copy.

A refused recipient or an SMTP error is recorded on the delivery and retried
with exponential backoff while the rest of the batch goes on; after
``DIGEST_MAX_ATTEMPTS`` the delivery is marked failed.
"""

from __future__ import annotations

import logging
import smtplib
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import get_connection
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from .models import Delivery
from .rendering import DigestRenderer
from .window import load_for_deliveries

logger = logging.getLogger(__name__)
BACKOFF_BASE = timedelta(minutes=2)
BACKOFF_MAX = timedelta(hours=6)


@dataclass
class SendReport:
    sent: int = 0
    failed: int = 0
    gave_up: int = 0
    cancelled: int = 0
    skipped: int = 0
    errors: list[str] = field(default_factory=list)

    def add(self, other: SendReport) -> None:
        for name in ("sent", "failed", "gave_up", "cancelled", "skipped"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.errors += other.errors


def due_ids(now: datetime, after: int = 0, limit: int | None = None) -> list[int]:
    rows = Delivery.objects.filter(state="pending", next_attempt_at__lte=now, id__gt=after)
    return list(
        rows.order_by("id").values_list("id", flat=True)[: limit or settings.DIGEST_BATCH_SIZE]
    )


def send_pending(now: datetime | None = None, batch_size: int | None = None) -> SendReport:
    """Send every delivery that is due, one SMTP connection per batch."""
    now = now or timezone.now()
    report, after = SendReport(), 0
    while ids := due_ids(now, after, batch_size):
        report.add(send_batch(ids, now))
        after = ids[-1]
    return report


def send_batch(ids: list[int], now: datetime | None = None) -> SendReport:
    """Send these deliveries (those still pending) over one connection; safe to run twice."""
    now = now or timezone.now()
    report = SendReport()
    rows = list(Delivery.objects.filter(id__in=ids, state="pending").values_list(
        "event_ids", "announcements"
    ))  # fmt: skip
    if not rows:
        return report
    event_ids = {i for events, _ in rows for i in events}
    bill_ids = {a[0] for _, dates in rows for a in dates}
    renderer = DigestRenderer(load_for_deliveries(event_ids, bill_ids, timezone.localdate(now)))
    connection = get_connection(timeout=settings.EMAIL_TIMEOUT)
    try:
        for delivery_id in ids:
            _send_one(delivery_id, connection, renderer, now, report)
    finally:
        connection.close()
    return report


def _send_one(delivery_id: int, connection, renderer: DigestRenderer, now, report: SendReport):
    with transaction.atomic():
        delivery = _hold(delivery_id)
        if delivery is None:
            report.skipped += 1  # sent meanwhile, or another worker holds it right now
            return
        if delivery.subscription.state != "active":
            delivery.state = "cancelled"
            delivery.save(update_fields=["state"])
            report.cancelled += 1
            return
        message = renderer.message(delivery)
        try:
            connection.open()  # no-op while open: the batch shares one SMTP session
            if not connection.send_messages([message]):
                raise smtplib.SMTPException("the mail backend accepted no message")
        except (smtplib.SMTPException, OSError) as exc:
            _record_failure(delivery, exc, now, report)
            connection.close()  # the next message opens a fresh connection
            return
        delivery.state, delivery.sent_at = "sent", timezone.now()
        delivery.attempts += 1
        delivery.last_error = ""
        delivery.save(update_fields=["state", "sent_at", "attempts", "last_error"])
        report.sent += 1


def _hold(delivery_id: int) -> Delivery | None:
    """The pending delivery, held by this transaction until it commits; None if not ours.

    PostgreSQL: ``FOR UPDATE SKIP LOCKED``, so parallel workers pass each
    other by. SQLite has no row locks: the transaction's first statement is a
    write to the row, which takes SQLite's database write lock; a second
    sender waits for our commit and then finds the row no longer pending.
    """
    pending = Delivery.objects.filter(pk=delivery_id, state="pending")
    if connection.features.has_select_for_update_skip_locked:
        pending = pending.select_for_update(skip_locked=True, of=("self",))
    elif not pending.update(attempts=F("attempts")):
        return None
    return pending.select_related("subscription").first()


def _record_failure(delivery: Delivery, exc: Exception, now: datetime, report: SendReport):
    delivery.attempts += 1
    delivery.last_error = f"{type(exc).__name__}: {exc}"[:2000]
    if is_bounce(exc):
        sub = delivery.subscription
        sub.bounces += 1
        sub.save(update_fields=["bounces"])
    if delivery.attempts >= settings.DIGEST_MAX_ATTEMPTS:
        delivery.state = "failed"
        report.gave_up += 1
    else:
        delivery.next_attempt_at = now + backoff(delivery.attempts)
        report.failed += 1
    delivery.save(update_fields=["attempts", "last_error", "state", "next_attempt_at"])
    report.errors.append(f"{delivery.subscription.email}: {delivery.last_error}")
    logger.warning("digest %s to %s failed: %s", delivery.pk, delivery.subscription.email, exc)


def backoff(attempts: int) -> timedelta:
    """2 min, 4, 8, … capped at 6 h."""
    return min(BACKOFF_BASE * 2 ** (attempts - 1), BACKOFF_MAX)


def is_bounce(exc: Exception) -> bool:
    """A permanent refusal (5xx) of the recipient or the message, as opposed to a hiccup."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return any(code >= 500 for code, _ in exc.recipients.values())
    code = getattr(exc, "smtp_code", 0)
    return isinstance(code, int) and code >= 500
