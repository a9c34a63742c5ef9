"""python manage.py recompute_legal_states [--all] [--date YYYY-MM-DD]

The daily step (effective dates passing, sessions ending) by default; with
``--all`` every bill's legal timeline is derived again from its facts (after
an upgrade, or when the rules change). The Celery beat runs the daily step.
"""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from bills.legal_state import advance_legal_states, recompute_legal_states, today


class Command(BaseCommand):
    help = "Bring stored legal states up to date (daily step, or --all to re-derive every bill)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--all", action="store_true", help="re-derive every bill's timeline")
        parser.add_argument("--date", help="the day to compute states for (default today)")

    def handle(self, *args, **options) -> None:
        try:
            on = date.fromisoformat(options["date"]) if options["date"] else today()
        except ValueError as exc:
            raise CommandError(f"--date must be YYYY-MM-DD: {exc}") from exc
        if options["all"]:
            changed = recompute_legal_states(on=on)
        else:
            changed = advance_legal_states(on=on)
        self.stdout.write(f"legal states as of {on}: {changed} bill(s) changed")
