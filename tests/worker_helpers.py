"""Real Celery worker processes for the fault tests: started, killed and restarted by the test."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def database_url(db: dict) -> str:
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def service_env(postgres_db: dict, redis_url: str, **extra: str) -> dict[str, str]:
    """The environment of a child process using the test database and the real Redis."""
    return {
        **os.environ,
        "DATABASE_URL": database_url(postgres_db),
        "REDIS_URL": redis_url,
        "CELERY_TASK_ALWAYS_EAGER": "0",
        **extra,
    }


def start_worker(env: dict[str, str], queue: str, log: Path) -> subprocess.Popen:
    """A solo worker consuming only ``queue`` (its own, so parallel runs never share work)."""
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "regtracker", "worker", "-Q", queue,
         "--pool=solo", "--without-gossip", "--without-mingle", "--without-heartbeat",
         "--loglevel=INFO", "-n", f"{queue}-{time.monotonic_ns()}@%h"],
        cwd=ROOT, env={**env, "CELERY_TASK_DEFAULT_QUEUE": queue},
        stdout=log.open("a"), stderr=subprocess.STDOUT,
    )  # fmt: skip


def stop(proc: subprocess.Popen, timeout: float = 20) -> None:
    if proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def kill_hard(proc: subprocess.Popen) -> None:
    """``kill -9``: no cleanup, no acknowledgement, exactly what a crash or the OOM killer does."""
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()


def wait_for(predicate, timeout: float, what: str, every: float = 0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(every)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")
