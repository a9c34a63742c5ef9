"""First load of one JSONL file into a fresh bench database: wall, CPU (client + server), load.

Usage: ``python -m bench.ingest_cpu FILE [--profile OUT.html] [--reimport] [--keep]``

What ``import_records`` does minus the search indexing pass (another issue's
cost, measured by ``bench.ingest_scale``) and minus extraction (issue 18's
target is "without extraction"). On a shared machine wall time says how busy
the machine was; the CPU figures are what to compare between runs: this
process's ``getrusage`` (its worker processes included) plus the PostgreSQL
backends that served it, read from ``/proc`` (the server must be local).
"""

from __future__ import annotations

import argparse
import os
import resource
import time
from pathlib import Path

from . import database  # noqa: F401 - sets up Django
from .ingest_scale import extraction_off

TICK = os.sysconf("SC_CLK_TCK")


def client_cpu(who: int = resource.RUSAGE_SELF) -> float:
    """CPU seconds of this process (``RUSAGE_SELF``) or of its finished children (worker
    processes, ``RUSAGE_CHILDREN``)."""
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def process_cpu(pid: int) -> float:
    """User + system CPU seconds a live process has used so far (Linux ``/proc``)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / TICK


def server_cpu(database_name: str) -> dict[int, float]:
    """{backend pid: CPU seconds} of every client backend connected to ``database_name``."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s AND backend_type = 'client backend'",
            [database_name],
        )
        return {pid: process_cpu(pid) for (pid,) in cursor.fetchall()}


class ServerMeter:
    """CPU of the database's backends during a block, sampled often enough to see short-lived
    backends (worker processes' connections) before they exit."""

    def __init__(self, database_name: str) -> None:
        self.name = database_name
        self.first: dict[int, float] = {}
        self.last: dict[int, float] = {}

    def sample(self) -> None:
        for pid, seconds in server_cpu(self.name).items():
            self.first.setdefault(pid, seconds)
            self.last[pid] = seconds

    def seconds(self) -> float:
        return sum(self.last[pid] - self.first.get(pid, 0.0) for pid in self.last)


def run(path: Path, reimport: bool, profile: Path | None, workers: int) -> list[dict]:
    from django.db import connection

    from bills.importing import import_jsonl_path
    from jobs.queueing import search_indexing_deferred

    name = connection.settings_dict["NAME"]
    lines = sum(1 for _ in path.open(encoding="utf-8"))
    results = []
    for what in ("first load", "unchanged re-import")[: 2 if reimport else 1]:
        meter = ServerMeter(name) if connection.vendor == "postgresql" else None
        connection.ensure_connection()
        if meter:
            meter.sample()
        load_before = os.getloadavg()
        cpu, workers_cpu = client_cpu(), client_cpu(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        profiler = None
        if profile and what == "first load":
            from pyinstrument import Profiler

            profiler = Profiler(interval=0.005)
            profiler.start()
        with extraction_off(), search_indexing_deferred():
            scrape_run = import_jsonl_path(
                path, source="bench", **({"workers": workers} if workers else {})
            )
        if profiler:
            profiler.stop()
            profile.write_text(profiler.output_html())
            print(profiler.output_text(unicode=True, color=False, show_all=False)[:20000])
        wall = time.perf_counter() - started
        main = client_cpu() - cpu
        parsers = client_cpu(resource.RUSAGE_CHILDREN) - workers_cpu
        client = main + parsers
        if meter:
            meter.sample()
        server = meter.seconds() if meter else 0.0
        row = {
            "what": what,
            "bills": lines,
            "wall_s": round(wall, 1),
            "bills_per_s": round(lines / wall, 1),
            "client_cpu_s": round(client, 1),
            "main_cpu_s": round(main, 1),
            "workers_cpu_s": round(parsers, 1),
            "server_cpu_s": round(server, 1),
            "bills_per_cpu_s": round(lines / (client + server), 1),
            "load_before": [round(v, 1) for v in load_before],
            "load_after": [round(v, 1) for v in os.getloadavg()],
            "inserted": scrape_run.inserted,
            "unchanged": scrape_run.unchanged,
            "failed": scrape_run.failed,
            "status": scrape_run.status,
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        }
        print(row, flush=True)
        results.append(row)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("path", type=Path)
    parser.add_argument("--reimport", action="store_true", help="then re-import the same file")
    parser.add_argument("--profile", type=Path, help="pyinstrument HTML of the first load")
    parser.add_argument("--workers", type=int, default=0, help="parsing processes (0: inline)")
    parser.add_argument("--keep", action="store_true", help="keep the bench database")
    args = parser.parse_args()
    with database.bench_database(keep=args.keep):
        run(args.path, args.reimport, args.profile, args.workers)


if __name__ == "__main__":
    main()
