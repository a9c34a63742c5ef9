"""python manage.py scrape SOURCE [--jurisdiction X] [--session S] [--since DATE]
[--from-dir DIR] [--from-file PATH] [--dry-run] [--format jsonl]"""

from __future__ import annotations

import sys
from datetime import date

from django.core.management.base import BaseCommand, CommandError

from jobs.scraping import (
    FilesFailed,
    failed_run,
    live_records,
    parse_recorded,
    run_parameters,
    run_source,
)
from scrapers.records import write_jsonl
from scrapers.registry import ScrapeParams, all_sources, get_source


class Command(BaseCommand):
    help = "Scrape a source (or parse its recorded responses) and store or print the records."

    def add_arguments(self, parser) -> None:
        parser.add_argument("source", choices=sorted(all_sources()))
        parser.add_argument("--jurisdiction", default="", help="e.g. US-NY")
        parser.add_argument("--session", default="")
        parser.add_argument("--since", type=_iso_date, help="only items updated since YYYY-MM-DD")
        parser.add_argument("--from-file", default="", help="parse one recorded response")
        parser.add_argument("--from-dir", default="", help="parse every recorded response in DIR")
        parser.add_argument("--dry-run", action="store_true", help="print, store nothing")
        parser.add_argument(
            "--offline", action="store_true", help="replay cached responses (SCRAPER_CACHE_DIR)"
        )
        parser.add_argument("--format", choices=["summary", "jsonl"], default="summary")

    def handle(self, source: str, **opts) -> None:
        params = ScrapeParams(
            opts["jurisdiction"], opts["session"], opts["since"], opts["dry_run"], opts["offline"]
        )
        if opts["dry_run"]:
            self._dry_run(source, params, opts)
            return
        run = run_source(source, params, opts["from_file"], opts["from_dir"], self._progress())
        self.stdout.write(
            f"{source}: {run.status}: {run.inserted} inserted, {run.updated} updated, "
            f"{run.unchanged} unchanged, {run.failed} failed (run {run.pk})"
        )
        if run.error:
            self.stderr.write(run.error)
        if run.status == "failed":
            raise CommandError(f"scrape of {source} failed: {run.error.splitlines()[0]}")

    def _dry_run(self, name: str, params: ScrapeParams, opts: dict) -> None:
        """Print the records; a failure is recorded as a failed run (nothing else is stored)."""
        parameters = run_parameters(params, opts["from_file"], opts["from_dir"])
        recorded = None
        try:
            source = get_source(name)
            if opts["from_file"] or opts["from_dir"]:
                recorded = parse_recorded(source, opts["from_file"], opts["from_dir"])
                records = recorded.records
            else:
                records = list(live_records(source, params))
        except Exception as exc:  # noqa: BLE001 - every failure becomes a failed run
            run = failed_run(name, parameters, exc, recorded)
            raise CommandError(f"{exc} (run {run.pk})") from exc
        if recorded is not None and recorded.errors:
            self.stderr.write("\n".join(recorded.errors))
            run = failed_run(name, parameters, FilesFailed(recorded), recorded)
            if recorded.all_failed:
                raise CommandError(f"{recorded.errors[0]} (run {run.pk})")
        self._print(records, opts["format"])

    def _print(self, records: list, output_format: str) -> None:
        if output_format == "jsonl":
            write_jsonl(records, self.stdout)
            return
        for record in records:
            self.stdout.write(f"{'/'.join(record.key)}\t{record.status}\t{record.title[:80]}")
        self.stdout.write(f"{len(records)} records (dry run, nothing stored)")

    def _progress(self):
        if not sys.stderr.isatty():
            return None
        from tqdm import tqdm

        return lambda items: tqdm(items, unit="bill", file=sys.stderr)


def _iso_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"--since must be YYYY-MM-DD, got {value!r}") from exc
