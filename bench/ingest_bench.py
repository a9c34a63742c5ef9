"""Ingest throughput: first load of N generated records, then re-ingest of the same records.

Runs in a throwaway test database (Django's test-database machinery) on the
configured backend: SQLite by default, PostgreSQL when DATABASE_URL is set.
Usage: python -m bench.ingest_bench [N]
"""

from __future__ import annotations

import os
import random
import sys
import time
from datetime import date, timedelta

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "regtracker.settings")
django.setup()

from django.db import connection  # noqa: E402

from bills.runs import ingest_many  # noqa: E402
from scrapers.records import ActionRecord, BillRecord, SponsorRecord  # noqa: E402

STATES = ["US-NY", "US-CA", "US-TX", "US-CO", "US-IL", "US-VA", "US-CT", "US-UT"]
STEPS = ["Introduced", "REFERRED TO CODES", "PASSED SENATE", "PASSED ASSEMBLY", "SIGNED CHAP.12"]


def generate(n: int, seed: int = 7) -> list[BillRecord]:
    rng = random.Random(seed)
    records = []
    for i in range(n):
        start = date(2025, 1, 1) + timedelta(days=rng.randrange(300))
        steps = STEPS[: rng.randrange(1, len(STEPS) + 1)]
        records.append(
            BillRecord(
                jurisdiction=STATES[i % len(STATES)],
                session="2025-2026",
                identifier=f"{'SB' if i % 2 else 'HB'} {1000 + i}",
                title=f"An act relating to automated decision systems, number {i}",
                actions=[
                    ActionRecord(start + timedelta(days=k * 7), text, "upper")
                    for k, text in enumerate(steps)
                ],
                sponsors=[SponsorRecord(f"Member {rng.randrange(200)}")],
                source_ids={"bench": str(i)},
            )
        )
    return records


def timed_ingest(records: list[BillRecord]) -> tuple[float, object]:
    started = time.perf_counter()
    run = ingest_many(records, source="bench")
    return time.perf_counter() - started, run


def main(n: int) -> None:
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        records = generate(n)
        first, run1 = timed_ingest(records)
        again, run2 = timed_ingest(generate(n))
        print(f"ingest backend={connection.vendor} bills={n}")
        print(f"  first load:  {first:7.2f} s  {n / first:8.0f} bills/s  inserted={run1.inserted}")
        print(
            f"  re-ingest:   {again:7.2f} s  {n / again:8.0f} bills/s  unchanged={run2.unchanged}"
        )
        print(f"  re-ingest is {first / again:.1f}x faster than the first load")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 2000)
