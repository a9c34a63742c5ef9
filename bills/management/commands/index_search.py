"""Re-index every bill (or some) for full-text search: after a bulk load that skipped ingest.

Ingest keeps the index current by itself; this is for rows written another
way (a restore, a generator) and is safe to run any time: unchanged passages
are kept, so a second run writes nothing.
"""

from django.core.management.base import BaseCommand

from bills.models import Bill
from bills.search import index_bills


class Command(BaseCommand):
    help = "Bring the full-text search index up to date for every bill (or --jurisdiction X)."

    def add_arguments(self, parser):
        parser.add_argument("--jurisdiction", help="only this jurisdiction's bills, e.g. US-NY")

    def handle(self, *args, **options):
        bills = Bill.objects.order_by("pk")
        if options["jurisdiction"]:
            bills = bills.filter(jurisdiction__code=options["jurisdiction"])
        ids = list(bills.values_list("pk", flat=True))
        written = index_bills(ids)
        self.stdout.write(f"{len(ids)} bills checked, {written} passages written")
