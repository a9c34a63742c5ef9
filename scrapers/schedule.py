"""The Celery beat schedule, one entry per registered source."""

from __future__ import annotations

from datetime import timedelta

from .registry import all_sources


def beat_schedule() -> dict[str, dict]:
    schedule = {
        f"scrape-{name}": {
            "task": "scrapers.tasks.scrape_source",
            "schedule": timedelta(hours=source.every_hours),
            "args": (name,),
        }
        for name, source in sorted(all_sources().items())
    }
    schedule["check-stale-sources"] = {
        "task": "scrapers.tasks.check_stale_sources",
        "schedule": timedelta(hours=6),
    }
    return schedule
