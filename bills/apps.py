from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate


def backfill_legal_states(sender, using: str = "default", **kwargs) -> None:
    """After ``migrate``: bills stored before legal states existed get theirs (a no-op after).

    Done here rather than in a data migration because the derivation reads the
    current models and texts, which a historical migration must not import.
    """
    from bills.legal_state import recompute_legal_states
    from bills.models import Bill

    missing = Bill.objects.using(using).filter(legal_state_since=None, legal_timeline=[])
    ids = list(missing.values_list("pk", flat=True))
    if ids:
        recompute_legal_states(ids)


class BillsConfig(AppConfig):
    name = "bills"
    verbose_name = "Bills and obligations"

    def ready(self) -> None:
        from bills import generation, totals
        from regtracker.cache import reconnected

        post_migrate.connect(backfill_legal_states, sender=self)
        connection_created.connect(generation.install)  # writes move the data's generation
        connection_created.connect(totals.install)  # writes keep the maintained totals current
        post_migrate.connect(totals.build_after_migrate, sender=self)
        reconnected.connect(generation.after_outage)
