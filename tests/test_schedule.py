"""Beat runs every registered source on its own period, and the stale-source check."""

from datetime import timedelta

from scrapers.registry import all_sources
from scrapers.schedule import beat_schedule


def test_every_registered_source_has_a_beat_entry_with_its_period():
    schedule = beat_schedule()
    for name, source in all_sources().items():
        entry = schedule[f"scrape-{name}"]
        assert entry["task"] == "scrapers.tasks.scrape_source"
        assert entry["args"] == (name,)
        assert entry["schedule"] == timedelta(hours=source.every_hours)
    assert schedule["check-stale-sources"]["task"] == "scrapers.tasks.check_stale_sources"


def test_the_celery_app_picks_up_the_schedule_and_the_tasks():
    from regtracker.celery import app

    app.finalize()
    app.loader.import_default_modules()
    assert set(beat_schedule()) <= set(app.conf.beat_schedule)
    assert {"scrapers.tasks.scrape_source", "bills.tasks.extract_version_obligations"} <= set(
        app.tasks
    )
