"""Page latency and size at scale: home, bills, a bill, a state, the matrix and its drill-down, the API.

Run: ``.venv/bin/python -m bench.pages_bench [--bills 2000] [--obligations N] [--ai-share 0.02]
[--runs 20] [--http] [--database NAME] [--keep | --reuse] [--app-root PATH] [--json]``

Same generated data as ``bench.matrix_bench`` (in chunks, with the legal
states derived in memory and the change events an import leaves), in a
throwaway database on the configured backend: a separate SQLite file on the
embedded default, ``test_<name>`` on PostgreSQL (``DATABASE_URL``), or the
database named by ``--database``, which ``--keep`` leaves for a later
``--reuse`` (a 250,000-bill load is paid once). By default ``ai_share`` of the
bills (2%) carry the obligations, 20 each on average, as real AI bills do.

Each address is fetched cold (the cache cleared before every request) and
warm, through Django's test client or, with ``--http``, through gunicorn
(production settings; the cache must be Redis, ``REDIS_URL``, for the bench
to clear it). Printed per address: median and p95 latency, the body's size
(the issue's targets: p95 < 150 ms cold and under 500 KB at 250,000 bills)
and, with ``--http``, the CPU the server spent per request (gunicorn workers
plus their PostgreSQL backends), so a loaded machine can be told from a slow
page. ``--app-root`` serves another checkout (a "before" measurement on the
same data). The redline (target < 300 ms) is measured twice on two generated
100 KB prints (``versions``): the diff page of a bill holding them, through
the same client, and ``bills.redline.redline`` alone, in memory.

``http_page_rows(settings, scale, runs)`` is the part ``python -m bench`` runs
on its own loaded database. ``--out var/bench`` writes ``pages-<bills>.json``,
which ``bench.chart`` draws beside the main bench's results.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import random
import re
import time
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.test.utils import setup_test_environment

from bench.matrix_bench import generate  # sets up Django
from bench.measure import Row, latency

WORDS = (
    "developer deployer model system shall report incident within days office attorney general "
    "penalty violation section subdivision artificial intelligence frontier safety framework "
    "publish review annual consumer notice risk assessment impact discrimination record"
).split()


def pages(search: bool = True) -> list[tuple[str, str]]:
    """(what, address) of each page measured; the AI bill with most duties stands for all bills."""
    from bills.models import Bill, Obligation

    bill = (
        Obligation.objects.values("bill_id").order_by("bill_id").values_list("bill_id", flat=True)
    ).first() or Bill.objects.order_by("pk").values_list("pk", flat=True).first()
    cell = "jurisdiction=US-CA&category=incident_reporting"
    found = [
        ("home", "/"),
        ("bills list", "/bills/"),
        ("bill page", f"/bills/{bill}/"),
        ("state page (US-CA)", "/jurisdictions/US-CA/"),
        ("jurisdictions map", "/jurisdictions/"),
        ("matrix page", "/matrix/"),
        ("matrix page, a cell drilled (no JS)", f"/matrix/?{cell}"),
        ("matrix cell drill-down (htmx)", f"/matrix/cell/?{cell}"),
        ("API matrix", "/api/v1/matrix/"),
        ("API matrix cell", f"/api/v1/matrix/cell/?{cell}"),
        ("API obligations, first page", "/api/v1/obligations/"),
        ("changes feed", "/feeds/changes/"),
        ("redline page, two 100 KB versions", redline_address()),
        ("bill page, two 100 KB versions", redline_address().split("diff/")[0]),
    ]
    if search:
        found[2:2] = [
            ("search (common word)", "/search/?q=developer"),
            ("search (phrase)", '/search/?q="safety framework"'),
        ]
    return found


REDLINE_BILL = "BENCH REDLINE"


def redline_address(size: int = 100_000) -> str:
    """The diff page of a bill holding the two generated prints of ``versions`` (stored once)."""
    import hashlib

    from bills.models import Bill, BillVersion, LegislativeSession

    bill = Bill.objects.filter(identifier=REDLINE_BILL).first()
    if bill is None:
        session = LegislativeSession.objects.order_by("pk").first()
        bill = Bill.objects.create(
            jurisdiction_id=session.jurisdiction_id,
            session=session,
            identifier=REDLINE_BILL,
            title="An act relating to artificial intelligence (two generated prints)",
        )
        for order, (label, text) in enumerate(
            zip(("Introduced", "Amended"), versions(size), strict=True)
        ):
            digest = hashlib.sha256(text.encode()).hexdigest()
            BillVersion.objects.create(bill=bill, label=label, order=order, text=text,
                                       sha256=digest, extracted_sha256=digest)  # fmt: skip
    return f"/bills/{bill.pk}/diff/?from=Introduced&to=Amended"


def page_rows(scale: str, runs: int, fetch: Callable[[str], tuple[int, bytes]],
              cpu: Callable[[], float] | None = None, search: bool = True) -> list[Row]:  # fmt: skip
    """Cold and warm rows for each page; a page the app does not have is a row saying so."""
    from django.core.cache import cache

    rows = []
    for what, url in pages(search):
        status, body = fetch(url)
        if status != 200:  # 404: not in this app (a "before" checkout); 400: not in this data
            rows.append(Row(f"page: {what}", scale, note=f"not measured: {status} for {url}"))
            print(f"{what:<40} {status}, not measured", flush=True)
            continue

        def call(url=url):
            status, _ = fetch(url)
            assert status == 200, (url, status)

        for temperature, before in (("cold", cache.clear), ("warm", None)):
            spent = cpu() if cpu else 0.0
            row = latency(f"page: {what}, {temperature}", scale, call, runs, before=before)
            row.note += f"; {len(body) / 1024:,.1f} KB"
            if cpu:
                row.note += f"; server CPU {(cpu() - spent) * 1000 / (runs + 1):,.0f} ms/req"
            print(f"{row.what:<52} median {row.median_ms:8.1f} ms  p95 {row.p95_ms:8.1f} ms  "
                  f"{row.note}", flush=True)  # fmt: skip
            rows.append(row)
    return rows


def client_fetch() -> Callable[[str], tuple[int, bytes]]:
    from django.test import Client

    client = Client()

    def fetch(url: str) -> tuple[int, bytes]:
        response = client.get(url)
        return response.status_code, response.content

    return fetch


def http_page_rows(settings_dict: dict, scale: str, runs: int, root: Path | None = None,
                   search: bool = True, workers: int = 2) -> list[Row]:  # fmt: skip
    """The pages through gunicorn serving ``settings_dict``'s database (``root``: another checkout)."""
    import requests

    from .http_load import gunicorn

    if not settings.CACHES["default"]["BACKEND"].startswith("regtracker.cache"):
        return [Row("pages through HTTP", scale, note="not measured: needs REDIS_URL to clear")]
    session = requests.Session()
    with gunicorn(settings_dict, workers, **({"root": root} if root else {})) as base:

        def fetch(url: str) -> tuple[int, bytes]:
            response = session.get(base + url, timeout=120)
            return response.status_code, response.content

        port = base.rsplit(":", 1)[1]
        return page_rows(scale, runs, fetch, lambda: server_cpu(port), search)


