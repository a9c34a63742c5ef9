"""A run of ingest: many records, one transaction each, counted and recorded in ScrapeRun."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.utils import timezone

from scrapers.records import BillRecord, RecordError

from .ingest import ingest_record
from .models import ScrapeRun

logger = logging.getLogger(__name__)


def ingest_many(
    items: Iterable[BillRecord | RecordError], source: str, parameters: dict | None = None
) -> ScrapeRun:
    """Ingest records one transaction each, recording the run; one bad record fails alone."""
    run = ScrapeRun.objects.create(source=source, parameters=parameters or {})
    errors: list[str] = []
    places: dict = {}
    try:
        for item in items:
            _ingest_counted(item, run, errors, places)
    except Exception as exc:  # the source itself broke (parse/fetch error): record it
        logger.exception("run %s of %s failed", run.pk, source)
        errors.append(f"{type(exc).__name__}: {exc}")
        return finish_run(run, errors, fatal=True)
    return finish_run(run, errors)


def _ingest_counted(
    item: BillRecord | RecordError, run: ScrapeRun, errors: list[str], places: dict
) -> None:
    if isinstance(item, RecordError):
        run.failed += 1
        errors.append(str(item))
        return
    try:
        outcome = ingest_record(item, run, places)
    except Exception as exc:  # noqa: BLE001 - one bad record must not stop the rest
        places.clear()  # rows created in the rolled-back transaction are gone
        run.failed += 1
        errors.append(f"{'/'.join(item.key)}: {type(exc).__name__}: {exc}")
        logger.warning("record %s failed: %s", item.key, exc)
        return
    setattr(run, outcome.result, getattr(run, outcome.result) + 1)


def finish_run(run: ScrapeRun, errors: list[str], fatal: bool = False) -> ScrapeRun:
    if fatal:
        run.status = "failed"
    elif run.failed and not (run.inserted or run.updated or run.unchanged):
        run.status = "failed"
    else:
        run.status = "partial" if run.failed else "succeeded"
    run.error = "\n".join(errors[:200])
    run.finished_at = timezone.now()
    run.save()
    return run
