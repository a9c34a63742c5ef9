"""python manage.py rebuild_totals [--check]

Recomputes the maintained totals (``bills.totals``: the matrix's cells as of
today and the bills by status) from the obligations and bills. Every write
keeps them current by itself; this is for a database restored or edited
with the triggers off, or to check them (``--check`` compares and exits
non-zero when they differ, writing nothing).
"""

from django.core.management.base import BaseCommand, CommandError

from bills import totals


class Command(BaseCommand):
    help = "Recompute the maintained matrix cells and status counts from scratch."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--check", action="store_true", help="compare only; exit 1 if stale")

    def handle(self, *args, **options) -> None:
        if options["check"]:
            differences = totals.differences()
            for line in differences:
                self.stdout.write(line)
            if differences:
                raise CommandError(f"{len(differences)} maintained total(s) differ")
            self.stdout.write("maintained totals match a computation from scratch")
            return
        cells = totals.rebuild()
        self.stdout.write(f"rebuilt {cells} matrix cell total(s) and the status counts")
