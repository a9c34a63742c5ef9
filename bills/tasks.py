"""Celery tasks: thin wrappers that take ids and call the same functions the commands call.

Tasks are idempotent (safe to run twice) and retry with bounded exponential
backoff on errors that a retry can fix (database or network hiccups).
"""

from __future__ import annotations

import logging

from celery import shared_task
from django.db import DatabaseError

logger = logging.getLogger(__name__)

RETRY = {
    "autoretry_for": (DatabaseError, ConnectionError, TimeoutError),
    "retry_backoff": 5,
    "retry_backoff_max": 300,
    "retry_jitter": True,
    "max_retries": 5,
}


@shared_task(**RETRY)
def extract_version_obligations(version_id: int) -> dict:
    """Extract (or re-extract) the obligations of one text version; a no-op on unchanged text."""
    from .obligations import extract_for_version

    return extract_for_version(version_id)


@shared_task(**RETRY)
def import_records_file(path: str, source: str = "import") -> int:
    """Import a JSONL file of records; returns the ScrapeRun id."""
    from .importing import import_jsonl_path

    return import_jsonl_path(path, source=source).pk


@shared_task(**RETRY)
def ingest_record_dicts(records: list[dict], source: str = "api") -> int:
    """Ingest records given as dicts (queued by a worker or the API); returns the ScrapeRun id."""
    from scrapers.records import BillRecord, RecordError

    from .runs import ingest_many

    def parsed():
        for data in records:
            try:
                yield BillRecord.from_dict(data)
            except RecordError as exc:
                yield exc

    return ingest_many(parsed(), source=source).pk
