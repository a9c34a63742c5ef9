"""python manage.py import_records FILE.jsonl — upsert records, index them for search, report."""

from django.core.management.base import BaseCommand, CommandError

from bills.liveness import mark_interrupted_runs
from jobs.importing import import_and_index


class Command(BaseCommand):
    help = "Import bills from a JSONL file of records (one record per line)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("path", help="JSONL file")
        parser.add_argument("--source", default="import", help="name recorded on the ScrapeRun")
        parser.add_argument(
            "--workers",
            type=int,
            default=0,
            help="processes that parse the file's lines while this one writes them "
            "(default 0: parse here; the transfer costs the writer about what it saves "
            "unless a core is idle, see bench/RESULTS.md)",
        )

    def handle(self, path: str, source: str, workers: int, **options) -> None:
        mark_interrupted_runs()  # an earlier import that was killed shows as interrupted
        try:
            run, indexed = import_and_index(path, source=source, workers=workers)
        except OSError as exc:
            raise CommandError(f"cannot read {path}: {exc}") from exc
        self.stdout.write(
            f"{run.status}: {run.inserted} inserted, {run.updated} updated, "
            f"{run.unchanged} unchanged, {run.failed} failed (run {run.pk})"
        )
        if indexed is None:
            self.stderr.write(
                "search indexing failed; the sweeper or index_search --pending will do it"
            )
        elif indexed:
            self.stdout.write(f"{indexed} bills indexed for search")
        if run.error:
            self.stderr.write(run.error)
        if run.status == "failed":
            raise CommandError(f"import of {path} failed")
