"""Bounces: refusals at send time and delivery status notifications, matched to what we sent.

A notice is matched to a delivery by, in order: the VERP address it was
returned to (``bounces+<delivery>-<signature>@domain``: signed, so nobody can
bounce someone else's digests), the ``<digest-N@…>`` Message-ID of the
returned message when the notice's recipient is that subscription's address,
or else the recipient address alone (every subscription of that address we
have sent a digest to). Each is recorded once per subscription however often
the mailbox is read (``Bounce.report_id``). After ``DIGEST_MAX_HARD_BOUNCES``
hard bounces (5.x.x) an active subscription is suspended: no more digests,
its claimed ones cancelled, as unsubscribing does; the admin shows why and
can reactivate it.
"""

from __future__ import annotations

import logging
import mailbox
import re
import smtplib
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils.crypto import constant_time_compare, salted_hmac

from .dsn import Notice, parse_dsn
from .models import Bounce, Delivery, Subscription

logger = logging.getLogger(__name__)
_DIGEST_MESSAGE_ID = re.compile(r"<digest-(\d{1,18})@[^>]+>")
FAILURE_ACTIONS = frozenset({"failed", "delayed"})
_VERP = re.compile(r"\+(\d{1,18})-([0-9a-f]{10})@")


@dataclass
class MailboxReport:
    messages: int = 0
    not_reports: int = 0  # not a delivery status notification: left for a person
    recorded: int = 0
    already_recorded: int = 0
    unmatched: int = 0
    soft: int = 0  # delayed, or a temporary failure: recorded, not counted
    delivered: int = 0  # a notice of success (delivered, relayed, expanded): nothing to record
    suspended: list[str] = field(default_factory=list)


def envelope_sender(delivery_id: int) -> str:
    """Where a digest's bounces go: its own VERP address, or the sender when none is set."""
    base = settings.DIGEST_BOUNCE_ADDRESS
    if not base:
        return settings.DEFAULT_FROM_EMAIL
    local, _, domain = base.rpartition("@")
    return f"{local}+{delivery_id}-{_signature(delivery_id)}@{domain}"


def delivery_in_verp(address: str) -> int | None:
    """The delivery a VERP address names, if its signature is ours."""
    match = _VERP.search(address)
    if match is None or not constant_time_compare(match.group(2), _signature(match.group(1))):
        return None
    return int(match.group(1))


def _signature(delivery_id) -> str:
    return salted_hmac("digests.verp", str(delivery_id)).hexdigest()[:10]


def read_mailbox(path: str | Path, delete: bool = False) -> MailboxReport:
    """Record the bounces reported in a Maildir (a directory) or an mbox (a file).

    Safe to run again on the same mailbox. ``delete`` removes the delivery status
    notifications it has recorded; every other message stays.
    """
    box = _open(Path(path))
    report = MailboxReport()
    box.lock()
    try:
        for key in list(box.keys()):
            report.messages += 1
            notices = parse_dsn(box.get_bytes(key))
            if not notices:
                report.not_reports += 1
                continue
            for notice in notices:
                record_notice(notice, report)
            if delete:
                box.remove(key)
        box.flush()
    finally:
        box.unlock()
        box.close()
    return report


def _open(path: Path) -> mailbox.Mailbox:
    if path.is_dir():
        return mailbox.Maildir(path, create=False)
    if path.is_file():
        return mailbox.mbox(path, create=False)
    raise FileNotFoundError(f"no Maildir or mbox at {path}")


def record_notice(notice: Notice, report: MailboxReport) -> None:
    if notice.action not in FAILURE_ACTIONS:
        report.delivered += 1
        return
    matches = _match(notice)
    if not matches:
        report.unmatched += 1
        logger.info(
            "bounce for %s matches nothing we sent (%s)", notice.recipient, notice.report_id
        )
        return
    for subscription_id, delivery_id in matches:
        outcome = record(subscription_id, delivery_id, notice)
        if outcome == "already":
            report.already_recorded += 1
            continue
        report.recorded += 1
        report.soft += not notice.hard
        if outcome == "suspended":
            report.suspended.append(notice.recipient)


