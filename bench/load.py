"""A bounded load test: many concurrent clients against gunicorn, every answer checked.

    python -m bench.load [--clients 100] [--seconds 60] [--workers 3] [--worker-class gthread]
                         [--mix all|cached-api] [--engine auto|asyncio|wrk] [--url URL] [--json]

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
import asyncio
import contextlib
import json
import os
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

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
    overall_ms: tuple[float, float] | None = None  # (median, p95) when only wrk knows them

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
        if self.overall_ms:
            median, p95 = self.overall_ms
            rows["(all, wrk)"] = {"requests": self.requests, "median_ms": round(median, 1),
                                  "p95_ms": round(p95, 1)}  # fmt: skip
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
    """``clients`` connections GET ``paths`` in turn for ``seconds``; every non-2xx/3xx is an error.

    One asyncio loop drives every client over raw HTTP/1.1 keep-alive: the load generator
    shares the machine with the server it measures, and 100 threads of ``requests`` spent
    about as much CPU per request as a cached answer costs the server.
    """
    return asyncio.run(_run_load(base_url, paths, clients, seconds))


async def _run_load(base_url: str, paths: list[str], clients: int, seconds: float) -> LoadResult:
    url = urlsplit(base_url)
    host, port = url.hostname or "127.0.0.1", url.port or 80
    result = LoadResult(clients, seconds)
    started = time.monotonic()
    deadline = started + seconds
    await asyncio.gather(*(_client(host, port, paths, n, deadline, result) for n in range(clients)))
    result.seconds = time.monotonic() - started
    return result


async def _client(
    host: str, port: int, paths: list[str], offset: int, deadline: float, result: LoadResult
) -> None:
    """One closed-loop client: the next request when the last one answered (reconnects on error)."""
    connection = None
    i = offset
    while time.monotonic() < deadline:
        path = paths[i % len(paths)]
        i += 1
        began = time.monotonic()
        try:
            if connection is None:
                connection = await asyncio.wait_for(asyncio.open_connection(host, port), 30)
            status, keep_alive = await asyncio.wait_for(_exchange(*connection, host, path), 60)
            problem = f"HTTP {status} {path}" if status >= 400 else ""
        except (TimeoutError, OSError, asyncio.IncompleteReadError, ValueError) as exc:
            problem, keep_alive = f"{type(exc).__name__} {path}", False
        result.latencies[path].append(time.monotonic() - began)
        result.requests += 1
        if problem:
            result.errors += 1
            if len(result.error_samples) < 30:
                result.error_samples.append(problem)
        if not keep_alive and connection is not None:
            connection[1].close()
            connection = None
    if connection is not None:
        connection[1].close()


async def _exchange(reader, writer, host: str, path: str) -> tuple[int, bool]:
    """Send one GET, read its whole answer; (status, whether the connection stays open)."""
    writer.write(f"GET {path} HTTP/1.1\r\nHost: {host}\r\nAccept: */*\r\n\r\n".encode())
    await writer.drain()
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    if "content-length" in headers:
        await reader.readexactly(int(headers["content-length"]))
    elif headers.get("transfer-encoding", "").lower() == "chunked":
        while size := int((await reader.readuntil(b"\r\n")).split(b";")[0], 16):
            await reader.readexactly(size + 2)
        await reader.readuntil(b"\r\n")
    elif status not in (204, 304):
        await reader.read()  # the body runs to the end of the connection
        return status, False
    return status, headers.get("connection", "").lower() != "close"


def run_wrk(base_url: str, paths: list[str], clients: int, seconds: float) -> LoadResult:
    """The same closed loop driven by ``wrk`` (C, two threads): figures with less of the
    generator in them. Latency is wrk's, over all addresses together."""
    script = (
        "local paths = {"
        + ", ".join(json.dumps(p) for p in paths)
        + "}\n"
        + (
            "local i = 0\nrequest = function()\n  i = i + 1\n"
            "  return wrk.format('GET', paths[(i % #paths) + 1])\nend\n"
            "done = function(summary, latency, requests)\n"
            "  io.write(string.format('WRK %d %d %d %d %f %f\\n', summary.requests,\n"
            "    summary.errors.connect + summary.errors.read + summary.errors.write\n"
            "    + summary.errors.timeout, summary.errors.status, summary.duration,\n"
            "    latency:percentile(50), latency:percentile(95)))\nend\n"
        )
    )
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as lua:
        lua.write(script)
        lua.flush()
        argv = ["wrk", "-t", "2", "-c", str(max(clients, 2)), "-d", f"{max(seconds, 1):.0f}s",
                "--timeout", "30s", "-s", lua.name, base_url]  # fmt: skip
        out = subprocess.run(argv, capture_output=True, text=True, check=True).stdout
    line = next(x for x in out.splitlines() if x.startswith("WRK "))
    total, socket_errors, status_errors, micros, p50, p95 = line.split()[1:]
    result = LoadResult(clients, int(micros) / 1e6, requests=int(total))
    result.errors = int(socket_errors) + int(status_errors)
    if result.errors:
        result.error_samples.append(
            f"wrk: {socket_errors} socket errors, {status_errors} non-2xx/3xx"
        )
    result.overall_ms = (float(p50) / 1000, float(p95) / 1000)
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


