"""Running a source: fetch or read recorded files, parse, then ingest (or print).

The ``scrape`` command and the Celery task both call ``run_source``. Parsing
a recorded file happens in full before anything is stored, so a malformed
file fails the run with the parser's message and leaves the database as it was.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from django.conf import settings

from bills.liveness import mark_interrupted_runs
from bills.models import Bill, ScrapeRun
from bills.runs import finish_run, ingest_many
from scrapers.errors import ScrapeError
from scrapers.records import BillRecord
from scrapers.registry import ScrapeParams, Source, get_source

logger = logging.getLogger(__name__)


def parse_recorded(source: Source, from_file: str = "", from_dir: str = "") -> list[BillRecord]:
    """Every record in one recorded file, or in every matching file of a folder."""
    if from_dir and source.parses_directories:
        if not Path(from_dir).is_dir():
            raise ScrapeError(f"[{source.name}] {from_dir}: no such folder")
        return [record.normalised() for record in source.parse_file(Path(from_dir))]
    if from_file:
        paths = [Path(from_file)]
    else:
        folder = Path(from_dir)
        paths = sorted({p for pattern in source.file_patterns for p in folder.rglob(pattern)})
    records: list[BillRecord] = []
    for path in paths:
        if not path.is_file():
            raise ScrapeError(f"[{source.name}] {path}: no such file")
        records.extend(record.normalised() for record in source.parse_file(path))
    return records


def live_records(source: Source, params: ScrapeParams) -> Iterator[BillRecord]:
    from scrapers.http import HttpClient

    if params.offline and not settings.SCRAPER_CACHE_DIR:
        raise ScrapeError(f"[{source.name}] offline replay needs SCRAPER_CACHE_DIR")
    client = HttpClient(
        source.name,
        rate_per_minute=source.rate_per_minute,
        cache_dir=settings.SCRAPER_CACHE_DIR or None,
        offline=params.offline,
        respect_robots=source.respect_robots,
    )
    extra = {}
    if source.change_hash_keys:
        id_key, hash_key = source.change_hash_keys
        extra["known_hashes"] = lambda: stored_change_hashes(id_key, hash_key)
    for record in source.scrape(params, client, **extra):
        yield record.normalised()


def stored_change_hashes(id_key: str, hash_key: str) -> dict[str, str]:
    """{source id: change hash} of stored bills, so a source fetches only what changed."""
    rows = Bill.objects.filter(source_ids__has_key=id_key).values_list("source_ids", flat=True)
    return {str(ids[id_key]): str(ids.get(hash_key, "")) for ids in rows.iterator()}


def run_source(
    name: str,
    params: ScrapeParams,
    from_file: str = "",
    from_dir: str = "",
    progress: Callable[[Iterable], Iterable] | None = None,
) -> ScrapeRun:
    """Scrape (or read recorded files of) one source and ingest the records as one run."""
    source = get_source(name)
    mark_interrupted_runs()  # a previous run of this host that died shows as such, not "running"
    parameters = _parameters(params, from_file, from_dir)
    if from_file or from_dir:
        try:
            records: Iterable[BillRecord] = parse_recorded(source, from_file, from_dir)
        except (ScrapeError, OSError, ValueError) as exc:
            return failed_run(name, parameters, exc)
    else:
        records = live_records(source, params)
    if progress is not None:
        records = progress(records)
    return ingest_many(records, source=name, parameters=parameters)


def failed_run(name: str, parameters: dict, exc: BaseException) -> ScrapeRun:
    run = ScrapeRun.objects.create(source=name, parameters=parameters)
    logger.error("run of %s failed: %s", name, exc)
    return finish_run(run, [f"{type(exc).__name__}: {exc}"], fatal=True)


def _parameters(params: ScrapeParams, from_file: str, from_dir: str) -> dict:
    values = {
        "jurisdiction": params.jurisdiction,
        "session": params.session,
        "since": params.since.isoformat() if params.since else "",
        "offline": params.offline,
        "from_file": from_file,
        "from_dir": from_dir,
    }
    return {k: v for k, v in values.items() if v}
