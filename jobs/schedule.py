"""The Celery beat schedule: one entry per registered source, the stale check, the sweepers,
the check for runs whose process died, the daily legal-state step and the digests."""

from __future__ import annotations

from datetime import timedelta

from celery.schedules import crontab
from django.conf import settings

from scrapers.registry import all_sources


def beat_schedule() -> dict[str, dict]:
    schedule = {
        f"scrape-{name}": {
            "task": "jobs.tasks.scrape_source",
            "schedule": timedelta(hours=source.every_hours),
            "args": (name,),
        }
        for name, source in sorted(all_sources().items())
    }
    schedule["check-stale-sources"] = {
        "task": "jobs.tasks.check_stale_sources",
        "schedule": timedelta(hours=6),
    }
    schedule["sweep-pending-extraction"] = {
        "task": "jobs.tasks.sweep_pending_extraction",
        "schedule": timedelta(seconds=settings.EXTRACTION_SWEEP_SECONDS),
    }
    schedule["sweep-pending-search"] = {
        "task": "jobs.tasks.sweep_pending_search",
        "schedule": timedelta(seconds=settings.SEARCH_SWEEP_SECONDS),
    }
    schedule["mark-interrupted-runs"] = {
        "task": "jobs.tasks.mark_interrupted_runs",
        "schedule": timedelta(seconds=settings.RUN_HEARTBEAT_SECONDS * 4),
    }
    # Before the daily digests, so "a duty taking effect today" is in today's digest.
    schedule["advance-legal-states"] = {
        "task": "jobs.tasks.advance_legal_states",
        "schedule": crontab(hour=0, minute=10),
    }
    schedule.update(digest_schedule())
    return schedule


def digest_schedule() -> dict[str, dict]:
    """Daily and weekly digests at 07:00 UTC; every 5 minutes, immediate alerts and retries;
    every 15 minutes, the bounce mailbox when one is set."""
    schedule = {
        "digests-daily": {
            "task": "jobs.tasks.send_digests",
            "schedule": crontab(hour=7, minute=0),
            "args": ("daily",),
        },
        "digests-weekly": {
            "task": "jobs.tasks.send_digests",
            "schedule": crontab(hour=7, minute=0, day_of_week="mon"),
            "args": ("weekly",),
        },
        "digests-immediate": {
            "task": "jobs.tasks.send_digests",
            "schedule": timedelta(minutes=5),
            "args": ("immediate",),
        },
    }
    if settings.DIGEST_BOUNCE_MAILBOX:
        schedule["digests-bounces"] = {
            "task": "jobs.tasks.process_bounces",
            "schedule": timedelta(minutes=15),
        }
    return schedule
