"""The Celery app: reads Django settings under the CELERY namespace and autodiscovers tasks."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "regtracker.settings")

app = Celery("regtracker")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.on_after_finalize.connect
def add_source_schedule(sender: Celery, **kwargs) -> None:
    """Beat runs every registered source on its own period, the stale check and the sweeper."""
    from jobs.schedule import beat_schedule

    sender.conf.beat_schedule = {**(sender.conf.beat_schedule or {}), **beat_schedule()}
