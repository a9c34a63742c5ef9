"""Running a source: fetch or read recorded files, parse, then ingest (or print).

The ``scrape`` command and the Celery task both call ``run_source``. Recorded
files are parsed in full before anything is stored, each file on its own: in a
folder, a malformed file fails alone, with its message in the run's per-file
results (``ScrapeRun.files``), while the other files' records are stored; files
the source does not read are listed by name, never skipped in silence. Records
of one bill read from several files are merged into one (``merge_records``).

Every failure, in every path (stored run, dry run, Celery task), ends as a
failed ``ScrapeRun`` carrying the message, and nothing stored is lost.
"""

from __future__ import annotations

import fnmatch
import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

from django.conf import settings

from bills.liveness import mark_interrupted_runs
from bills.models import Bill, ScrapeRun
from bills.runs import finish_run, ingest_many
from scrapers.errors import ScrapeError, printable
from scrapers.records import BillRecord, merge_records
from scrapers.registry import ScrapeParams, Source, get_source

logger = logging.getLogger(__name__)


@dataclass
class FileResult:
    """What one recorded file gave: its number of records, or why it gave none."""

    file: str
    records: int = 0
    error: str = ""
    skipped: bool = False  # not a file of the source's formats (by name); listed, not read


@dataclass
class Recorded:
    """The records of recorded files, merged per bill, and each file's result."""

    records: list[BillRecord] = field(default_factory=list)
    files: list[FileResult] = field(default_factory=list)

    @property
    def errors(self) -> list[str]:
        return [f"{r.file}: {r.error}" for r in self.files if r.error and not r.skipped]

    @property
    def all_failed(self) -> bool:
        read = [r for r in self.files if not r.skipped]
        return not read or all(r.error for r in read)


def parse_recorded(source: Source, from_file: str = "", from_dir: str = "") -> Recorded:
    """Every record in one recorded file, or in the files of a folder, file by file."""
    if from_dir and source.parses_directories:
        if not Path(from_dir).is_dir():
            raise ScrapeError(f"[{source.name}] {from_dir}: no such folder")
        return _parse_each(source, [Path(from_dir)], [])
    if from_file:
        return _parse_each(source, [Path(from_file)], [])
    folder = Path(from_dir)
    if not folder.is_dir():
        raise ScrapeError(f"[{source.name}] {from_dir}: no such folder")
    matched, other = _folder_files(folder, source.file_patterns)
    if not matched and not other:
        raise ScrapeError(f"[{source.name}] {from_dir}: the folder holds no files")
    return _parse_each(source, matched, other)


def _folder_files(folder: Path, patterns: tuple[str, ...]) -> tuple[list[Path], list[Path]]:
    """(files the source reads, other files) under ``folder``; hidden files are left out."""
    matched, other = [], []
    for path in sorted(folder.rglob("*")):
        if not path.is_file() or any(
            part.startswith(".") for part in path.relative_to(folder).parts
        ):
            continue
        if any(fnmatch.fnmatch(path.name, pattern) for pattern in patterns):
            matched.append(path)
        else:
            other.append(path)
    return matched, other


def _parse_each(source: Source, paths: list[Path], others: list[Path]) -> Recorded:
    recorded = Recorded()
    for path in paths:
        try:
            if not path.exists():
                raise ScrapeError(f"[{source.name}] {path}: no such file")
            records = [record.normalised() for record in source.parse_file(path)]
        except (ScrapeError, OSError, ValueError) as exc:
            recorded.files.append(FileResult(str(path), error=printable(str(exc))))
            continue
        recorded.records.extend(records)
        recorded.files.append(FileResult(str(path), records=len(records)))
    patterns = ", ".join(source.file_patterns)
    for path in others:
        note = f"not read: {source.name} reads files named {patterns}"
        recorded.files.append(FileResult(str(path), error=note, skipped=True))
    recorded.records = merge_records(recorded.records)
    return recorded


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
    parameters = run_parameters(params, from_file, from_dir)
    recorded: Recorded | None = None
    try:
        source = get_source(name)
        mark_interrupted_runs()  # a previous run of this host that died shows so, not "running"
        if from_file or from_dir:
            recorded = parse_recorded(source, from_file, from_dir)
            if recorded.all_failed:
                return failed_run(name, parameters, FilesFailed(recorded), recorded)
            records: Iterable[BillRecord] = recorded.records
        else:
            records = live_records(source, params)
    except Exception as exc:  # noqa: BLE001 - whatever broke, the run records it
        return failed_run(name, parameters, exc, recorded)
    if progress is not None:
        records = progress(records)
    run = ingest_many(records, source=name, parameters=parameters)
    return _with_files(run, recorded) if recorded else run


class FilesFailed(ScrapeError):
    """No recorded file gave records; the message lists each file's error."""

    def __init__(self, recorded: Recorded) -> None:
        super().__init__("no file gave records: " + "; ".join(recorded.errors or ["no files"]))


def failed_run(
    name: str, parameters: dict, exc: BaseException, recorded: Recorded | None = None
) -> ScrapeRun:
    """A run that failed before storing anything, recorded with the error (and file results)."""
    run = ScrapeRun.objects.create(source=name, parameters=parameters)
    if recorded is not None:
        run.files = [asdict(result) for result in recorded.files]
    logger.error("run of %s failed: %s", name, exc)
    message = str(exc) if isinstance(exc, FilesFailed) else f"{type(exc).__name__}: {exc}"
    message = printable(message)
    return finish_run(run, [message], fatal=True)


def _with_files(run: ScrapeRun, recorded: Recorded) -> ScrapeRun:
    """Add per-file results to a finished run; a failed file makes a good run partial."""
    run.files = [asdict(result) for result in recorded.files]
    if recorded.errors:
        run.error = "\n".join([*recorded.errors, run.error] if run.error else recorded.errors)
        if run.status == "succeeded":
            run.status = "partial"
    run.save(update_fields=["files", "error", "status"])
    return run


def run_parameters(params: ScrapeParams, from_file: str, from_dir: str) -> dict:
    values = {
        "dry_run": params.dry_run,
        "jurisdiction": params.jurisdiction,
        "session": params.session,
        "since": params.since.isoformat() if params.since else "",
        "offline": params.offline,
        "from_file": from_file,
        "from_dir": from_dir,
    }
    return {k: v for k, v in values.items() if v}
