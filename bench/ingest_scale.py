"""Ingest at scale: first load of a generated file, unchanged re-import, one changed record.

The file is what a user loads (``import_records``): JSONL read and parsed line
by line, so parsing is part of the figure. First load is measured without
extraction (the issue's target); extraction of the AI bills' texts is then
measured on its own, in MB/s, the way the job layer would run it.
"""

from __future__ import annotations

import contextlib
import resource
import time
from collections.abc import Iterator
from pathlib import Path

from .measure import Row, latency, rate


@contextlib.contextmanager
def extraction_off() -> Iterator[None]:
    """Ingest alone: new text versions are stored (and marked) but nothing is extracted now."""
    from bills import history

    saved = getattr(history, "queue_extraction", None)
    if saved is not None:
        history.queue_extraction = lambda version: None
    try:
        yield
    finally:
        if saved is not None:
            history.queue_extraction = saved


def search_indexing(scale: str, sample: int = 500) -> Row:
    """Bulk indexing of the first ``sample`` bills (what ingest does per batch): MB/s of text."""
    from django.db.models import Sum
    from django.db.models.functions import Length

    from bills.models import Bill, BillVersion
    from bills.search import index_bills

    ids = list(Bill.objects.order_by("pk").values_list("pk", flat=True)[:sample])
    size = BillVersion.objects.filter(bill_id__in=ids).aggregate(n=Sum(Length("text")))["n"] or 0
    started = time.perf_counter()
    index_bills(ids)
    seconds = time.perf_counter() - started
    total = BillVersion.objects.aggregate(n=Sum(Length("text")))["n"] or 0
    return rate(
        "ingest: search indexing (index_bills)",
        scale,
        size / 1e6,
        seconds,
        "MB/s",
        f"{len(ids)} bills, {size / 1e6:.0f} MB in {seconds:.1f} s = {len(ids) / seconds:.0f} "
        f"bills/s; all {total / 1e6:,.0f} MB would take {total / size * seconds / 60:.0f} min",
    )


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def load(path: Path, scale: str, n: int, index: bool = True, workers: int = 0) -> list[Row]:
    """First load, its search indexing, then unchanged re-import of ``path`` (``n`` records):
    straight after the load, and again after ``VACUUM ANALYZE`` (what autovacuum does to a
    freshly loaded table within minutes; until then the first reads of the new rows also
    set their hint bits, which made the straight re-import ~40% slower at 50,000 bills).
    The ratio to the first load is given on both.

    As ``import_records`` runs it: ingest with search indexing deferred (bills
    marked), then the marked bills indexed in one pass (``index_pending``);
    the rows give ingest alone, the indexing alone, and both together.
    """
    from bills.importing import import_jsonl_path
    from jobs.queueing import search_indexing_deferred

    from .database import analyse

    rows = []
    size_mb = path.stat().st_size / 1e6
    runs = (
        ("ingest: first load (no extraction, no search index)", None),
        ("ingest: unchanged re-import, straight after the load", None),
        ("ingest: unchanged re-import", "after VACUUM ANALYZE, as autovacuum leaves a "
         "loaded table before the next scheduled import"),
    )  # fmt: skip
    with extraction_off(), search_indexing_deferred():
        for what, condition in runs:
            if condition:
                analyse()
            rss, cpu = peak_rss_mb(), cpu_seconds()  # with workers: theirs not included
            started = time.perf_counter()
            run = import_jsonl_path(path, source="bench", workers=workers)
            seconds = time.perf_counter() - started
            note = (
                f"{seconds:.1f} s wall, {cpu_seconds() - cpu:.1f} s CPU (this process), "
                f"{size_mb / seconds:.1f} MB/s of JSONL; inserted {run.inserted}, "
                f"unchanged {run.unchanged}, failed {run.failed}; peak RSS "
                f"{rss:.0f} -> {peak_rss_mb():.0f} MB" + (f"; {condition}" if condition else "")
            )
            rows.append(rate(what, scale, n, seconds, "bills/s", note))
            if index and run.inserted:
                rows += _index_load(scale, n, seconds)
    first = rows[0].throughput
    for row in rows[1:]:
        if row.what.startswith("ingest: unchanged") and first and row.throughput:
            row.note += f"; {row.throughput / first:.1f}x the first load"
    return rows


def _index_load(scale: str, n: int, ingest_seconds: float) -> list[Row]:
    """The search indexing ``import_records`` does after the load, and load + indexing together."""
    from django.db.models import Sum
    from django.db.models.functions import Length

    from bills.models import BillVersion
    from bills.search import index_pending

    from .queries import cpu_meter

    size = BillVersion.objects.aggregate(n=Sum(Length("text")))["n"] or 0
    started = time.perf_counter()
    with cpu_meter() as cpu:
        indexed = index_pending()
    seconds = time.perf_counter() - started
    total = cpu.client + (cpu.server or 0)
    note = (f"{indexed} bills, {size / 1e6:,.0f} MB of text in {seconds:.1f} s wall, "
            f"{cpu.client:.1f} s client + {cpu.server or 0:.1f} s server CPU = "
            f"{size / 1e6 / max(total, 1e-9):.1f} MB of text per CPU-second")  # fmt: skip
    both = ingest_seconds + seconds
    return [
        rate("ingest: search indexing of the load (index_pending)", scale, size / 1e6, seconds,
             "MB/s", note),
        rate("ingest: first load + search index (import_records)", scale, n, both, "bills/s",
             f"{both:.1f} s"),
    ]  # fmt: skip


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def changed_records(path: Path, scale: str, runs: int = 20) -> Row:
    """One changed record (a new action) ingested into the loaded database, repeatedly."""
    from datetime import date

    from bills.ingest import ingest_record
    from scrapers.records import ActionRecord, read_jsonl

    sample = []
    with path.open(encoding="utf-8") as handle:
        for _, record in read_jsonl(handle):
            sample.append(record)
            if len(sample) == runs + 1:
                break
    state = {"i": 0}

    def one() -> None:
        record = sample[state["i"] % len(sample)]
        state["i"] += 1
        record.actions.append(ActionRecord(date(2026, 11, 1), f"Hearing held {state['i']}", ""))
        assert ingest_record(record).result == "updated"

    with extraction_off():
        return latency("ingest: one changed record, loaded db", scale, one, runs)


def extract_ai_versions(scale: str, workers: int = 2) -> Row:
    """Extraction of every stored AI bill's versions, as the job layer would run it: MB/s.

    In ``workers`` processes (``extract_versions``), as a Celery worker runs the tasks
    with its default concurrency, one process per core (2 here)."""
    from bills.models import BillVersion
    from bills.obligations import extract_versions

    versions = list(
        BillVersion.objects.filter(bill__ai_relevant=True)
        .exclude(text="")
        .values_list("pk", "text")
    )
    size = sum(len(text.encode()) for _, text in versions) / 1e6
    # On a database loaded and extracted before (--db): all of them again, as after a load.
    BillVersion.objects.filter(pk__in=[pk for pk, _ in versions]).update(extracted_sha256="")
    started = time.perf_counter()
    results = extract_versions([pk for pk, _ in versions], workers=workers)
    found = sum(result.get("obligations", 0) for result in results)
    seconds = time.perf_counter() - started
    return rate(
        "extraction: AI bills' versions (stored)",
        scale,
        size,
        seconds,
        "MB/s",
        f"{len(versions)} versions, {size:.1f} MB, {found} obligations, {seconds:.1f} s, "
        f"{workers} processes",
    )
