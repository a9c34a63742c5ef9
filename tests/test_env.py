"""Settings from the environment: typed helpers fail loudly; production refuses bad config."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from regtracker.env import database_from_url, email_from_url, env_bool, env_int

ROOT = Path(__file__).resolve().parent.parent


def test_env_bool_rejects_a_typo(monkeypatch):
    monkeypatch.setenv("DJANGO_DEBUG", "ture")
    with pytest.raises(ImproperlyConfigured, match="DJANGO_DEBUG must be a boolean"):
        env_bool("DJANGO_DEBUG", True)


def test_env_int_rejects_words(monkeypatch):
    monkeypatch.setenv("SCRAPER_STALE_AFTER_DAYS", "three")
    with pytest.raises(ImproperlyConfigured, match="must be an integer"):
        env_int("SCRAPER_STALE_AFTER_DAYS", 3)


def test_database_url_for_postgres():
    db = database_from_url("postgres://postgres:s%40cret@127.0.0.1:5432/regtracker")
    assert (db["ENGINE"], db["NAME"], db["USER"], db["PASSWORD"], db["HOST"], db["PORT"]) == (
        "django.db.backends.postgresql",
        "regtracker",
        "postgres",
        "s@cret",
        "127.0.0.1",
        "5432",
    )


def test_database_url_with_an_unknown_scheme_is_refused():
    with pytest.raises(ImproperlyConfigured, match="must start with postgres"):
        database_from_url("mysql://root@localhost/x")


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("console:", {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}),
        (
            "smtp+tls://user:pw@mail.example.org:587",
            {"EMAIL_HOST": "mail.example.org", "EMAIL_PORT": 587, "EMAIL_USE_TLS": True},
        ),
        ("smtp://127.0.0.1:1025", {"EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": 1025}),
    ],
)
def test_email_url(url, expected):
    settings = email_from_url(url)
    assert {k: settings[k] for k in expected} == expected


GOOD_KEY = secrets.token_urlsafe(50)
PRODUCTION = {
    "DJANGO_DEBUG": "0",
    "SECRET_KEY": GOOD_KEY,
    "ALLOWED_HOSTS": "regtracker.example.org",
}


def _start(env: dict, *command: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "ALLOWED_HOSTS"}}
    return subprocess.run(
        list(command) or [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "regtracker.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_refuses_to_start_without_secret_key():
    result = _start({"DJANGO_DEBUG": "0", "ALLOWED_HOSTS": "regtracker.example.org"})
    assert result.returncode != 0 and "needs SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = _start({"DJANGO_DEBUG": "0", "SECRET_KEY": GOOD_KEY})
    assert result.returncode != 0 and "needs ALLOWED_HOSTS" in result.stderr


def test_production_starts_with_both():
    result = _start(
        {"DJANGO_DEBUG": "0", "SECRET_KEY": GOOD_KEY, "ALLOWED_HOSTS": "regtracker.example.org"}
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("key", ["x" * 60, "short-but-random-" + "Ab3" * 5, "a1b2c" * 9])
def test_production_refuses_a_weak_secret_key(key):
    result = _start({**PRODUCTION, "SECRET_KEY": key})
    assert result.returncode != 0 and "at least 50 characters" in result.stderr


def test_the_deploy_check_is_clean_with_production_settings():
    result = _start(
        PRODUCTION,
        sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_production_settings_send_the_security_headers(monkeypatch):
    script = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SECURE_HSTS_SECONDS, s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, "
        "s.CSRF_COOKIE_SECURE, s.X_FRAME_OPTIONS, s.SECURE_REFERRER_POLICY, "
        "s.SECURE_CONTENT_TYPE_NOSNIFF, 'csp.middleware.CSPMiddleware' in s.MIDDLEWARE)"
    )
    result = _start(PRODUCTION, sys.executable, "-c", script)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "31536000", "True", "True", "True", "DENY", "same-origin", "True", "True"
    ]  # fmt: skip


# --------------------------------------------------------------------------- the embedded default


def _runserver(tmp_path: Path, env: dict):
    """``manage.py runserver`` as ``make run`` starts it, on a free port, with a fresh var/."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    unset = {"DJANGO_DEBUG", "DATABASE_URL", "REDIS_URL", "SECRET_KEY", "ALLOWED_HOSTS"}
    clean = {k: v for k, v in os.environ.items() if k not in unset}
    proc = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env={**clean, "REGTRACKER_VAR_DIR": str(tmp_path), **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    return proc, f"http://127.0.0.1:{port}"


def _get(url: str, timeout: float = 60):
    import time

    import requests

    deadline = time.monotonic() + timeout
    while True:
        try:
            return requests.get(url, timeout=10, allow_redirects=False)
        except requests.ConnectionError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


@pytest.mark.parametrize(
    ("env", "debug_page"), [({}, False), ({"DJANGO_DEBUG": "1"}, True)], ids=["default", "debug"]
)
def test_make_run_shows_the_friendly_404_and_still_serves_static_files(tmp_path, env, debug_page):
    proc, base = _runserver(tmp_path, env)
    try:
        missing = _get(base + "/no-such-page/")
        css = _get(base + "/static/css/regtracker.css")
        favicon = _get(base + "/favicon.ico")
        icon = _get(base + favicon.headers.get("Location", "/favicon.ico"))
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    assert missing.status_code == 404
    friendly = "We could not find that page" in missing.text
    debug = "Using the URLconf defined in" in missing.text  # Django's technical 404
    assert (friendly, debug) == (not debug_page, debug_page)
    assert css.status_code == 200 and "text/css" in css.headers["Content-Type"]
    assert favicon.status_code == 301 and favicon.headers["Location"] == "/static/favicon.svg"
    assert icon.status_code == 200 and icon.headers["Content-Type"] == "image/svg+xml"


def test_the_embedded_default_is_not_production_and_has_no_debug_pages():
    script = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.DEBUG, s.PRODUCTION, s.SERVE_STATIC, getattr(s, 'SECURE_SSL_REDIRECT', False))"
    )
    clean = {k: v for k, v in os.environ.items() if k != "DJANGO_DEBUG"}
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "regtracker.settings"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "False", "True", "False"]
