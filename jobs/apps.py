from django.apps import AppConfig


class JobsConfig(AppConfig):
    """The job layer: Celery tasks, scrape runs, beat schedule and the queuing after commit."""

    name = "jobs"
    verbose_name = "Jobs"

    def ready(self) -> None:
        from bills.signals import extraction_needed

        from .queueing import queue_extraction_after_commit

        extraction_needed.connect(queue_extraction_after_commit, dispatch_uid="jobs-extraction")
