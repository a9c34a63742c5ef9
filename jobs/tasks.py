"""Celery tasks: thin wrappers that take ids and call the same functions the commands call.

Every task is idempotent (safe to run twice) because delivery is at least
once: tasks acknowledge only when done (``acks_late``), a task whose worker
died is redelivered (``reject_on_worker_lost``, and the broker's visibility
timeout in settings), and errors a retry can fix (database or network
hiccups) retry with bounded exponential backoff.
"""

from __future__ import annotations

import logging
from datetime import date, timedelta

from celery import shared_task
from django.conf import settings
from django.db import DatabaseError
from django.utils import timezone

logger = logging.getLogger(__name__)

DELIVERY = {"acks_late": True, "reject_on_worker_lost": True}
RETRY = {
    **DELIVERY,
    "autoretry_for": (DatabaseError, ConnectionError, TimeoutError),
    "retry_backoff": 5,
    "retry_backoff_max": 300,
    "retry_jitter": True,
    "max_retries": 5,
}


@shared_task(**RETRY, ignore_result=True)
def extract_version_obligations(version_id: int) -> dict:
    """Extract (or re-extract) the obligations of one text version; a no-op on unchanged text.

    Versions are queued in batches now (``extract_versions_obligations``); this stays for
    one-off use and for messages queued before an upgrade."""
    from bills.obligations import extract_for_version

    return extract_for_version(version_id)


@shared_task(**RETRY, ignore_result=True)
def extract_versions_obligations(version_ids: list[int]) -> int:
    """Extract the versions one transaction marked, each in its own transaction, their matrix
    totals recomputed once at the end; returns how many were extracted (not already done)."""
    from bills.obligations import extract_versions

    return sum(not result.get("skipped") for result in extract_versions(version_ids))


@shared_task(**DELIVERY)
def sweep_pending_extraction(limit: int = 500) -> int:
    """Queue the extraction of versions still marked after a grace period; returns how many.

    Catches what a crash after commit or a broker outage left behind. The grace
    period leaves freshly queued work to its own task; re-queued versions get a
    fresh mark so the next sweep does not queue them again while they wait.
    """
    from bills.obligations import pending_versions, touch_pending

    from .queueing import EXTRACTION_BATCH, send_safely

    grace = timedelta(seconds=settings.EXTRACTION_SWEEP_GRACE_SECONDS)
    found, queued = pending_versions(older_than=grace, limit=limit), []
    for start in range(0, len(found), EXTRACTION_BATCH):
        batch = found[start : start + EXTRACTION_BATCH]
        if not send_safely(extract_versions_obligations, batch):
            break  # the broker is down: the marks stay, the next sweep tries again
        queued += batch
    touch_pending(queued)
    if queued:
        logger.info("sweeper queued extraction of %d versions", len(queued))
    return len(queued)


@shared_task(**RETRY, ignore_result=True)
def index_search_bills(bill_ids: list[int]) -> int:
    """Index the bills of one committed ingest batch that are still marked; returns how many."""
    from bills.search import index_pending

    return index_pending(bill_ids)


@shared_task(**DELIVERY)
def sweep_pending_search(limit: int = 5000) -> int:
    """Index bills still marked for search after a grace period (a lost task, a broker outage).

    Indexing in bulk is the work itself, so the sweeper does it here rather
    than queue it; the grace period leaves fresh marks to their own task.
    """
    from bills.search import index_pending

    grace = timedelta(seconds=settings.SEARCH_SWEEP_GRACE_SECONDS)
    done = index_pending(older_than=grace, limit=limit)
    if done:
        logger.info("sweeper indexed %d bills for search", done)
    return done


@shared_task(**RETRY)
def import_records_file(path: str, source: str = "import") -> int:
    """Import a JSONL file of records, then index it for search; returns the ScrapeRun id."""
    from .importing import import_and_index

    return import_and_index(path, source=source)[0].pk


