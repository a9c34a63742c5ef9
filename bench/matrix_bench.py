"""Matrix speed: 5,000 bills and 50,000 obligations, median and p95 of the function and the API.

Run: ``.venv/bin/python -m bench.matrix_bench [--bills 5000] [--obligations 50000] [--runs 30]``

The data goes into a throwaway database made by Django's test-database
machinery on the configured backend, so the real data is never touched: on
the embedded default a separate SQLite file ``var/bench_matrix.sqlite3``
(deleted afterwards unless ``--keep``), on PostgreSQL (``DATABASE_URL``) a
``test_<name>`` database dropped at the end. Generation is deterministic from
``--seed`` and uses ``bulk_create``, so it takes seconds, not minutes.
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import statistics
import time
from collections.abc import Callable
from datetime import date, timedelta

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "regtracker.settings")
os.environ.setdefault("API_ANON_RATE", "1000000/minute")  # the bench is not an abuser

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

STATE_CODES = (
    "AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ "
    "NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY DC PR"
).split()
STATUSES = ["introduced"] * 5 + ["in_committee"] * 8 + ["passed_one_chamber"] * 2 + ["enacted"] * 2
ATTRIBUTE_CHOICES = (
    {},
    {"deadline": "PT72H", "recipient": "attorney general"},
    {"deadline": "P15D"},
    {"penalty_max_usd": 1_000_000},
    {"penalty_max_usd": 3_000_000, "penalty_repeat_max_usd": 10_000_000},
    {"compute_threshold_flop": 1e26, "cost_threshold_usd": 100_000_000},
    {"revenue_threshold_usd": 500_000_000},
    {"frequency": "P1Y"},
    {"retention": "P5Y"},
)


def generate(
    n_bills: int,
    n_obligations: int,
    seed: int,
    ai_share: float = 1.0,
    derive_states: bool = False,
    events: bool = False,
) -> None:
    """Jurisdictions, one session each, bills, one version per bill and the obligations.

    ``ai_share`` of the bills (the first ones of each chunk) carry the
    obligations, as about 2% of real bills are about AI; 1.0 spreads them over
    every bill. ``derive_states`` derives each bill's and obligation's legal
    state in memory with ``bills.legal_timeline``'s pure functions, as bulk
    ingest does for a new bill without links (the generated bills have no
    actions and no links, so ``recompute_legal_states`` would give the same,
    at ~40 ms a bill). ``events`` adds the change events an import leaves:
    one ``new_bill`` per bill and 0-3 legislative ones, spread over a year.
    Written in chunks of 5,000 bills, so memory stays flat at 250,000.
    """
    from bills.models import Jurisdiction, LegislativeSession

    rng = random.Random(seed)
    places = [
        Jurisdiction(code=f"US-{c}", name=_name(f"US-{c}"), kind="state") for c in STATE_CODES
    ]
    places.append(Jurisdiction(code="US", name="United States", kind="federal"))
    places = Jurisdiction.objects.bulk_create(places)
    sessions = LegislativeSession.objects.bulk_create(
        [LegislativeSession(jurisdiction=p, identifier="2025-2026") for p in places]
    )
    per_bill = n_obligations / max(1, round(n_bills * ai_share))
    made = ai_so_far = 0
    for first in range(0, n_bills, CHUNK):
        count = min(CHUNK, n_bills - first)
        ai = max(1, round(count * ai_share))
        ai_so_far += ai
        share = min(n_obligations - made, round(ai_so_far * per_bill) - made)
        if first + count >= n_bills:
            share = n_obligations - made  # the last chunk takes the rounding's rest
        made += _chunk(rng, first, count, ai, share, places, sessions, derive_states, events)
    with connection.cursor() as cursor:  # what autovacuum does after a bulk load: statistics,
        # and on PostgreSQL the visibility map that makes index-only scans possible
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


CHUNK = 5000


def _name(code: str) -> str:
    from vocabulary.jurisdictions import by_code

    return by_code(code).name


def _chunk(rng, first, count, ai, n_obligations, places, sessions, derive_states, events) -> int:
    """Bills ``first`` … ``first + count``, the first ``ai`` of them carrying ``n_obligations``."""
    from bills.models import Bill, BillVersion, Obligation
    from bills.obligations import typed_columns
    from bills.vocabulary.taxonomy import ACTOR_CODES, CATEGORY_CODES

    day0 = date(2025, 1, 1)
    bills = [_bill(first + i, rng, places, sessions, day0) for i in range(count)]
    timelines = _derive(bills) if derive_states else {}
    bills = Bill.objects.bulk_create(bills, batch_size=1000)
    versions = BillVersion.objects.bulk_create(
        [
            BillVersion(bill=b, label="Introduced", text="x", sha256="s", extracted_sha256="s")
            for b in bills
        ],
        batch_size=1000,
    )
    rows = []
    for i in range(n_obligations):
        k = i % max(1, ai)
        bill = bills[k]
        attrs = dict(rng.choice(ATTRIBUTE_CHOICES))
        ob = Obligation(
            bill=bill,
            version=versions[k],
            jurisdiction_id=bill.jurisdiction_id,
            category=rng.choice(CATEGORY_CODES),
            actor=rng.choice(ACTOR_CODES),
            section=f"§ {rng.randint(1, 40)}",
            start=i,
            end=i + 200,
            text="A developer shall " + "do the thing " * 15,
            attributes=attrs,
            fingerprint=f"fp{first + i}",
            **typed_columns(attrs),
        )
        if derive_states:
            _assign_state(ob, timelines[id(bill)])
        rows.append(ob)
    Obligation.objects.bulk_create(rows, batch_size=2000)
    if events:
        _events(rng, bills)
    return n_obligations


def _derive(bills: list) -> dict:
    """Each bill's legal state set in memory; returns its duties' timeline by ``id(bill)``."""
    from bills.legal_facts import own_facts, session_end
    from bills.legal_timeline import BillFacts, DutyFacts, bill_changes, duty_changes, fold

    session_ends: dict = {}
    duty_timelines = {}
    for bill in bills:
        if bill.session_id not in session_ends:
            session_ends[bill.session_id] = session_end(bill)
        facts = BillFacts(**own_facts(bill, [], session_ends[bill.session_id]))
        changes = bill_changes(facts)
        _assign_state(bill, fold(changes))
        duty_timelines[id(bill)] = fold(duty_changes(facts, changes, DutyFacts("")))
    return duty_timelines


def _assign_state(row, periods) -> None:
    from bills.legal_state import assign_state, today

    assign_state(row, periods, today())


def _events(rng, bills) -> None:
    """One ``new_bill`` per bill and 0-3 legislative events, on days spread over the past year."""
    from django.utils import timezone

    from bills.models import ChangeEvent

    kinds = ("new_action", "status_change", "new_version")
    made = []
    for bill in bills:
        made.append(ChangeEvent(bill=bill, kind="new_bill", details={}))
        for _ in range(rng.randint(0, 3)):
            kind = rng.choice(kinds)
            details = (
                {"actions": [{"text": "Referred to committee"}]} if kind == "new_action" else {}
            )
            made.append(ChangeEvent(bill=bill, kind=kind, details=details))
    made = ChangeEvent.objects.bulk_create(made, batch_size=2000)
    by_day: dict[int, list[int]] = {}
    for event in made:  # occurred_at is set on insert: move each to a day of the past year
        by_day.setdefault(rng.randrange(0, 365, 7), []).append(event.pk)
    now = timezone.now()
    for days, pks in by_day.items():
        ChangeEvent.objects.filter(pk__in=pks).update(occurred_at=now - timedelta(days=days))


def _bill(i, rng, places, sessions, day0):
    from bills.models import Bill

    k = rng.randrange(len(places))
    status_day = day0 + timedelta(days=rng.randrange(365))
    return Bill(
        jurisdiction=places[k],
        session=sessions[k],
        identifier=f"SB {i}",
        title="An act relating to artificial intelligence " * rng.randint(1, 4),
        status=rng.choice(STATUSES),
        status_date=status_day,
        latest_action_date=status_day,
    )


def measure(label: str, fn: Callable[[], object], runs: int) -> dict:
    fn()  # warm caches and the connection once, as a running server would be
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    p95 = times[max(0, round(0.95 * len(times)) - 1)]
    result = {"what": label, "median_ms": statistics.median(times), "p95_ms": p95, "runs": runs}
    print(f"{label:<48} median {result['median_ms']:8.1f} ms   p95 {p95:8.1f} ms   ({runs} runs)")
    return result


def run(args: argparse.Namespace) -> list[dict]:
    from django.core.cache import cache
    from django.test import Client

    from bills.legal_state import recompute_legal_states
    from bills.matrix import MatrixFilters, build_matrix, data_version

    started = time.perf_counter()
    generate(args.bills, args.obligations, args.seed)
    print(
        f"generated {args.bills} bills / {args.obligations} obligations "
        f"in {time.perf_counter() - started:.1f} s on {connection.vendor}"
    )
    # bulk_create skips ingest, so the legal states (what the matrix counts) are derived here.
    started = time.perf_counter()
    recompute_legal_states()
    print(
        f"legal states derived for every bill and obligation in {time.perf_counter() - started:.1f} s"
    )
    gc.collect()
    gc.freeze()  # as regtracker/wsgi.py does in a worker: the start-up heap is never rescanned
    client = Client()

    def api(url: str) -> Callable[[], object]:
        def call():
            response = client.get(url)
            assert response.status_code == 200, response.content[:300]

        return call

    def cold(url: str) -> Callable[[], object]:
        warm = api(url)

        def call():
            cache.clear()  # every request rebuilds the matrix, as after an ingest
            warm()

        return call

    n = args.runs
    return [
        measure("build_matrix(): full matrix", lambda: build_matrix(MatrixFilters()), n),
        measure(
            "build_matrix(): enacted only", lambda: build_matrix(MatrixFilters(status="enacted")), n
        ),
        measure(
            "build_matrix(): one state (US-NY)",
            lambda: build_matrix(MatrixFilters(jurisdiction="US-NY")),
            n,
        ),
        measure("data_version() (cache key query)", data_version, n),
        measure("GET /api/v1/matrix/ cold cache", cold("/api/v1/matrix/"), n),
        measure("GET /api/v1/matrix/ warm cache", api("/api/v1/matrix/"), n),
        measure(
            "GET /api/v1/matrix/?status=enacted cold", cold("/api/v1/matrix/?status=enacted"), n
        ),
        measure(
            "GET /api/v1/matrix/?jurisdiction=US-NY cold",
            cold("/api/v1/matrix/?jurisdiction=US-NY"),
            n,
        ),
        measure("GET /api/v1/matrix/?format=csv cold", cold("/api/v1/matrix/?format=csv"), n),
        measure("GET /matrix/ (page) cold", cold("/matrix/"), n),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bills", type=int, default=5000)
    parser.add_argument("--obligations", type=int, default=50000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--seed", type=int, default=4)
    parser.add_argument("--keep", action="store_true", help="keep the SQLite file afterwards")
    args = parser.parse_args()
    setup_test_environment()
    if connection.vendor == "sqlite":
        connection.settings_dict["TEST"]["NAME"] = str(settings.VAR_DIR / "bench_matrix.sqlite3")
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        run(args)
    finally:
        if not args.keep:
            connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
