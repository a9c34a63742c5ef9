"""python manage.py send_digests --frequency daily|weekly|immediate"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from digests.dispatch import send_digests


class Command(BaseCommand):
    help = "Claim this period's digests for every confirmed subscription and send what is due."

    def add_arguments(self, parser):
        parser.add_argument("--frequency", choices=["daily", "weekly", "immediate"], required=True)

    def handle(self, *args, frequency: str, **options):
        claimed, sent = send_digests(frequency)
        self.stdout.write(
            f"{claimed.period}: claimed {claimed.claimed}, nothing new {claimed.nothing_new}, "
            f"already claimed {claimed.already_claimed}; sent {sent.sent}, failed {sent.failed} "
            f"(will retry), gave up {sent.gave_up}, cancelled {sent.cancelled}"
        )
        for error in sent.errors:
            self.stderr.write(error)