@shared_task(**RETRY)
def ingest_record_dicts(records: list[dict], source: str = "api") -> int:
    """Ingest records given as dicts (queued by a worker or the API); returns the ScrapeRun id."""
    from bills.runs import ingest_many
    from scrapers.records import BillRecord, RecordError

    def parsed():
        for data in records:
            try:
                yield BillRecord.from_dict(data)
            except RecordError as exc:
                yield exc

    return ingest_many(parsed(), source=source).pk


@shared_task(**RETRY)
def scrape_source(name: str, jurisdiction: str = "", session: str = "", since: str = "") -> int:
    """Run one source; returns the ScrapeRun id. Failures are recorded on the run, not raised."""
    from scrapers.registry import ScrapeParams

    from .scraping import failed_run, run_source

    try:
        params = ScrapeParams(jurisdiction, session, date.fromisoformat(since) if since else None)
    except ValueError as exc:  # a bad schedule entry is a failed run, like any other failure
        parameters = {"jurisdiction": jurisdiction, "session": session, "since": since}
        return failed_run(name, {k: v for k, v in parameters.items() if v}, exc).pk
    return run_source(name, params).pk


@shared_task(**RETRY)
def advance_legal_states() -> int:
    """The daily legal-state step: effective dates passing, sessions ending (idempotent)."""
    from bills.legal_state import advance_legal_states as advance

    return advance()


@shared_task(**DELIVERY)
def mark_interrupted_runs() -> list[int]:
    """Runs left "running" by a process that died become ``interrupted``; returns their ids."""
    from bills.liveness import mark_interrupted_runs as mark

    return [run.pk for run in mark()]


@shared_task(**DELIVERY)
def check_stale_sources() -> list[str]:
    """Log the stale-source alarm (also shown in the admin and on /health/)."""
    from bills.health import stale_sources

    return [alarm.message for alarm in stale_sources()]


@shared_task(**RETRY, bind=True)
def send_digests(self, frequency: str) -> dict:
    """Claim ``frequency``'s period and send everything due (retries of any period included).

    Exactly once by the delivery rows, not by the task: a redelivered or
    repeated run finds the period claimed and sent deliveries skipped.

    Sending is shared: after the claim, ``DIGEST_SENDERS - 1`` more senders are
    queued (``send_pending_digests``, on this task's queue) and this task sends
    too, so every free worker of the pool takes batches of its own (senders never
    contend for a delivery: ``digests.holding``). One sender alone is bound by
    the SMTP round trips, several keep the cores and the relay busy. Run inline
    (the embedded default's eager Celery), it sends alone.
    """
    from dataclasses import asdict

    from digests.claiming import claim_due
    from digests.sending import send_pending

    now = timezone.now()
    claimed = claim_due(frequency, now)
    helpers = (
        [] if self.request.is_eager else _queue_senders(self.request, settings.DIGEST_SENDERS - 1)
    )
    sent = send_pending(now)
    return {"claimed": asdict(claimed), "sent": asdict(sent), "helpers": helpers}


def _queue_senders(request, count: int) -> list[str]:
    """Queue ``count`` more senders on the queue the calling task came from; their task ids."""
    queue = (request.delivery_info or {}).get("routing_key")
    options = {"queue": queue} if queue else {}
    return [send_pending_digests.apply_async(**options).id for _ in range(max(count, 0))]


@shared_task(**RETRY)
def send_pending_digests() -> dict:
    """One more sender of what is due (see ``send_digests``); safe beside any number of others."""
    from dataclasses import asdict

    from digests.sending import send_pending

    return asdict(send_pending())


@shared_task(**RETRY)
def process_bounces(path: str = "") -> dict:
    """Record the bounces in the Maildir or mbox at ``path`` (default DIGEST_BOUNCE_MAILBOX).

    Safe to run twice: a notification already recorded is not counted again.
    """
    from dataclasses import asdict

    from digests.bounces import read_mailbox

    path = path or settings.DIGEST_BOUNCE_MAILBOX
    if not path:
        return {"skipped": "DIGEST_BOUNCE_MAILBOX is not set"}
    return asdict(read_mailbox(path))
