from django.apps import AppConfig


class DigestsConfig(AppConfig):
    name = "digests"
    verbose_name = "Email digests and alerts"

    def ready(self) -> None:
        # The job layer listens for committed ChangeEvents to queue immediate alerts;
        # the domain modules of this app never import it.
        from . import tasks  # noqa: F401
