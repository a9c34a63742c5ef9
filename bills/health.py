"""The stale-source alarm: a source with no successful run for too long.

Shown in the admin, on ``/health/`` and in the logs, so a silently broken
scraper (a changed site, an expired key) is noticed within days, not months.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Max
from django.utils import timezone

from .models import ScrapeRun

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class StaleSource:
    source: str
    last_success: datetime | None
    message: str


def stale_sources(sources: list[str] | None = None, now: datetime | None = None) -> list:
    """Sources (registered, or given) whose last successful run is older than the limit."""
    if sources is None:
        from scrapers.registry import all_sources

        sources = sorted(all_sources())
    now = now or timezone.now()
    limit = timedelta(days=settings.SCRAPER_STALE_AFTER_DAYS)
    last = dict(
        ScrapeRun.objects.filter(status__in=["succeeded", "partial"])
        .values_list("source")
        .annotate(last=Max("finished_at"))
    )
    alarms = []
    for source in sources:
        when = last.get(source)
        if when is None or now - when > limit:
            since = f"since {when:%Y-%m-%d %H:%M}" if when else "ever"
            message = (
                f"source {source!r} has had no successful run {since} (limit {limit.days} days)"
            )
            alarms.append(StaleSource(source, when, message))
    for alarm in alarms:
        logger.warning("stale source: %s", alarm.message)
    return alarms
