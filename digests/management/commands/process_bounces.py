"""python manage.py process_bounces PATH [--delete]: record the bounces in a Maildir or mbox."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from digests.bounces import read_mailbox


class Command(BaseCommand):
    help = (
        "Read delivery status notifications (RFC 3464) from a Maildir (a directory) or an mbox "
        "(a file), record each bounce against the digest it reports, and suspend subscriptions "
        "after DIGEST_MAX_HARD_BOUNCES hard bounces. Safe to run again on the same mailbox."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="a Maildir directory or an mbox file")
        parser.add_argument(
            "--delete", action="store_true", help="remove the notifications once recorded"
        )

    def handle(self, *args, path: str, delete: bool, **options):
        try:
            report = read_mailbox(path, delete=delete)
        except FileNotFoundError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"{report.messages} messages: {report.recorded} bounces recorded ({report.soft} "
            f"temporary), {report.already_recorded} already recorded, {report.unmatched} "
            f"matching nothing we sent, {report.delivered} success notices, "
            f"{report.not_reports} not delivery status notifications (left in the mailbox)"
        )
        for address in report.suspended:
            self.stdout.write(f"suspended: {address}")
