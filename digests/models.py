"""Subscriptions, their deliveries (one per subscription and period) and announced dates.

A ``Delivery`` row is the claim on a period: its unique constraint on
(subscription, period) is what makes a digest go out exactly once, whichever
worker, retry or re-run gets there. The subscription's cursor
(``last_event_id``) moves in the same transaction that writes the claim, so
the next period starts exactly where this one ended: nothing twice, nothing
skipped.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone

FREQUENCIES = [
    ("immediate", "Immediately"),
    ("daily", "Daily"),
    ("weekly", "Weekly"),
]
SUBSCRIPTION_STATES = [
    ("pending", "Waiting for confirmation"),
    ("active", "Confirmed"),
    ("unsubscribed", "Unsubscribed"),
]
DELIVERY_STATES = [
    ("pending", "Claimed, not sent yet"),
    ("sent", "Sent"),
    ("failed", "Gave up after retries"),
    ("cancelled", "Not sent: unsubscribed before sending"),
]


class SubscriptionQuerySet(models.QuerySet):
    def active(self) -> SubscriptionQuerySet:
        return self.filter(state="active")


class Subscription(models.Model):
    email = models.EmailField(db_index=True)
    jurisdictions = models.JSONField(default=list, blank=True, help_text="Codes; empty = all")
    categories = models.JSONField(default=list, blank=True, help_text="Taxonomy codes")
    actors = models.JSONField(default=list, blank=True, help_text="Taxonomy codes")
    query = models.CharField(max_length=300, blank=True, help_text="Search syntax")
    bills = models.JSONField(default=list, blank=True, help_text="Watched bill ids")
    legal_states = models.JSONField(default=list, blank=True)
    frequency = models.CharField(max_length=12, choices=FREQUENCIES, default="daily")
    state = models.CharField(max_length=14, choices=SUBSCRIPTION_STATES, default="pending")
    last_event_id = models.BigIntegerField(
        default=0, help_text="Cursor: the last ChangeEvent id covered by a claimed digest"
    )
    bounces = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["state", "frequency", "id"], name="subscription_due_idx")]

    def __str__(self) -> str:
        return f"{self.email} ({self.frequency}, {self.state})"

    @property
    def filters(self) -> dict:
        return {name: getattr(self, name) for name in FILTER_FIELDS}


FILTER_FIELDS = ("jurisdictions", "categories", "actors", "query", "bills", "legal_states")


class Delivery(models.Model):
    subscription = models.ForeignKey(
        Subscription,
        on_delete=models.CASCADE,  # a deleted address takes its delivery log with it
        related_name="deliveries",
    )
    period = models.CharField(max_length=40, help_text="daily:2026-11-30, weekly:2026-W48, …")
    event_ids = models.JSONField(default=list, blank=True)
    announcements = models.JSONField(default=list, blank=True)
    state = models.CharField(max_length=10, choices=DELIVERY_STATES, default="pending")
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "period"], name="one_delivery_per_period"
            )
        ]
        indexes = [models.Index(fields=["state", "next_attempt_at"], name="delivery_due_idx")]

    def __str__(self) -> str:
        return f"{self.subscription.email} {self.period} {self.state}"


class Announcement(models.Model):
    """An upcoming date already told to a subscriber, so it is never told twice (Open States #544)."""

    subscription = models.ForeignKey(
        Subscription, on_delete=models.CASCADE, related_name="announced"
    )  # goes with the subscription
    bill = models.ForeignKey(
        "bills.Bill", on_delete=models.CASCADE, related_name="+"
    )  # a removed bill has nothing left to announce
    date = models.DateField()
    delivery = models.ForeignKey(
        Delivery, on_delete=models.CASCADE, related_name="announced"
    )  # written with the claim that announced it

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "bill", "date"], name="announce_date_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.subscription_id}: bill {self.bill_id} on {self.date}"
