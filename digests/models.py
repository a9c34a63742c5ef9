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
    ("suspended", "Suspended: the address bounced"),
]
DELIVERY_STATES = [
    ("pending", "Claimed, not sent yet"),
    ("sending", "Taken by a sender, being sent"),
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
    bounces = models.PositiveIntegerField(
        default=0, help_text="Hard bounces: permanent refusals at send time and failure reports"
    )
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
    sender = models.BigIntegerField(
        null=True, blank=True, help_text="While sending: the token of the sender that took it"
    )
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


class Bounce(models.Model):
    """A refusal of a digest: at send time (the SMTP reply) or reported later (an RFC 3464 DSN)."""

    subscription = models.ForeignKey(
        Subscription, on_delete=models.CASCADE, related_name="bounce_log"
    )  # the log goes with the address
    delivery = models.ForeignKey(
        Delivery, on_delete=models.SET_NULL, null=True, blank=True, related_name="bounces"
    )  # when the report names it (VERP, Message-ID); a pruned delivery leaves the bounce
    report_id = models.CharField(
        max_length=300, help_text="The DSN's Message-ID (or smtp:<delivery>:<attempt>)"
    )
    recipient = models.CharField(max_length=254)
    action = models.CharField(max_length=20, help_text="failed, delayed, …")
    status = models.CharField(max_length=12, blank=True, help_text="RFC 3463: 5.1.1, 4.2.2, …")
    hard = models.BooleanField(help_text="A permanent failure (5.x.x): counts toward suspension")
    diagnostic = models.TextField(blank=True)
    received_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-received_at", "-id"]
        constraints = [
            # The same report read again (a mailbox processed twice) is not a second bounce.
            models.UniqueConstraint(
                fields=["report_id", "subscription"], name="one_bounce_per_report"
            )
        ]

    def __str__(self) -> str:
        return f"{self.recipient} {self.status or self.action} ({self.report_id})"
