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

from .bulk_ingest import BATCH_SIZE, database_unavailable, imported_bills, ingest_records
from .ingest import line_hash
from .liveness import Heartbeat
from .models import ScrapeRun

logger = logging.getLogger(__name__)


def ingest_many(
    items: Iterable[BillRecord | JsonlLine | RecordError],
    source: str,
    parameters: dict | None = None,
) -> ScrapeRun:
    """Ingest records, recording the run; one bad record fails alone.

    ``JsonlLine`` items (an import file's lines) that are exactly what their
    bill was last imported from count as unchanged without becoming records.
    """
    run = ScrapeRun.objects.create(source=source, parameters=parameters or {})
    errors: list[str] = []
    places: dict = {}
    try:
        with Heartbeat(run):
            for batch in _batches(items, BATCH_SIZE):
                _ingest_batch(batch, run, errors, places)
    except Exception as exc:  # the source or the database broke: record it
        logger.exception("run %s of %s failed", run.pk, source)
        errors.append(f"{type(exc).__name__}: {exc}")
        return finish_run(run, errors, fatal=True)
    return finish_run(run, errors)


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


def _ingest_batch(
    batch: list[BillRecord | JsonlLine | RecordError],
    run: ScrapeRun,
    errors: list[str],
    places: dict,
) -> None:
    digests = [line_hash(item) if isinstance(item, JsonlLine) else "" for item in batch]
    unchanged = imported_bills(digests)
    records, hashes = [], []
    for item, digest in zip(batch, digests, strict=True):
        if digest in unchanged:
            run.unchanged += 1
            continue
        record = _as_record(item)
        if isinstance(record, RecordError):
            run.failed += 1
            errors.append(str(record))
        else:
            records.append(record)
            hashes.append(digest)
    for record, outcome in ingest_records(records, run, places, hashes):
        if isinstance(outcome, Exception):
            _count_failure(record, outcome, run, errors)
        else:
            setattr(run, outcome.result, getattr(run, outcome.result) + 1)


def _as_record(item: BillRecord | JsonlLine | RecordError) -> BillRecord | RecordError:
    """The item as a record, or the error that keeps it from being one."""
    if isinstance(item, JsonlLine):
        try:
            return item.record()
        except RecordError as exc:
            return exc
    return item


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
