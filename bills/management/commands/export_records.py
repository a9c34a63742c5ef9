"""python manage.py export_records [--jurisdiction X] > FILE.jsonl"""

from django.core.management.base import BaseCommand

from bills.importing import export_jsonl


class Command(BaseCommand):
    help = "Write every stored bill as JSONL records to standard output."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--jurisdiction", help="only this jurisdiction, e.g. US-NY")

    def handle(self, jurisdiction: str | None = None, **options) -> None:
        count = export_jsonl(self.stdout, jurisdiction)
        self.stderr.write(f"{count} records written")
