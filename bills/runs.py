"""A run of ingest: many records, counted and recorded in ScrapeRun.

Records are taken from the source a batch at a time (``bulk_ingest``: new
bills written a batch per transaction, the rest one by one), so memory stays
flat however long the source is.

A bad record fails alone; a lost database connection fails the run with its
cause (the record's transaction rolled back; re-running completes the work),
and a heartbeat keeps the run's counts current should its process die.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator

from django.db import connection
from django.utils import timezone

from scrapers.records import BillRecord, JsonlLine, RecordError

from .bulk_ingest import (
    BATCH_SIZE,
    Prepared,
    database_unavailable,
    imported_bills,
    ingest_ready,
)
from .ingest import line_hash, prepare
from .liveness import Heartbeat
from .models import ScrapeRun
from .parsing import parse_line, parser

logger = logging.getLogger(__name__)


def ingest_many(
    items: Iterable[BillRecord | JsonlLine | RecordError],
    source: str,
    parameters: dict | None = None,
    workers: int = 0,
) -> ScrapeRun:
    """Ingest records, recording the run; one bad record fails alone.

    ``JsonlLine`` items (an import file's lines) that are exactly what their
    bill was last imported from count as unchanged without becoming records;
    the others are parsed in ``workers`` processes (``bills.parsing``) while the
    batch before them is written, or here when ``workers`` is 0.
    """
    run = ScrapeRun.objects.create(source=source, parameters=parameters or {})
    errors: list[str] = []
    places: dict = {}
    lines = parser(workers)
    try:
        with Heartbeat(run):
            _ingest_all(_batches(items, BATCH_SIZE), lines, run, errors, places)
    except Exception as exc:  # the source or the database broke: record it
        logger.exception("run %s of %s failed", run.pk, source)
        errors.append(f"{type(exc).__name__}: {exc}")
        return finish_run(run, errors, fatal=True)
    finally:
        lines.close()
    return finish_run(run, errors)


def _ingest_all(batches: Iterator[list], lines, run: ScrapeRun, errors: list[str], places: dict):
    """Each batch started (its unchanged lines found, the rest sent to be parsed), then the one
    before it written: parsing of a batch overlaps the writing of the previous one."""
    pending: _Batch | None = None
    while True:
        try:
            batch = next(batches)
        except StopIteration:
            break
        except Exception:
            if pending is not None:  # what the source gave before it broke is still ingested
                _finish_batch(pending, run, errors, places, lines)
            raise
        started = _start_batch(batch, lines)
        touched = _finish_batch(pending, run, errors, places, lines) if pending else set()
        started.written_before = touched
        pending = started
    if pending is not None:
        _finish_batch(pending, run, errors, places, lines)


def _batches(items: Iterable, size: int) -> Iterator[list]:
    """Lists of up to ``size`` items; what came before a failing source is still yielded."""
    batch: list = []
    try:
        for item in items:
            batch.append(item)
            if len(batch) == size:
                yield batch
                batch = []
    except Exception:
        if batch:
            yield batch  # ingest what the source gave before it broke, then report it
        raise
    if batch:
        yield batch


class _Batch:
    """A batch between its start and its writing: each item's line hash, the bill each line
    that is unchanged since its last import belongs to, and the parsing of the others."""

    def __init__(self, items: list, digests: list[str], unchanged: dict[str, int], parsed):
        self.items, self.digests, self.unchanged, self.parsed = items, digests, unchanged, parsed
        self.written_before: set[int] = set()


def _start_batch(batch: list, lines) -> _Batch:
    digests = [line_hash(item) if isinstance(item, JsonlLine) else "" for item in batch]
    unchanged = imported_bills(digests)
    to_parse = [
        item
        for item, digest in zip(batch, digests, strict=True)
        if isinstance(item, JsonlLine) and digest not in unchanged
    ]
    return _Batch(batch, digests, unchanged, lines.submit(to_parse))


def _finish_batch(job: _Batch, run: ScrapeRun, errors: list[str], places: dict, lines) -> set[int]:
    """Write the batch; the ids of every bill it wrote or found.

    A line found unchanged when the batch started is parsed after all if the batch
    before it wrote that bill since (the same bill twice in a file): what counts is
    the database as the batches before left it, as when batches run one after another.
    """
    parsed = iter(job.parsed())
    ready: list[Prepared] = []
    for item, digest in zip(job.items, job.digests, strict=True):
        if digest in job.unchanged:
            if job.unchanged[digest] not in job.written_before:
                run.unchanged += 1
                continue
            result = parse_line(item)
        elif isinstance(item, JsonlLine):
            result = next(parsed)
        elif isinstance(item, RecordError):
            result = item
        else:
            try:
                ready.append(Prepared(*prepare(item), ""))
            except Exception as exc:  # noqa: BLE001 - a record that does not validate fails alone
                _count_failure(item, exc, run, errors)
            continue
        if isinstance(result, RecordError):
            run.failed += 1
            errors.append(str(result))
        else:
            ready.append(Prepared(*result, digest))
    written: set[int] = set()
    for record, outcome in ingest_ready(ready, run, places):
        if isinstance(outcome, Exception):
            _count_failure(record, outcome, run, errors)
        else:
            setattr(run, outcome.result, getattr(run, outcome.result) + 1)
            written.add(outcome.bill_id)
    return written


def _count_failure(record: BillRecord, exc: Exception, run: ScrapeRun, errors: list[str]) -> None:
    if database_unavailable(exc):
        raise DatabaseConnectionLost(
            f"{'/'.join(record.key)}: database connection lost ({type(exc).__name__}: "
            f"{str(exc).strip()}); that record's transaction was rolled back, "
            "re-run to complete"
        ) from exc
    run.failed += 1
    errors.append(f"{'/'.join(record.key)}: {type(exc).__name__}: {exc}")
    logger.warning("record %s failed: %s", record.key, exc)


class DatabaseConnectionLost(Exception):
    """The database went away mid-run: not the record's fault, so the run stops."""


def _connection_usable() -> bool:
    """False when the connection died (Django closes it when the rollback itself failed)."""
    if connection.connection is None:
        return False
    try:
        return connection.is_usable()
    except Exception:  # noqa: BLE001
        return False


def finish_run(run: ScrapeRun, errors: list[str], fatal: bool = False) -> ScrapeRun:
    if fatal:
        run.status = "failed"
    elif run.failed and not (run.inserted or run.updated or run.unchanged):
        run.status = "failed"
    else:
        run.status = "partial" if run.failed else "succeeded"
    run.error = "\n".join(errors[:200])
    run.finished_at = timezone.now()
    if not _connection_usable():
        connection.close()  # reconnect for the record of the failure (if the server is back)
    run.save()
    return run
