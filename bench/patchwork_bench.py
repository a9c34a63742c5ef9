"""Patchwork speed: the report, the research view, the API and the page, cold and warm.

Run: ``.venv/bin/python -m bench.patchwork_bench [--bills 2000] [--obligations 20000] [--runs 20] [--json]``

Same throwaway database and generated data as ``bench.matrix_bench`` (a
separate SQLite file on the embedded default, a ``test_<name>`` database on
PostgreSQL with ``DATABASE_URL``). "Cold" clears the cache before every
request, as after an ingest; "warm" is a reader hitting the cached answer.
``run(args)`` returns the rows, so the bench runner can call it and collect
the figures; ``--json`` prints them as one JSON document at the end.
"""

from __future__ import annotations

import argparse
import gc
import json
import time
from collections.abc import Callable
from datetime import date

from django.conf import settings
from django.db import connection
from django.test.utils import setup_test_environment

from bench.matrix_bench import generate, measure  # sets up Django

PROFILE_QUERY = "roles=frontier_developer&roles=deployer"
TWO_STATES = "&states=US-NY&states=US-CA"


def prepare_legal_states() -> None:
    """Bulk-created rows bypass the hooks that store legal states; derive them once, if stored."""
    try:
        from bills.legal_state import recompute_legal_states
    except ImportError:  # legal states derived in the query (no stored fields yet)
        return
    recompute_legal_states()


def run(args: argparse.Namespace) -> list[dict]:
    from django.core.cache import cache
    from django.test import Client

    from bills.applicability import Profile
    from bills.patchwork.report import build_patchwork
    from bills.patchwork.research import build_research

    started = time.perf_counter()
    generate(args.bills, args.obligations, args.seed)
    prepare_legal_states()
    print(
        f"generated {args.bills} bills / {args.obligations} obligations "
        f"in {time.perf_counter() - started:.1f} s on {connection.vendor}"
    )
    gc.collect()
    gc.freeze()
    client = Client()
    today = date.today()

    def get(url: str, clear: bool) -> Callable[[], object]:
        def call():
            if clear:
                cache.clear()
            response = client.get(url)
            assert response.status_code == 200, response.content[:300]

        return call

    everywhere = Profile(("frontier_developer", "deployer"), include_pending=False)
    two = Profile(
        ("frontier_developer", "deployer"), states=("US-NY", "US-CA"), include_pending=False
    )
    n = args.runs
    api, page = f"/api/v1/patchwork/?{PROFILE_QUERY}", f"/patchwork/?{PROFILE_QUERY}{TWO_STATES}"
    return [
        measure("build_patchwork(): every state", lambda: build_patchwork(everywhere, today), n),
        measure("build_patchwork(): NY + CA", lambda: build_patchwork(two, today), n),
        measure("build_research(): whole country", lambda: build_research(today), n),
        measure("GET /api/v1/patchwork/ (all states) cold", get(api, True), n),
        measure("GET /api/v1/patchwork/ (all states) warm", get(api, False), n),
        measure("GET /api/v1/patchwork/?format=csv cold", get(api + "&format=csv", True), n),
        measure("GET /patchwork/ (NY + CA page) cold", get(page, True), n),
        measure("GET /patchwork/ (NY + CA page) warm", get(page, False), n),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bills", type=int, default=2000)
    parser.add_argument("--obligations", type=int, default=20000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--seed", type=int, default=4)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON at the end")
    parser.add_argument("--keep", action="store_true", help="keep the SQLite file afterwards")
    args = parser.parse_args()
    setup_test_environment()
    if connection.vendor == "sqlite":
        connection.settings_dict["TEST"]["NAME"] = str(settings.VAR_DIR / "bench_patchwork.sqlite3")
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        results = run(args)
        if args.json:
            print(
                json.dumps({"bench": "patchwork", "vendor": connection.vendor, "results": results})
            )
    finally:
        if not args.keep:
            connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
