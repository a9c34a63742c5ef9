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
    """Sources (registered, or given) that ran before but not successfully within the limit.

    A source that never ran at all is "not started" (``not_started_sources``),
    not stale: a fresh install has scraped nothing yet, and nothing is broken.
    """
    sources = _registered() if sources is None else sources
    now = now or timezone.now()
    limit = timedelta(days=settings.SCRAPER_STALE_AFTER_DAYS)
    last = dict(
        ScrapeRun.objects.filter(status__in=["succeeded", "partial"])
        .values_list("source")
        .annotate(last=Max("finished_at"))
    )
    started = _started(sources)
    alarms = []
    for source in sources:
        when = last.get(source)
        if source in started and (when is None or now - when > limit):
            since = f"since {when:%Y-%m-%d %H:%M}" if when else "ever"
            message = (
                f"source {source!r} has had no successful run {since} (limit {limit.days} days)"
            )
            alarms.append(StaleSource(source, when, message))
    for alarm in alarms:
        logger.warning("stale source: %s", alarm.message)
    return alarms


def not_started_sources(sources: list[str] | None = None) -> list[str]:
    """Sources that have never run (not even a failed run): scheduled, or not yet set up."""
    sources = _registered() if sources is None else sources
    started = _started(sources)
    return [source for source in sources if source not in started]


def _registered() -> list[str]:
    from scrapers.registry import all_sources

    return sorted(all_sources())


def _started(sources: list[str]) -> set[str]:
    return set(
        ScrapeRun.objects.filter(source__in=sources).values_list("source", flat=True).distinct()
    )


def service_checks() -> dict[str, dict[str, str]]:
    """The database and Redis as ``/health/`` reports them: ok, unreachable (why), not configured.

    Redis is the cache, the throttle's memory and the task broker; when it is
    down pages still serve (without cache) but nothing is queued, so an
    operator must see it here rather than in the logs alone.
    """
    from django.db import connection

    from regtracker.cache import redis_reachable

    checks: dict[str, dict[str, str]] = {}
    try:
        connection.ensure_connection()
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = {"status": "ok", "vendor": connection.vendor}
    except Exception as exc:  # noqa: BLE001 - any failure is "unreachable", with its reason
        checks["database"] = {"status": "unreachable", "error": f"{type(exc).__name__}: {exc}"}
    if settings.REDIS_URL:
        ok, error = redis_reachable(settings.REDIS_URL)
        checks["redis"] = {"status": "ok"} if ok else {"status": "unreachable", "error": error}
    else:
        checks["redis"] = {"status": "not configured (embedded default: local cache, eager tasks)"}
    return checks
