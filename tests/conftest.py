"""Shared fixtures: the shared corpus, and the real services of CI's second pass.

Outside CI a missing ``../shared`` or an unreachable PostgreSQL/Redis skips
the tests that need them, with the reason. With ``CI=true`` the same absence
fails the run, so a green CI always means those tests really ran.
"""

from __future__ import annotations

import os
import shutil
import socket
from pathlib import Path
from urllib.parse import urlparse

import pytest
from django.conf import settings

IN_CI = os.environ.get("CI", "").lower() == "true"


def _unavailable(reason: str) -> None:
    if IN_CI:
        pytest.fail(f"{reason} (CI=true: this must not be skipped)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    path = Path(settings.SHARED_DIR)
    if not path.is_dir():
        _unavailable(f"needs the shared folder at {path} (a sibling 'shared/' of the repository)")
    return path


@pytest.fixture(scope="session")
def corpus_dir(shared_dir: Path) -> Path:
    path = shared_dir / "corpus"
    if not path.is_dir():
        _unavailable(f"needs the real documents in {path}")
    return path


def _reachable(url: str, default_port: int) -> bool:
    parsed = urlparse(url)
    try:
        with socket.create_connection(
            (parsed.hostname or "127.0.0.1", parsed.port or default_port), 3
        ):
            return True
    except OSError:
        return False


@pytest.fixture(scope="session")
def redis_url() -> str:
    url = os.environ.get("REDIS_URL", "")
    if not url:
        pytest.skip("needs REDIS_URL (runs in CI's second pass, against the real Redis)")
    if not _reachable(url, 6379):
        _unavailable(f"Redis at {url} is unreachable")
    return url


@pytest.fixture
def postgres_db(django_db_setup, django_db_blocker) -> dict:
    """The test database's settings, when it is PostgreSQL; skips on the embedded default."""
    from django.db import connection

    if not os.environ.get("DATABASE_URL"):
        pytest.skip("needs DATABASE_URL (runs in CI's second pass, against the real PostgreSQL)")
    if connection.vendor != "postgresql":
        pytest.fail(f"DATABASE_URL is set but the test database is {connection.vendor}")
    return connection.settings_dict


@pytest.fixture(autouse=True)
def eager_celery():
    """Tests run tasks in-process; the worker integration test turns this off itself."""
    from regtracker.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


@pytest.fixture(autouse=True)
def fresh_cache():
    """Each test starts with an empty cache (Redis in CI's second pass: a database of its own)."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture
def no_extraction(monkeypatch):
    """For tests of ingest alone: new text versions queue no extraction (it has its own tests)."""
    monkeypatch.setattr("bills.history.queue_extraction", lambda version: None)


# --------------------------------------------------------------------------- browser

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="module")
def browser():
    """Debian's chromium under Playwright, one per test module (starting it takes a second)."""
    if not shutil.which(CHROMIUM):
        _unavailable(f"needs Debian's chromium at {CHROMIUM} (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api")
    # Playwright's sync API runs an event loop in this thread; Django's ORM refuses to run
    # in a thread with a loop unless told that this one never awaits it.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield launched
        launched.close()
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE")


@pytest.fixture
def page(browser, live_server):
    """A desktop-sized page whose relative addresses go to the live test server."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=live_server.url)
    yield context.new_page()
    context.close()


def pytest_terminal_summary(terminalreporter) -> None:
    """The hardening figures (tests/summary.py), whatever the verbosity."""
    from tests.summary import LINES

    if LINES:
        terminalreporter.section("faults, fuzz and load")
        for line in LINES:
            terminalreporter.write_line(line)
