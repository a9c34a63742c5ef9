"""Digest throughput: 10,000 confirmed subscribers' daily digests built and sent over SMTP.

A throwaway test database (SQLite by default, PostgreSQL with DATABASE_URL)
gets 80 bills in 8 jurisdictions; then N subscribers with mixed filters
(everything, some jurisdictions, some categories, a watch list, a search
query), confirmed after that load. The day's news: 24 of the bills pass a
chamber with a new text that changes their penalty and deadline (real ingest
and extraction, real ``obligations_changed`` events), and some have an
effective date coming up. The SMTP server is aiosmtpd in a
separate process on localhost, counting what it accepts. Target: under 2
minutes for 10,000. Usage: python -m bench.digest_bench [N] [--workers W]

``--workers W`` (PostgreSQL only: SQLite has one writer) sends with W
processes, as W Celery workers would; each takes batches of its own. Beside
wall time it prints the CPU of the senders, of their PostgreSQL backends
(read from ``/proc``: the server must run on this host) and of the sink.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import random
import socket
import time
from datetime import date, timedelta

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "regtracker.settings")
os.environ["CELERY_TASK_ALWAYS_EAGER"] = "1"
django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Max  # noqa: E402
from django.utils import timezone  # noqa: E402

from bills.ingest import ingest_record  # noqa: E402
from bills.models import ChangeEvent  # noqa: E402
from digests.claiming import claim_due  # noqa: E402
from digests.models import Subscription  # noqa: E402
from digests.sending import send_pending  # noqa: E402
from scrapers.records import ActionRecord, BillRecord, VersionRecord  # noqa: E402

STATES = ["US-NY", "US-CA", "US-TX", "US-CO", "US-IL", "US-VA", "US-CT", "US-UT"]
TEXT = (
    "Section 3. A large developer of a frontier artificial intelligence model shall report each "
    "safety incident to the attorney general within {hours} hours. Section 5. A large developer "
    "of a frontier artificial intelligence model that violates this article shall be liable "
    "for a civil penalty in an amount not to exceed {amount} dollars for each violation."
)
ADDED = (
    " Section 6. A deployer of an artificial intelligence system shall notify a consumer that "
    "the artificial intelligence system is used to make a consequential decision."
)
CATEGORIES = ["civil_penalty", "incident_reporting", "decision_notice", "safety_framework"]


def _record(i: int, second: bool) -> BillRecord:
    versions = [VersionRecord("Introduced", date(2026, 1, 5), "", "text/plain",
                              TEXT.format(hours="seventy-two", amount="ten million"))]  # fmt: skip
    if second:
        versions.append(VersionRecord("Amended", date(2026, 3, 1), "", "text/plain",
                                      TEXT.format(hours="twenty-four", amount="one million") + ADDED))  # fmt: skip
    soon = timezone.localdate() + timedelta(days=5 + i % 20)
    return BillRecord(
        jurisdiction=STATES[i % len(STATES)],
        session="2026",
        identifier=f"SB {100 + i}",
        title=f"An act relating to frontier artificial intelligence models, number {i}",
        actions=[ActionRecord(date(2026, 1, 5), "Introduced", "upper")]
        + ([ActionRecord(date(2026, 3, 1), "PASSED SENATE", "upper")] if second else []),
        versions=versions,
        effective_date=soon if i % 3 == 0 else None,
        source_ids={"bench": str(i)},
    )


def seed_bills(n_bills: int = 80) -> list[int]:
    ids = [ingest_record(_record(i, second=False)).bill_id for i in range(n_bills)]
    return ids


def seed_subscribers(n: int, bill_ids: list[int], seed: int = 11) -> None:
    rng = random.Random(seed)
    cursor = ChangeEvent.objects.aggregate(m=Max("id"))["m"] or 0  # as confirming sets it
    rows = []
    for k in range(n):
        kind = k % 5
        filters = {}
        if kind == 1:
            filters["jurisdictions"] = sorted(rng.sample(STATES, rng.randint(1, 3)))
        elif kind == 2:
            filters["categories"] = sorted(rng.sample(CATEGORIES, 2))
        elif kind == 3:
            filters["bills"] = sorted(rng.sample(bill_ids, 5))
        elif kind == 4:
            filters["query"] = rng.choice(['"frontier artificial"', "models -number", "safety"])
        rows.append(Subscription(email=f"reader{k}@example.com", state="active", last_event_id=cursor,
                                 confirmed_at=timezone.now(), **filters))  # fmt: skip
    Subscription.objects.bulk_create(rows, batch_size=2000)


def _serve(port: int, count, size, ready) -> None:
    """The SMTP sink: aiosmtpd in this process of its own, counting what it accepts."""
    import asyncio

    from aiosmtpd.controller import Controller

    class Counter:
        async def handle_DATA(self, server, session, envelope):
            with count.get_lock():
                count.value += 1
                size.value += len(envelope.content)
            return "250 OK"

    controller = Controller(Counter(), hostname="127.0.0.1", port=port)
    controller.start()
    ready.set()
    asyncio.run(asyncio.sleep(3600))


def cpu_seconds(pid: int) -> float:
    """User + system CPU time a live process has used so far (Linux ``/proc``)."""
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def own_cpu() -> float:
    """CPU seconds of this process and of its children that have ended (the pool's workers)."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def send_in_parallel(workers: int) -> tuple[int, int, int, float]:
    """(sent, recovered, failed, database CPU) by ``workers`` processes each sending what is due."""
    connection.close()  # each process opens its own connection
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        reports = pool.map(_send_all, range(workers))
    return tuple(sum(r[k] for r in reports) for k in range(4))


def _send_all(_worker: int) -> tuple[int, int, int, float]:
    report = send_pending()
    database_cpu = backend_cpu()  # this worker's own session: all of its work
    connection.close()
    return report.sent, report.recovered, report.failed, database_cpu


def backend_cpu() -> float:
    """CPU seconds the database server's process for this connection has used (PostgreSQL
    on this host; 0 on SQLite, whose work is the client's own CPU)."""
    if connection.vendor != "postgresql":
        return 0.0
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cpu_seconds(cursor.fetchone()[0])


def main(n: int, workers: int = 1, profile: str = "") -> None:
    if workers > 1 and connection.vendor != "postgresql":
        raise SystemExit("--workers needs PostgreSQL (DATABASE_URL): SQLite has one writer")
    port = _free_port()
    count, size, ready = (
        multiprocessing.Value("i", 0),
        multiprocessing.Value("q", 0),
        multiprocessing.Event(),
    )
    server = multiprocessing.Process(target=_serve, args=(port, count, size, ready), daemon=True)
    server.start()
    ready.wait(30)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.DIGEST_SETTLE_SECONDS = 0
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        bill_ids = seed_bills()
        seed_subscribers(n, bill_ids)
        for i in range(0, len(bill_ids), 10):  # the day's news: 3 bills in 10 change
            for j in range(i, i + 3):
                ingest_record(_record(j, second=True))
        _measure(n, workers, profile, server.pid, count, size)
        _measure_sink(port, count, size, server.pid)
    finally:
        connection.close()
        connection.creation.destroy_test_db(old_name, verbosity=0)
        server.terminate()


def _measure(n: int, workers: int, profile: str, server_pid: int, count, size) -> None:
    sink_before, cpu_before, db_before = cpu_seconds(server_pid), own_cpu(), backend_cpu()
    started = time.perf_counter()
    profiler = _profiler(profile)
    claimed = claim_due("daily")
    _save_profile(profiler, profile and f"{profile}.claim", "claim + match")
    built, cpu_built, db_built = time.perf_counter(), own_cpu(), backend_cpu()
    if workers > 1:
        sent, recovered, failed, db_send = send_in_parallel(workers)
    else:
        profiler = _profiler(profile)
        report = send_pending()
        _save_profile(profiler, profile, "render + send")
        sent, recovered, failed = report.sent, report.recovered, report.failed
        db_send = backend_cpu() - db_built
    done, cpu_done = time.perf_counter(), own_cpu()
    deadline = time.monotonic() + 10
    while count.value < sent and time.monotonic() < deadline:
        time.sleep(0.1)
    total, sink_cpu = done - started, cpu_seconds(server_pid) - sink_before
    print(f"digests backend={connection.vendor} subscribers={n} "
          f"batch={settings.DIGEST_BATCH_SIZE} workers={workers} cores={os.cpu_count()} "
          f"load average before={_load()}")  # fmt: skip
    print(f"  claim + match:   {built - started:7.2f} s wall {cpu_built - cpu_before:7.2f} s CPU  "
          f"{db_built - db_before:6.2f} s database CPU  "
          f"deliveries={claimed.claimed} nothing new={claimed.nothing_new}")  # fmt: skip
    print(f"  render + send:   {done - built:7.2f} s wall {cpu_done - cpu_built:7.2f} s CPU  "
          f"{db_send:6.2f} s database CPU  "
          f"sent={sent} failed={failed} recovered from dead senders={recovered} "
          f"received by SMTP={count.value} ({size.value / max(count.value, 1) / 1024:.1f} KiB each)")  # fmt: skip
    print(f"  SMTP sink:                {sink_cpu:7.2f} s CPU (its own process)")
    print(f"  total:           {total:7.2f} s wall {cpu_done - cpu_before:7.2f} s CPU "
          f"(+ sink)  {sent / total:6.0f} digests/s  "
          f"(target < 120 s: {'met' if total < 120 else 'MISSED'})  load average after={_load()}")  # fmt: skip


def _measure_sink(port: int, count, size, server_pid: int, messages: int = 2000) -> None:
    """The sink alone: ``messages`` ready-made messages of the digests' average size, one connection."""
    import smtplib

    average = max(size.value // max(count.value, 1), 200)
    line = "x" * 76 + "\r\n"
    body = "Subject: sink check\r\nFrom: a@example.com\r\nTo: b@example.com\r\n\r\n"
    body += line * (average // len(line))
    sink_before, started = cpu_seconds(server_pid), time.perf_counter()
    with smtplib.SMTP("127.0.0.1", port) as smtp:
        for i in range(messages):
            smtp.sendmail("a@example.com", [f"b{i}@example.com"], body)
    wall, sink_cpu = time.perf_counter() - started, cpu_seconds(server_pid) - sink_before
    print(f"  sink alone:      {wall:7.2f} s wall {sink_cpu:7.2f} s sink CPU for {messages} messages "
          f"of {len(body) / 1024:.1f} KiB = {wall / messages * 1000:.2f} ms each")  # fmt: skip


def _load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def _profiler(path: str):
    if not path:
        return None
    from pyinstrument import Profiler

    profiler = Profiler(interval=0.001)
    profiler.start()
    return profiler


def _save_profile(profiler, path: str, what: str) -> None:
    if profiler is None:
        return
    profiler.stop()
    with open(path, "w") as out:
        out.write(profiler.output_text(unicode=True, show_all=False))
    print(f"  profile of {what} written to {path} (profiling slows it down)")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("subscribers", nargs="?", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--profile", default="", help="write a pyinstrument profile of sending")
    args = parser.parse_args()
    main(args.subscribers, args.workers, args.profile)
