"""Bring the full-text search index up to date: every bill (or some), or only the marked ones.

``index_search --pending`` indexes, in this process, the bills ingest marked
and no task has indexed yet (a lost task, a broker outage): the sweeper's work
without a worker. Without it, every bill (or ``--jurisdiction``'s) is checked:
for rows written another way (a restore, a generator). Both are safe to run
any time: unchanged passages are kept, so a second run writes nothing.
"""

from django.core.management.base import BaseCommand, CommandError

from bills.models import Bill
from bills.search import index_bills, index_pending


class Command(BaseCommand):
    help = "Bring the full-text search index up to date for every bill (or --jurisdiction X)."

    def add_arguments(self, parser):
        parser.add_argument("--jurisdiction", help="only this jurisdiction's bills, e.g. US-NY")
        parser.add_argument(
            "--pending", action="store_true", help="only the bills ingest marked for indexing"
        )

    def handle(self, *args, **options):
        if options["pending"]:
            if options["jurisdiction"]:
                raise CommandError("--pending takes no --jurisdiction")
            self.stdout.write(f"{index_pending()} marked bills indexed")
            return
        bills = Bill.objects.order_by("pk")
        if options["jurisdiction"]:
            bills = bills.filter(jurisdiction__code=options["jurisdiction"])
        ids = list(bills.values_list("pk", flat=True))
        written = index_bills(ids)
        self.stdout.write(f"{len(ids)} bills checked, {written} passages written")
