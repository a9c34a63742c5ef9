"""Subscribe, confirm, change, unsubscribe: the life of a subscription, without an account.

Double opt-in: a new subscription is ``pending`` and receives nothing but its
confirmation until the signed link is followed. Subscribing an address again
answers exactly as the first time (a fresh confirmation to the address
itself), so the form never reveals who is subscribed. A confirmed
subscription's cursor starts at the newest change: its first digest tells
what happened after it was confirmed.
"""

from __future__ import annotations

import logging

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from bills.models import ChangeEvent

from .models import FILTER_FIELDS, Subscription
from .rendering import confirmation_message

logger = logging.getLogger(__name__)


def subscribe(email: str, frequency: str = "daily", **filters) -> Subscription:
    """A pending subscription with these filters; its confirmation is mailed after commit."""
    values = _filter_values(filters)
    with transaction.atomic():
        subscription = Subscription.objects.filter(
            email__iexact=email, state="pending", frequency=frequency, **values
        ).first() or Subscription.objects.create(email=email, frequency=frequency, **values)
        pk = subscription.pk
        transaction.on_commit(lambda: send_confirmation(pk), robust=True)
    return subscription


def send_confirmation(subscription_id: int) -> None:
    """Mail the confirmation link; logged, not raised: the page must not tell anything more."""
    subscription = Subscription.objects.get(pk=subscription_id)
    if subscription.state != "pending":
        return
    try:
        confirmation_message(subscription).send()
    except OSError:
        logger.exception("confirmation to subscription %s could not be sent", subscription_id)


def confirm(subscription: Subscription) -> Subscription:
    """Activate a pending subscription (idempotent); an unsubscribed one stays unsubscribed."""
    with transaction.atomic():
        subscription = Subscription.objects.select_for_update().get(pk=subscription.pk)
        if subscription.state == "pending":
            subscription.state = "active"
            subscription.confirmed_at = timezone.now()
            subscription.last_event_id = ChangeEvent.objects.aggregate(m=Max("id"))["m"] or 0
            subscription.save(update_fields=["state", "confirmed_at", "last_event_id"])
    return subscription


def update(subscription: Subscription, frequency: str, **filters) -> Subscription:
    """Change filters and frequency; the cursor stays, so no change is lost or repeated."""
    for name, value in _filter_values(filters).items():
        setattr(subscription, name, value)
    subscription.frequency = frequency
    subscription.save(update_fields=[*FILTER_FIELDS, "frequency"])
    return subscription


def unsubscribe(subscription: Subscription) -> Subscription:
    """Stop every mail at once, including a digest already claimed but not yet sent.

    One already in a sender's batch (seconds from going out, see ``sending.py``) still goes.
    """
    with transaction.atomic():
        subscription = Subscription.objects.select_for_update().get(pk=subscription.pk)
        if subscription.state != "unsubscribed":
            subscription.state = "unsubscribed"
            subscription.unsubscribed_at = timezone.now()
            subscription.save(update_fields=["state", "unsubscribed_at"])
        subscription.deliveries.filter(state="pending").update(state="cancelled")
    return subscription


def _filter_values(filters: dict) -> dict:
    unknown = set(filters) - set(FILTER_FIELDS)
    if unknown:
        raise TypeError(f"unknown subscription filters: {sorted(unknown)}")
    values = {name: sorted(set(filters.get(name) or [])) for name in FILTER_FIELDS}
    values["query"] = " ".join((filters.get("query") or "").split())
    return values
