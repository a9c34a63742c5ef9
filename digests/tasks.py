"""Celery tasks and triggers for digests (the job layer; the domain modules never import this).

Thin wrappers over ``dispatch``/``sending`` that take no model instances and
are safe to run twice: the delivery rows make every send exactly once. Beat
runs the daily and weekly digests and a sweeper that sends whatever is due
(retries after backoff, a batch a killed worker left pending, immediate
alerts whose trigger was lost). Immediate alerts are queued when a
transaction that recorded a ``ChangeEvent`` commits.

Moves to ``jobs/`` when the job layer of issue 15 lands.
"""

from __future__ import annotations

import logging
from dataclasses import asdict

from celery import shared_task
from celery.schedules import crontab
from django.db import DatabaseError, connection, transaction
from django.db.models.signals import post_save

from bills.models import ChangeEvent

logger = logging.getLogger(__name__)

RETRY = {
    "autoretry_for": (DatabaseError, ConnectionError, TimeoutError),
    "retry_backoff": 5,
    "retry_backoff_max": 300,
    "retry_jitter": True,
    "max_retries": 5,
}

BEAT_SCHEDULE = {
    "digests-daily": {
        "task": "digests.tasks.send_digests_task",
        "schedule": crontab(hour=7, minute=0),
        "args": ("daily",),
    },
    "digests-weekly": {
        "task": "digests.tasks.send_digests_task",
        "schedule": crontab(hour=7, minute=0, day_of_week="mon"),
        "args": ("weekly",),
    },
    "digests-sweep": {
        "task": "digests.tasks.send_digests_task",
        "schedule": crontab(minute="*/5"),
        "args": ("immediate",),
    },
}


@shared_task(**RETRY)
def send_digests_task(frequency: str) -> dict:
    """Claim ``frequency``'s period and send everything due (retries of any period included)."""
    from .dispatch import send_digests

    claimed, sent = send_digests(frequency)
    return {"claimed": asdict(claimed), "sent": asdict(sent)}


@shared_task(**RETRY)
def send_delivery_batch(delivery_ids: list[int]) -> dict:
    """Send these claimed deliveries over one connection; those already sent are skipped."""
    from .sending import send_batch

    return asdict(send_batch(delivery_ids))


def queue_immediate_alerts(sender, instance: ChangeEvent, created: bool, **kwargs) -> None:
    """Once per committing transaction that recorded change events: queue the immediate alerts."""
    if not created:
        return
    if any(func is _after_commit for _, func, *_ in connection.run_on_commit):
        return  # already queued by an earlier event of this transaction
    transaction.on_commit(_after_commit, robust=True)


def _after_commit() -> None:
    from .claiming import settle_seconds
    from .models import Subscription

    if Subscription.objects.active().filter(frequency="immediate").exists():
        send_digests_task.apply_async(args=("immediate",), countdown=settle_seconds() + 1)


post_save.connect(queue_immediate_alerts, sender=ChangeEvent, dispatch_uid="digests-immediate")
