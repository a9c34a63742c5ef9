"""Print the obligations the extractor finds in a file: ``extract_obligations PATH [--format]``.

Works on plain text (line-numbered bill texts are cleaned), HTML, PDF and
Federal Register JSON. With a PATH it never touches the database, so it runs
anywhere the code does. Offsets refer to the cleaned text the extractor saw.

``extract_obligations --all`` extracts every stored version again, with a
progress bar (tqdm): run it after upgrading the extractor. It is idempotent
and editors' reviews survive it (they are matched by fingerprint).

``extract_obligations --pending`` instead extracts, in this process, every
stored version still marked as awaiting extraction (a lost task, a broker
outage): the same work the periodic sweeper queues, without a worker;
``--workers N`` runs it in N processes, as a Celery worker's pool would.
"""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from bills.extraction import extract_file
from bills.obligations import extract_pending
from scrapers.errors import ParseError


class Command(BaseCommand):
    help = "Extract obligations from a bill, statute or order file and print them."

    def add_arguments(self, parser):
        parser.add_argument(
            "path", nargs="?", help="a .txt, .htm/.html, .pdf or Federal Register .json file"
        )
        parser.add_argument(
            "--pending",
            action="store_true",
            help="extract every stored version still marked as awaiting extraction",
        )
        parser.add_argument(
            "--all",
            action="store_true",
            help="extract every stored version again (after an extractor upgrade)",
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=0,
            help="with --pending: extract in this many processes (a core each)",
        )
        parser.add_argument("--format", choices=("json", "text"), default="json")

    def handle(self, *args, **options):
        if options["all"]:
            if options["path"] or options["pending"]:
                raise CommandError("--all takes no PATH and no --pending")
            self._all()
            return
        if options["pending"]:
            if options["path"]:
                raise CommandError("give either PATH or --pending, not both")
            self._pending(options["workers"])
            return
        if not options["path"]:
            raise CommandError("give a PATH to a text, HTML, PDF or JSON file, or --pending")
        try:
            _, obligations = extract_file(options["path"])
        except ParseError as error:
            raise CommandError(str(error)) from error
        if options["format"] == "json":
            fields = ("category", "actor", "actor_text", "section", "start", "end", "text",
                      "attributes", "confidence")  # fmt: skip
            rows = [{k: o.to_dict()[k] for k in fields} for o in obligations]
            self.stdout.write(json.dumps(rows, indent=2, ensure_ascii=False))
            return
        for o in obligations:
            values = ", ".join(f"{k}={v}" for k, v in o.attributes.items())
            self.stdout.write(f"{o.section:<22} {o.category:<26} {o.actor:<20} {values}")
            self.stdout.write(f"    {' '.join(o.text.split())[:200]}")

    def _all(self) -> None:
        from tqdm import tqdm

        from bills.models import BillVersion
        from bills.obligations import reextract_all

        total = BillVersion.objects.exclude(text="").count()
        with tqdm(total=total, unit="version", file=self.stderr, disable=None) as bar:
            result = reextract_all(progress=bar.update)
        self.stdout.write(
            f"{result['versions']} versions extracted again ({result['obligations']} obligations)"
        )

    def _pending(self, workers: int) -> None:
        results = extract_pending(workers=workers)
        done = [r for r in results if not r.get("skipped")]
        found = sum(r["obligations"] for r in done)
        self.stdout.write(
            f"{len(done)} versions extracted ({found} obligations), "
            f"{len(results) - len(done)} already done"
        )
