"""Beat runs every registered source on its own period, the stale-source check and the sweeper."""

from datetime import timedelta

from django.conf import settings

from jobs.schedule import beat_schedule
from scrapers.registry import all_sources


def test_every_registered_source_has_a_beat_entry_with_its_period():
    schedule = beat_schedule()
    for name, source in all_sources().items():
        entry = schedule[f"scrape-{name}"]
        assert entry["task"] == "jobs.tasks.scrape_source"
        assert entry["args"] == (name,)
        assert entry["schedule"] == timedelta(hours=source.every_hours)
    assert schedule["check-stale-sources"]["task"] == "jobs.tasks.check_stale_sources"


def test_the_sweeper_of_pending_extraction_runs_on_its_period():
    entry = beat_schedule()["sweep-pending-extraction"]
    assert entry["task"] == "jobs.tasks.sweep_pending_extraction"
    assert entry["schedule"] == timedelta(seconds=settings.EXTRACTION_SWEEP_SECONDS)


def test_runs_whose_process_died_are_looked_for_several_times_per_timeout():
    entry = beat_schedule()["mark-interrupted-runs"]
    assert entry["task"] == "jobs.tasks.mark_interrupted_runs"
    assert entry["schedule"] < timedelta(seconds=settings.RUN_HEARTBEAT_TIMEOUT)


def test_legal_states_advance_daily_before_the_digests_go_out():
    entry = beat_schedule()["advance-legal-states"]
    assert entry["task"] == "jobs.tasks.advance_legal_states"
    assert entry["schedule"].hour == {0}
    assert beat_schedule()["digests-daily"]["schedule"].hour == {7}


def test_the_celery_app_picks_up_the_schedule_and_the_tasks():
    from regtracker.celery import app

    app.finalize()
    app.loader.import_default_modules()
    assert set(beat_schedule()) <= set(app.conf.beat_schedule)
    assert {
        "jobs.tasks.scrape_source",
        "jobs.tasks.extract_version_obligations",
        "jobs.tasks.sweep_pending_extraction",
        "jobs.tasks.advance_legal_states",
    } <= set(app.tasks)


def test_every_task_acknowledges_late_so_a_killed_worker_redelivers_it():
    from regtracker.celery import app

    app.loader.import_default_modules()
    ours = [task for name, task in app.tasks.items() if name.startswith("jobs.")]
    assert ours and all(task.acks_late and task.reject_on_worker_lost for task in ours)
    timeout = app.conf.broker_transport_options["visibility_timeout"]
    assert timeout > app.conf.task_time_limit
