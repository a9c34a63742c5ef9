"""The bounded load test in CI: 100 concurrent clients against gunicorn (several workers) on
PostgreSQL and Redis, over the demo bills; every answer must succeed.

Short in CI (``LOAD_SECONDS``, default 8 s); ``python -m bench.load`` runs the full
60 s. The figures (requests served, errors, requests/s, latency per address) are
printed for the test report.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bench.load import default_paths, gunicorn_server, print_report, run_load
from bills.importing import import_jsonl_path
from tests.summary import report
from tests.worker_helpers import database_url

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parent.parent
SECONDS = float(os.environ.get("LOAD_SECONDS", "8"))
CLIENTS = 100
WORKERS = 3


def test_100_concurrent_clients_get_every_answer_from_gunicorn_with_zero_errors(
    postgres_db, redis_url
):
    run = import_jsonl_path(ROOT / "demo" / "demo_bills.jsonl", source="demo")
    assert run.status == "succeeded"
    env = {"DATABASE_URL": database_url(postgres_db), "REDIS_URL": redis_url}
    with gunicorn_server(env, workers=WORKERS) as url:
        paths = default_paths(url)
        result = run_load(url, paths, clients=CLIENTS, seconds=SECONDS)
    print()
    print_report(result, WORKERS)
    assert result.requests >= CLIENTS, "every client got at least one answer"
    assert result.errors == 0, result.error_samples
    assert set(result.latencies) == set(paths)
    report(
        f"LOAD {CLIENTS} clients x {SECONDS:.0f} s on gunicorn ({WORKERS} workers): "
        f"{result.requests} requests served, errors: {result.errors}, "
        f"{result.per_second:.1f} requests/s"
    )
