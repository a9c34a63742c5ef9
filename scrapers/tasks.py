"""Celery tasks for scraping: one task per source run, scheduled by beat from the registry."""

from __future__ import annotations

from datetime import date

from celery import shared_task

from bills.tasks import RETRY


@shared_task(**RETRY)
def scrape_source(name: str, jurisdiction: str = "", session: str = "", since: str = "") -> int:
    """Run one source; returns the ScrapeRun id. Failures are recorded on the run, not raised."""
    from bills.scraping import run_source
    from scrapers.registry import ScrapeParams

    params = ScrapeParams(jurisdiction, session, date.fromisoformat(since) if since else None)
    return run_source(name, params).pk


@shared_task
def check_stale_sources() -> list[str]:
    """Log the stale-source alarm (also shown in the admin and on /health/)."""
    from bills.health import stale_sources

    return [alarm.message for alarm in stale_sources()]
