"""What happened: scrape/import runs and the change events that digests and feeds read."""

from __future__ import annotations

import os
import socket

from django.db import models

from .bill import Bill

RUN_STATUSES = [
    ("running", "Running"),
    ("succeeded", "Succeeded"),
    ("partial", "Succeeded with failed records"),
    ("failed", "Failed"),
    ("interrupted", "Interrupted (its process stopped)"),
]


def this_host() -> str:
    return socket.gethostname()[:100]


def this_pid() -> int:
    return os.getpid()


CHANGE_KINDS = [
    ("new_bill", "New bill"),
    ("status_change", "Status change"),
    ("new_action", "New action"),
    ("new_version", "New text version"),
    ("obligations_changed", "Obligations changed"),
    ("details_changed", "Details changed"),
    ("legal_state_changed", "Legal state changed"),
]
# What people follow (home page, feeds); ``new_bill`` and ``details_changed`` are import
# bookkeeping. A partial index holds only these, newest first.
LEGISLATIVE_KINDS = (
    "status_change",
    "new_action",
    "new_version",
    "obligations_changed",
    "legal_state_changed",
)


class ScrapeRun(models.Model):
    source = models.CharField(max_length=40, db_index=True)
    parameters = models.JSONField(default=dict, blank=True)
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=12, choices=RUN_STATUSES, default="running")
    inserted = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    failed = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    # Liveness: the process running it, and when it last said it was alive (with its counts),
    # so a run whose process died is marked interrupted instead of "running" for ever.
    host = models.CharField(max_length=100, blank=True, default=this_host)
    pid = models.PositiveIntegerField(null=True, blank=True, default=this_pid)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    # A folder run: one entry per file, {"file", "records", "error"} (empty for other runs).
    files = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-started_at"]
        indexes = [models.Index(fields=["source", "status", "-started_at"], name="run_src_idx")]

    def __str__(self) -> str:
        return f"{self.source} {self.started_at:%Y-%m-%d %H:%M} {self.status}"


class ChangeEvent(models.Model):
    bill = models.ForeignKey(Bill, on_delete=models.CASCADE, related_name="change_events")
    kind = models.CharField(max_length=24, choices=CHANGE_KINDS)
    occurred_at = models.DateTimeField(auto_now_add=True, db_index=True)
    details = models.JSONField(default=dict, blank=True)
    run = models.ForeignKey(
        ScrapeRun,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,  # events outlive pruned run logs
        related_name="events",
    )

    class Meta:
        ordering = ["-occurred_at", "-id"]
        indexes = [
            # The home page's and the feeds' "newest legislative changes": read from the end
            # of this index, never past import bookkeeping (a new_bill event per bill).
            models.Index(
                fields=["-occurred_at", "-id"],
                name="change_legislative_idx",
                condition=models.Q(kind__in=LEGISLATIVE_KINDS),
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.bill}"
