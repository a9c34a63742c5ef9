"""Pages and API through HTTP under gunicorn, and a bounded load test on localhost.

gunicorn (the production server the README names) serves the bench database
with ``--workers`` processes of 4 threads each (a worker waiting on Redis or
PostgreSQL serves another request meanwhile); each address is first timed
alone (median/p95), then ``--clients`` keep-alive connections driven by one
asyncio loop (``bench.load``) request the whole mix for ``--seconds``:
requests/s and errors. Bounded on purpose: the machine is shared, and a load
test must never run away.
"""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import requests

from .load import cached_api_paths
from .measure import Row, latency, percentile

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_url(settings_dict: dict) -> str:
    if settings_dict["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{settings_dict['NAME']}"
    user, host = settings_dict.get("USER") or "postgres", settings_dict.get("HOST") or "127.0.0.1"
    port = settings_dict.get("PORT") or "5432"
    return f"postgres://{user}@{host}:{port}/{settings_dict['NAME']}"


@contextmanager
def gunicorn(settings_dict: dict, workers: int, root: Path = ROOT) -> Iterator[str]:
    """gunicorn serving ``root``'s app (this checkout by default) on the bench database."""
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database_url(settings_dict),
        "API_ANON_RATE": "1000000/minute",
        # Production settings, on plain HTTP on localhost.
        "DJANGO_DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(48),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",
    }
    argv = [sys.executable, "-m", "gunicorn", "regtracker.wsgi", "-w", str(workers),
            "-k", "gthread", "--threads", "4", "-b", f"127.0.0.1:{port}",
            "--log-level", "warning"]  # fmt: skip
    process = subprocess.Popen(argv, cwd=root, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(base, process)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


def _wait_until_up(base: str, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode}")
        try:
            requests.get(base + "/api/v1/taxonomy/", timeout=5)
            return
        except (requests.ConnectionError, requests.Timeout):  # a loaded machine starts slowly
            time.sleep(0.3)
    raise RuntimeError("gunicorn did not answer within 60 s")


def addresses() -> dict[str, str]:
    from bills.models import Bill

    bill = Bill.objects.filter(ai_relevant=True).order_by("pk").values_list("pk", flat=True).first()
    bill = bill or Bill.objects.order_by("pk").values_list("pk", flat=True).first()
    return {
        "home page": "/",
        "bill page": f"/bills/{bill}/",
        "matrix page": "/matrix/",
        "state page (US-NY)": "/jurisdictions/US-NY/",
        "API bills list": "/api/v1/bills/",
        "API bill detail": f"/api/v1/bills/{bill}/",
        "API matrix": "/api/v1/matrix/",
    }


def http_rows(settings_dict: dict, scale: str, runs: int, clients: int, seconds: float,
              workers: int = 2) -> list[Row]:  # fmt: skip
    urls = addresses()
    rows = []
    with gunicorn(settings_dict, workers) as base:
        session = requests.Session()
        for what, path in urls.items():

            def call(path=path):
                response = session.get(base + path, timeout=60)
                assert response.status_code == 200, (path, response.status_code)

            row = latency(f"http: {what}", scale, call, runs)
            size = len(session.get(base + path, timeout=60).content)
            row.note += f"; {size / 1000:,.0f} KB"
            rows.append(row)
        rows.append(load_test(base, list(urls.values()), scale, clients, seconds))
        rows.append(load_test(base, cached_api_paths(base), scale, clients, seconds,
                              "cached API reads"))  # fmt: skip
    return rows


def load_test(base: str, paths: list[str], scale: str, clients: int, seconds: float,
              what: str = "page and API mix") -> Row:  # fmt: skip
    """``clients`` keep-alive connections (one asyncio loop, ``bench.load``) over ``paths``."""
    from .load import run_load

    for path in paths:  # warm: cold answers are timed above, one by one
        requests.get(base + path, timeout=60)
    result = run_load(base, paths, clients, seconds)
    latencies = sorted(t * 1000 for times in result.latencies.values() for t in times)
    return Row(
        f"http load: {what}",
        scale,
        median_ms=latencies[len(latencies) // 2] if latencies else None,
        p95_ms=percentile(latencies, 0.95) if latencies else None,
        throughput=result.per_second,
        unit="req/s",
        note=f"{clients} clients, {seconds:.0f} s, {result.requests} requests, "
        f"{result.errors} errors",
    )
