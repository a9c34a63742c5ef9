from django.apps import AppConfig


class JobsConfig(AppConfig):
    """The job layer: Celery tasks, scrape runs, beat schedule and the queuing after commit."""

    name = "jobs"
    verbose_name = "Jobs"

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from bills.models import ChangeEvent
        from bills.signals import extraction_needed, search_index_needed

        from .queueing import (
            queue_alerts_after_commit,
            queue_extraction_after_commit,
            queue_search_index_after_commit,
        )

        extraction_needed.connect(queue_extraction_after_commit, dispatch_uid="jobs-extraction")
        search_index_needed.connect(queue_search_index_after_commit, dispatch_uid="jobs-search")
        post_save.connect(queue_alerts_after_commit, sender=ChangeEvent, dispatch_uid="jobs-alerts")
