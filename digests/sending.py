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
from django.db import transaction
from django.utils import timezone

from . import bounces, holding
from .mime import PreparedEmail
from .models import Delivery
from .rendering import DigestRenderer
from .window import empty_window, load_for_deliveries

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
    """Send every delivery that is due, one SMTP connection per batch, one renderer for all."""
    now = now or timezone.now()
    report, after = SendReport(), 0
    renderer = DigestRenderer(empty_window(timezone.localdate(now)))
    while ids := due_ids(now, after, batch_size):
        report.add(send_batch(ids, now, renderer))
        after = ids[-1]
    return report


def send_batch(
    ids: list[int], now: datetime | None = None, renderer: DigestRenderer | None = None
) -> SendReport:
    """Send these deliveries (those still pending) over one connection; safe to run twice.

    ``send_pending`` passes one ``renderer`` to all its batches, so what readers
    share is rendered once per run.
    """
    now = now or timezone.now()
    report = SendReport()
    # Read once for rendering; whether each is still ours is decided under its lock.
    deliveries = list(
        Delivery.objects.filter(id__in=ids, state="pending").select_related("subscription")
    )
    if not deliveries:
        return report
    renderer = renderer or DigestRenderer(empty_window(timezone.localdate(now)))
    _cover(renderer, deliveries)
    backend = get_connection(timeout=settings.EMAIL_TIMEOUT)
    try:
        for delivery in deliveries:
            _send_one(delivery, backend, renderer, now, report)
    finally:
        backend.close()
    return report


def _cover(renderer: DigestRenderer, deliveries: list[Delivery]) -> None:
    """Load what these deliveries name into the renderer's window, unless it holds it already."""
    window = renderer.window
    event_ids = {i for d in deliveries for i in d.event_ids}
    bill_ids = {a[0] for d in deliveries for a in d.announcements}
    if not window.covers(event_ids, bill_ids):
        # Load the union: the deliveries of earlier batches may still be retried in this run.
        event_ids |= {e.id for e in window.events}
        bill_ids |= set(window.bills)
        renderer.use(load_for_deliveries(event_ids, bill_ids, window.today))


def _send_one(delivery: Delivery, backend, renderer: DigestRenderer, now, report: SendReport):
    with transaction.atomic():
        held = holding.hold(delivery.pk)
        if held is None:
            report.skipped += 1  # sent meanwhile, or another worker holds it right now
            return
        delivery.attempts, state = held
        if state != "active":
            Delivery.objects.filter(pk=delivery.pk).update(state="cancelled")
            report.cancelled += 1
            return
        try:
            hand_over(backend, renderer.message(delivery))
        except (smtplib.SMTPException, OSError) as exc:
            _record_failure(delivery, exc, now, report)
            backend.close()  # the next message opens a fresh connection
            return
        holding.mark_sent(delivery.pk, timezone.now())
        report.sent += 1


def hand_over(backend, message: PreparedEmail) -> None:
    """Give the message to the mail backend; raises what SMTP raised.

    Django's SMTP backend would check the addresses again and ask for the
    bytes; the message wrote both already, so an SMTP session gets them
    straight (the connection stays open for the batch). Other backends
    (console, the test outbox) get the message.
    """
    backend.open()  # no-op while open: the batch shares one SMTP session
    session = getattr(backend, "connection", None)
    if isinstance(session, smtplib.SMTP):
        session.sendmail(*message.envelope(), message.message().as_bytes(linesep="\r\n"))
    elif not backend.send_messages([message]):
        raise smtplib.SMTPException("the mail backend accepted no message")


def _record_failure(delivery: Delivery, exc: Exception, now: datetime, report: SendReport):
    delivery.attempts += 1
    delivery.last_error = f"{type(exc).__name__}: {exc}"[:2000]
    if delivery.attempts >= settings.DIGEST_MAX_ATTEMPTS:
        delivery.state = "failed"
        report.gave_up += 1
    else:
        delivery.next_attempt_at = now + backoff(delivery.attempts)
        report.failed += 1
    delivery.save(update_fields=["attempts", "last_error", "state", "next_attempt_at"])
    if is_bounce(exc):
        # Counted toward suspension like a reported bounce; suspending cancels the retries.
        bounces.record_refusal(delivery, exc)
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
