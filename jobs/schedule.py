"""The Celery beat schedule: one entry per registered source, the stale check, the sweeper."""

from __future__ import annotations

from datetime import timedelta

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
    return schedule