class ServerURL(str):
    """The served address, knowing the gunicorn master's pid (for its CPU time)."""

    pid: int


@contextlib.contextmanager
def gunicorn_server(
    env: dict[str, str] | None = None,
    workers: int = 3,
    threads: int = 4,
    worker_class: str = "gthread",
) -> Iterator[ServerURL]:
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
    concurrency = ["--threads", str(threads)] if worker_class == "gthread" else []
    proc = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "regtracker.wsgi", "--bind", f"127.0.0.1:{port}",
         "--workers", str(workers), "--worker-class", worker_class, *concurrency,
         "--backlog", "2048", "--timeout", "60", "--log-level", "warning"],
        cwd=ROOT, env=served,
    )  # fmt: skip
    url = ServerURL(f"http://127.0.0.1:{port}")
    url.pid = proc.pid
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


def process_tree_cpu(pid: int) -> float:
    """CPU seconds (user + system) used so far by a process and its living children (Linux)."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # it ended meanwhile
        if stat.parent.name == str(pid) or fields[1] == str(pid):
            total += (int(fields[11]) + int(fields[12])) / tick
    return total


def machine_busy() -> tuple[float, float]:
    """(busy, total) CPU seconds of the whole machine so far, from /proc/stat."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = values[3] + values[4]  # idle + iowait
    total = sum(values[:8])
    return (total - idle) / os.sysconf("SC_CLK_TCK"), total / os.sysconf("SC_CLK_TCK")


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


def cached_api_paths(base_url: str) -> list[str]:
    """Anonymous reads of the API's list and detail endpoints (cached until the data changes)."""
    listing = requests.get(f"{base_url}/api/v1/bills/", timeout=30).json()
    bills = [row["id"] for row in listing.get("results", [])][:10]
    return [
        "/api/v1/bills/",
        "/api/v1/obligations/",
        "/api/v1/jurisdictions/",
        "/api/v1/jurisdictions/US-CA/",
        "/api/v1/taxonomy/",
        "/api/v1/changes/",
        "/api/v1/matrix/",
        *(f"/api/v1/bills/{pk}/" for pk in bills),
    ]


def measured_run(url: str, paths: list[str], clients: int, seconds: float, engine: str) -> dict:
    """One load run with what it cost: the server's, the generator's and the machine's CPU."""
    for path in paths:  # warm: the figures are for answers already cached
        requests.get(url + path, timeout=60)
    pid = getattr(url, "pid", None)
    server_before = process_tree_cpu(pid) if pid else 0.0
    own_before, busy_before = os.times(), machine_busy()
    load_before = os.getloadavg()[0]
    if engine == "wrk":
        result = run_wrk(url, paths, clients, seconds)
    else:
        result = run_load(url, paths, clients, seconds)
    own, busy = os.times(), machine_busy()
    generator = sum(own[:4]) - sum(own_before[:4])  # this process and wrk (a child)
    return {
        "result": result,
        "engine": engine,
        "server_cpu_s": round(process_tree_cpu(pid) - server_before, 1) if pid else None,
        "generator_cpu_s": round(generator, 1),
        "machine_busy_pct": round(
            100 * (busy[0] - busy_before[0]) / max(busy[1] - busy_before[1], 1e-9), 0
        ),
        "cores": os.cpu_count(),
        "load_before": round(load_before, 1),
    }


def print_conditions(run: dict) -> None:
    result = run["result"]
    server = run["server_cpu_s"]
    per_request = (
        f", {1000 * server / result.requests:.2f} ms a request"
        if server and result.requests
        else ""
    )
    print(
        f"engine {run['engine']}; server CPU {server} s{per_request}; generator CPU "
        f"{run['generator_cpu_s']} s; machine {run['machine_busy_pct']:.0f}% busy on "
        f"{run['cores']} cores over the run; load average {run['load_before']} before"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=100)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--threads", type=int, default=4, help="per gthread worker")
    parser.add_argument("--worker-class", default="gthread", help="gunicorn's: gthread, sync")
    parser.add_argument(
        "--mix",
        choices=("all", "cached-api"),
        default="all",
        help="all: pages, search and API; cached-api: the API's anonymous list and detail reads",
    )
    parser.add_argument(
        "--engine",
        choices=("auto", "asyncio", "wrk"),
        default="auto",
        help="load generator: wrk when installed (auto), else one asyncio loop",
    )
    parser.add_argument("--url", help="an already running server (default: start gunicorn)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON too")
    args = parser.parse_args(argv)
    engine = args.engine
    if engine == "auto":
        engine = "wrk" if shutil.which("wrk") else "asyncio"
    with contextlib.ExitStack() as stack:
        url = args.url or stack.enter_context(
            gunicorn_server(
                workers=args.workers, threads=args.threads, worker_class=args.worker_class
            )
        )
        paths = cached_api_paths(url) if args.mix == "cached-api" else default_paths(url)
        run = measured_run(url, paths, args.clients, args.seconds, engine)
    result = run["result"]
    print_report(result, args.workers)
    print_conditions(run)
    if args.json:
        print(json.dumps({**result.summary(), **{k: v for k, v in run.items() if k != "result"}}))
    return 1 if result.errors else 0


if __name__ == "__main__":
    sys.exit(main())
