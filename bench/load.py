"""A bounded load test: many concurrent clients against gunicorn, every answer checked.

    python -m bench.load [--clients 100] [--seconds 60] [--workers 3] [--url URL] [--json]

Without ``--url`` it starts gunicorn itself (production settings: DEBUG off,
the configured ``DATABASE_URL`` and ``REDIS_URL``) on a free local port, over
the data already in that database. Clients loop over a fixed mix of search,
bill pages, the matrix, a state page and the API (closed loop: each client
sends its next request when the last one answered) until the time is up.
Every answer other than 2xx/3xx counts as an error, as does a refused or
timed-out connection. It prints requests served, errors, requests/s and
latency per address; tests/test_load.py runs it briefly in CI and issue
18's bench runner can call ``run_load`` / ``gunicorn_server``.

The API's anonymous throttle is lifted for the served process
(``API_ANON_RATE``): all clients share one address, and the test measures
serving, not the throttle (which has its own tests).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import secrets
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class LoadResult:
    clients: int
    seconds: float
    requests: int = 0
    errors: int = 0
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    error_samples: list[str] = field(default_factory=list)

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def summary(self) -> dict:
        rows = {}
        for path, times in sorted(self.latencies.items()):
            ordered = sorted(times)
            rows[path] = {
                "requests": len(ordered),
                "median_ms": round(statistics.median(ordered) * 1000, 1),
                "p95_ms": round(ordered[int(0.95 * (len(ordered) - 1))] * 1000, 1),
            }
        return {
            "clients": self.clients,
            "seconds": round(self.seconds, 1),
            "requests": self.requests,
            "errors": self.errors,
            "requests_per_second": round(self.per_second, 1),
            "paths": rows,
            "error_samples": self.error_samples[:10],
        }


def run_load(
    base_url: str, paths: list[str], clients: int = 100, seconds: float = 60
) -> LoadResult:
    """``clients`` threads GET ``paths`` in turn for ``seconds``; every non-2xx/3xx is an error."""
    result = LoadResult(clients, seconds)
    lock = threading.Lock()
    start = threading.Barrier(clients + 1)
    deadline = [0.0]

    def client(offset: int) -> None:
        session = requests.Session()
        session.trust_env = False  # no proxy between the clients and localhost
        local: dict[str, list[float]] = defaultdict(list)
        count = errors = 0
        samples: list[str] = []
        start.wait()
        i = offset
        while time.monotonic() < deadline[0]:
            path = paths[i % len(paths)]
            i += 1
            began = time.monotonic()
            try:
                response = session.get(base_url + path, timeout=60, allow_redirects=False)
                ok = response.status_code < 400
                problem = f"HTTP {response.status_code} {path}"
            except requests.RequestException as exc:
                ok, problem = False, f"{type(exc).__name__} {path}"
            local[path].append(time.monotonic() - began)
            count += 1
            if not ok:
                errors += 1
                if len(samples) < 3:
                    samples.append(problem)
        session.close()
        with lock:
            result.requests += count
            result.errors += errors
            result.error_samples.extend(samples)
            for path, times in local.items():
                result.latencies[path].extend(times)

    threads = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(clients)]
    for thread in threads:
        thread.start()
    began = time.monotonic()
    deadline[0] = began + seconds
    start.wait()
    for thread in threads:
        thread.join()
    result.seconds = time.monotonic() - began
    return result


def default_paths(base_url: str) -> list[str]:
    """The mix: search, bill pages, the matrix, a state page and the API (ids read from the API)."""
    listing = requests.get(f"{base_url}/api/v1/bills/", timeout=30).json()
    bills = [row["id"] for row in listing.get("results", [])][:5]
    if not bills:
        raise SystemExit("no bills in the database: load some first (make demo, or import_records)")
    paths = [
        "/",
        "/search/?q=artificial+intelligence",
        "/matrix/",
        "/jurisdictions/US-NY/",
        "/api/v1/bills/",
        "/api/v1/bills/?q=safety",
        "/api/v1/obligations/",
        "/api/v1/matrix/",
        "/api/v1/taxonomy/",
    ]
    paths += [f"/bills/{pk}/" for pk in bills] + [f"/api/v1/bills/{pk}/" for pk in bills]
    return paths


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def gunicorn_server(
    env: dict[str, str] | None = None, workers: int = 3, threads: int = 4
) -> Iterator[str]:
    """gunicorn serving regtracker.wsgi on a free local port, production settings; yields its URL."""
    port = free_port()
    served = {
        **os.environ,
        "DJANGO_DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",
        "API_ANON_RATE": "1000000/minute",
        "LOG_LEVEL": "WARNING",
        **(env or {}),
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "regtracker.wsgi", "--bind", f"127.0.0.1:{port}",
         "--workers", str(workers), "--threads", str(threads), "--worker-class", "gthread",
         "--backlog", "2048", "--timeout", "60", "--log-level", "warning"],
        cwd=ROOT, env=served,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_serving(url, proc)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _wait_until_serving(url: str, proc: subprocess.Popen, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {proc.returncode} before serving")
        try:
            requests.get(f"{url}/api/v1/taxonomy/", timeout=5)
            return
        except requests.RequestException:
            time.sleep(0.3)
    raise RuntimeError(f"gunicorn did not answer within {timeout:.0f} s")


def print_report(result: LoadResult, workers: int) -> None:
    data = result.summary()
    print(
        f"load: {data['clients']} concurrent clients, {data['seconds']} s, gunicorn "
        f"{workers} workers on localhost"
    )
    print(f"{'address':<40} {'requests':>9} {'median ms':>10} {'p95 ms':>8}")
    for path, row in data["paths"].items():
        print(f"{path[:40]:<40} {row['requests']:>9} {row['median_ms']:>10} {row['p95_ms']:>8}")
    print(
        f"LOAD requests served: {data['requests']}, errors: {data['errors']}, "
        f"{data['requests_per_second']} requests/s"
    )
    for sample in data["error_samples"]:
        print(f"  error: {sample}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=100)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--url", help="an already running server (default: start gunicorn)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON too")
    args = parser.parse_args(argv)
    with contextlib.ExitStack() as stack:
        url = args.url or stack.enter_context(gunicorn_server(workers=args.workers))
        result = run_load(url, default_paths(url), args.clients, args.seconds)
    print_report(result, args.workers)
    if args.json:
        print(json.dumps(result.summary()))
    return 1 if result.errors else 0


if __name__ == "__main__":
    sys.exit(main())