def _match(notice: Notice) -> list[tuple[int, int | None]]:
    """(subscription id, delivery id) pairs the notice is about."""
    for address in notice.envelope_to:
        if (delivery_id := delivery_in_verp(address)) is not None:
            found = Delivery.objects.filter(pk=delivery_id).values_list("subscription_id", "pk")
            if found:
                return list(found)
    recipients = {a for a in (notice.recipient, notice.original_recipient) if a}
    if match := _DIGEST_MESSAGE_ID.fullmatch(notice.message_id):
        delivery = Delivery.objects.filter(pk=int(match.group(1))).select_related("subscription")
        delivery = delivery.first()
        if delivery is not None and delivery.subscription.email.lower() in recipients:
            return [(delivery.subscription_id, delivery.pk)]
    sent = Delivery.objects.filter(state="sent", subscription__email__iexact=notice.recipient)
    latest: dict[int, int] = {}
    for subscription_id, delivery_id in sent.order_by("sent_at", "id").values_list(
        "subscription_id", "pk"
    ):
        latest[subscription_id] = delivery_id
    return list(latest.items())


def record(subscription_id: int, delivery_id: int | None, notice: Notice) -> str:
    """Record one bounce: "already" (seen before), "recorded" or "suspended"."""
    with transaction.atomic():
        subscription = Subscription.objects.select_for_update().get(pk=subscription_id)
        _, created = Bounce.objects.get_or_create(
            report_id=notice.report_id[:300],
            subscription=subscription,
            defaults={
                "delivery_id": delivery_id,
                "recipient": notice.recipient[:254],
                "action": notice.action[:20] or "failed",
                "status": notice.status[:12],
                "hard": notice.hard,
                "diagnostic": notice.diagnostic,
            },
        )
        if not created:
            return "already"
        if notice.hard and _count_hard_bounce(subscription):
            return "suspended"
    return "recorded"


def record_refusal(delivery: Delivery, exc: smtplib.SMTPException) -> str:
    """A permanent refusal at send time (the SMTP server's 5xx reply), as a bounce."""
    code, text = _smtp_reply(exc)
    enhanced = re.search(r"\b5\.\d{1,3}\.\d{1,3}\b", text)
    notice = Notice(
        report_id=f"smtp:{delivery.pk}:{delivery.attempts}",
        recipient=delivery.subscription.email.lower(),
        original_recipient="",
        action="failed",
        status=enhanced.group(0) if enhanced else f"{str(code)[:1]}.0.0",
        diagnostic=f"smtp; {code} {text}"[:1000],
        message_id="",
        envelope_to=(),
    )
    return record(delivery.subscription_id, delivery.pk, notice)


def _smtp_reply(exc: smtplib.SMTPException) -> tuple[int, str]:
    if isinstance(exc, smtplib.SMTPRecipientsRefused) and exc.recipients:
        code, text = next(iter(exc.recipients.values()))
    else:
        code, text = getattr(exc, "smtp_code", 0), getattr(exc, "smtp_error", b"")
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    return code, " ".join(str(text).split())


def _count_hard_bounce(subscription: Subscription) -> bool:
    """Count it (the row is locked by the caller); True when this suspends the subscription."""
    subscription.bounces += 1
    subscription.save(update_fields=["bounces"])
    if subscription.state != "active" or subscription.bounces < settings.DIGEST_MAX_HARD_BOUNCES:
        return False
    suspend(subscription)
    return True


def suspend(subscription: Subscription) -> None:
    """No more digests; what is claimed but not sent is cancelled (call inside a transaction)."""
    subscription.state = "suspended"
    subscription.save(update_fields=["state"])
    subscription.deliveries.filter(state="pending").update(state="cancelled")
    logger.warning(
        "subscription %s suspended after %s hard bounces", subscription.pk, subscription.bounces
    )


def reactivate(subscription: Subscription) -> None:
    """An administrator's decision: the address works again; its bounce count starts over."""
    with transaction.atomic():
        subscription = Subscription.objects.select_for_update().get(pk=subscription.pk)
        if subscription.state == "suspended":
            subscription.state = "active"
            subscription.bounces = 0
            subscription.save(update_fields=["state", "bounces"])
