"""``send_digests``: claim the period, then send what is due. The command and the tasks call this."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone

from .claiming import ClaimReport, claim_due
from .sending import SendReport, send_pending


def send_digests(frequency: str, now: datetime | None = None) -> tuple[ClaimReport, SendReport]:
    """Claim ``frequency``'s current period for every subscription, then send all due deliveries.

    Safe to run any number of times: a claimed period is never claimed again,
    a sent delivery never sent again; due retries of other periods go out too.
    """
    now = now or timezone.now()
    claimed = claim_due(frequency, now)
    return claimed, send_pending(now)
