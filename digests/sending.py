"""Sending claimed deliveries: batches over one SMTP connection each, exactly once per delivery.

How a delivery goes out (``holding.py`` has the statements):

1. A sender takes a batch: one ``UPDATE`` moves up to ``DIGEST_BATCH_SIZE``
   due deliveries from ``pending`` to ``sending`` under its token and
   commits. Parallel senders get disjoint batches (``FOR UPDATE SKIP LOCKED``
   on PostgreSQL) and never look at each other's rows again.
2. Each message of the batch is handed to the SMTP server over the batch's
   one connection; once the server has answered "250", one statement marks
   that delivery ``sent`` and commits, before the next message is handed
   over. A refusal or an SMTP error is recorded the same way (see below).
3. At the end of the batch, or when it stops on an exception, whatever it
   took and neither sent nor recorded goes back to ``pending``.

So the unit of exactly-once stays the message, not the batch. A worker
killed in the middle of a batch leaves every message accepted before the
kill marked ``sent``, and the rest of its batch ``sending`` under a dead
sender; the next run (``release_orphans``) gives those back to ``pending``
and sends them: none twice, none skipped. A sender is known dead when its
database session has ended (PostgreSQL: its advisory lock is gone; SQLite:
its process is gone), so a run right after the crash finds them; a sender
that is merely slow keeps its rows.

What remains is SMTP's own window (RFC 1047), one message wide: a crash
after the server's "250" but before the mark commits, or a database session
lost while a message is being handed over, sends that one message again.
Its stable Message-ID lets a receiver drop the copy. On PostgreSQL the mark
commits without waiting for the disk (``synchronous_commit = off``): a
killed worker loses nothing (the commit is visible to every session at
once); a crash of the database server itself can lose the last fraction of
a second of marks, and those messages go out again after it restarts.

Senders must hold a session of their own (no transaction-pooling proxy) and
run outside a transaction (the task and the command do): each mark commits
on its own. A subscription unsubscribed while its digest sits in a taken
batch (a few seconds) still gets that digest; one unsubscribed earlier does
not (the batch skips inactive subscriptions and cancels their deliveries).

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
    recovered: int = 0  # left "sending" by a dead sender, given back to "pending" first
    errors: list[str] = field(default_factory=list)

    def add(self, other: SendReport) -> None:
        for name in ("sent", "failed", "gave_up", "cancelled", "recovered"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.errors += other.errors


def send_pending(now: datetime | None = None, batch_size: int | None = None) -> SendReport:
    """Send every delivery that is due, one SMTP connection per batch, one renderer for all."""
    now = now or timezone.now()
    report = SendReport(recovered=holding.release_orphans())
    renderer = DigestRenderer(empty_window(timezone.localdate(now)))
    with holding.Sender() as sender:
        while ids := sender.take(now, batch_size or settings.DIGEST_BATCH_SIZE):
            report.add(send_batch(sender, ids, now, renderer))
    return report


def send_batch(
    sender: holding.Sender, ids: list[int], now: datetime, renderer: DigestRenderer
) -> SendReport:
    """Send these deliveries, which ``sender`` took, over one connection.

    ``send_pending`` passes one ``renderer`` to all its batches, so what readers
    share is rendered once per run.
    """
    report = SendReport()
    try:
        deliveries = list(
            Delivery.objects.filter(id__in=ids).select_related("subscription").order_by("id")
        )
        gone = [d.pk for d in deliveries if d.subscription.state != "active"]
        holding.cancel(gone)
        report.cancelled += len(gone)
        deliveries = [d for d in deliveries if d.pk not in gone]
        _cover(renderer, deliveries)
        backend = get_connection(timeout=settings.EMAIL_TIMEOUT)
        try:
            for delivery in deliveries:
                _send_one(delivery, backend, renderer, now, report)
        finally:
            backend.close()
    finally:
        sender.give_back(ids)  # what an exception left neither sent nor recorded
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
    try:
        hand_over(backend, renderer.message(delivery))
    except (smtplib.SMTPException, OSError) as exc:
        _record_failure(delivery, exc, now, report)
        backend.close()  # the next message opens a fresh connection
        return
    holding.mark_sent(delivery.pk, timezone.now())  # committed before the next hand-over
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
    delivery.state, delivery.sender = "pending", None
    if delivery.attempts >= settings.DIGEST_MAX_ATTEMPTS:
        delivery.state = "failed"
        report.gave_up += 1
    else:
        delivery.next_attempt_at = now + backoff(delivery.attempts)
        report.failed += 1
    delivery.save(update_fields=["attempts", "last_error", "state", "sender", "next_attempt_at"])
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