def server_cpu(port: str, seen: dict[int, float] = {}) -> float:  # noqa: B006 - kept on purpose
    """CPU seconds used so far by the gunicorn on ``port`` and its PostgreSQL backends.

    Per process the last reading is kept, so a backend that closes (connections
    live 60 s) still counts. PostgreSQL's parallel workers come and go between
    readings and are not counted: the figure is a floor.
    """
    ticks = os.sysconf("SC_CLK_TCK")
    pids = [pid for pid in _pids() if f"127.0.0.1:{port}" in _cmdline(pid)]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
                "AND pid <> pg_backend_pid()"
            )
            pids += [row[0] for row in cursor.fetchall()]
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        seen[pid] = (int(fields[11]) + int(fields[12])) / ticks  # utime, stime
    return sum(seen.values())


def _pids() -> list[int]:
    return [int(name) for name in os.listdir("/proc") if name.isdigit()]


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def versions(size: int, seed: int = 7) -> tuple[str, str]:
    """Two prints of a generated bill of about ``size`` characters (``bench.legal_text``: an
    enacting clause, definitions, numbered sections with lists), the second amended as a
    committee amends: a sentence rewritten in a dozen sections, periods lengthened and
    "shall" softened in fifteen, one section struck and a new one inserted further on, every
    section between them renumbered."""
    from bench.legal_text import TextPool, bill_text

    rng = random.Random(seed)
    pool = TextPool(rng, size=2000)
    old = bill_text(pool, "California", "artificial intelligence", size, ai=True)
    parts = old.split("\n\n")
    body = range(3, len(parts) - 1)  # not the enacting clause, definitions or effective date
    for at in rng.sample(body, 12):
        sentences = parts[at].split(". ")
        sentences[rng.randrange(len(sentences))] = pool.paragraph(1).rstrip(".")
        parts[at] = ". ".join(sentences)
    for at in rng.sample(body, 15):
        parts[at] = re.sub(
            r"\b(30|60|90) days", lambda m: f"{int(m[1]) + 15} days", parts[at], count=1
        )
        parts[at] = parts[at].replace(" shall ", " may ", 1)
    del parts[len(parts) // 3]
    parts.insert(2 * len(parts) // 3, f"Section 0. Reports to the Legislature. {pool.paragraph(6)}")
    for at in range(2, len(parts)):  # parts[2] is "Section 1. Definitions"
        parts[at] = re.sub(r"^Section \d+\.", f"Section {at - 1}.", parts[at])
    return old, "\n\n".join(parts)


def redline_row(runs: int, size: int = 100_000) -> Row:
    from bills.redline import redline

    old, new = versions(size)
    return latency(
        f"redline of two {size // 1000} KB versions", "-", lambda: redline(old, new), runs
    )


def load(args: argparse.Namespace) -> None:
    from bills.models import Bill
    from bills.search import index_bills

    obligations = args.obligations
    if obligations is None:
        obligations = round(args.bills * args.ai_share * 20)
    started = time.perf_counter()
    generate(args.bills, obligations, args.seed, args.ai_share, derive_states=True, events=True)
    print(
        f"generated {args.bills:,} bills / {obligations:,} obligations "
        f"in {time.perf_counter() - started:.1f} s on {connection.vendor}",
        flush=True,
    )
    if args.search:
        started = time.perf_counter()
        index_bills(Bill.objects.values_list("pk", flat=True))
        print(f"search index built in {time.perf_counter() - started:.1f} s", flush=True)


def run(args: argparse.Namespace) -> list[Row]:
    if not args.reuse:
        load(args)
    gc.collect()
    gc.freeze()
    scale = f"{args.bills // 1000}k" if args.bills >= 1000 else str(args.bills)
    if args.http:
        rows = http_page_rows(
            connection.settings_dict, scale, args.runs, args.app_root, args.search
        )
    else:
        rows = page_rows(scale, args.runs, client_fetch(), search=args.search)
    rows.append(redline_row(args.runs))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bills", type=int, default=2000)
    parser.add_argument("--obligations", type=int, help="default: 20 per AI bill")
    parser.add_argument("--ai-share", type=float, default=0.02)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--seed", type=int, default=4)
    parser.add_argument("--http", action="store_true", help="through gunicorn (needs REDIS_URL)")
    parser.add_argument("--no-search", dest="search", action="store_false",
                        help="skip the search index and the search pages")  # fmt: skip
    parser.add_argument("--database", help="the bench database's name (default test_<name>)")
    parser.add_argument("--app-root", type=Path, help="serve this checkout instead (with --http)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON at the end")
    parser.add_argument("--out", type=Path, help="write pages-<bills>.json here (for bench.chart)")
    parser.add_argument("--keep", action="store_true", help="keep the bench database afterwards")
    parser.add_argument("--reuse", action="store_true", help="measure a kept database, no load")
    args = parser.parse_args()
    setup_test_environment(debug=False)
    if connection.vendor == "sqlite":
        connection.settings_dict["TEST"]["NAME"] = str(settings.VAR_DIR / "bench_pages.sqlite3")
    if args.database:
        connection.settings_dict["TEST"]["NAME"] = args.database
    old_name = connection.settings_dict["NAME"]
    if args.reuse:
        connection.close()
        connection.settings_dict["NAME"] = connection.creation._get_test_db_name()
    else:
        connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        results = run(args)
        if args.json:
            print(json.dumps({"bench": "pages", "vendor": connection.vendor,
                              "results": [r.as_dict() for r in results]}))  # fmt: skip
        if args.out:  # what bench.chart draws beside the main bench's results
            args.out.mkdir(parents=True, exist_ok=True)
            path = args.out / f"pages-{args.bills}.json"
            path.write_text(json.dumps({
                "bench": "pages", "bills": args.bills, "backend": connection.vendor,
                "http": args.http, "app_root": str(args.app_root or ""),
                "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                "load_average": os.getloadavg(), "rows": [r.as_dict() for r in results],
            }, indent=1))  # fmt: skip
            print(f"results: {path}")
    finally:
        if args.keep or args.reuse:
            connection.close()
            connection.settings_dict["NAME"] = old_name
        else:
            connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
