"""Redis down: pages and the API keep serving without cache and throttle, the outage is logged
once, and the cache is used again as soon as Redis returns.

"Down" is a Redis URL where nothing listens (the discard port), so these run on
every pass; the recovery test also uses the real Redis of CI's second pass.
"""

from __future__ import annotations

import logging

import pytest
from django.core.cache import cache
from django.test import override_settings

from regtracker import cache as degrading
from tests.factories import make_bill, make_obligation
from tests.summary import report

pytestmark = pytest.mark.django_db

DEAD_REDIS = "redis://127.0.0.1:9/0"
ADDRESSES = [
    "/",
    "/matrix/",
    "/jurisdictions/US-NY/",
    "/federal/",
    "/compare/?bills={a},{b}",
    "/api/v1/bills/",
    "/api/v1/bills/{a}/",
    "/api/v1/obligations/",
    "/api/v1/matrix/",
    "/api/v1/matrix/?format=csv",
    "/api/v1/compare/?bills={a},{b}",
    "/api/v1/jurisdictions/",
    "/api/v1/taxonomy/",
    "/api/v1/changes/",
    "/api/schema/",
    "/search/?q=artificial",
    "/bills/",
    "/patchwork/",
    "/api/v1/patchwork/?roles=frontier_developer",
    "/api/v1/bills/?q=artificial",
]


def _redis_cache(url: str) -> dict:
    return {
        "default": {
            "BACKEND": "regtracker.cache.DegradingRedisCache",
            "LOCATION": url,
            "KEY_PREFIX": "regtracker-test",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 2},
        }
    }


@pytest.fixture
def bills():
    a, b = make_bill(identifier="S 1"), make_bill(jurisdiction="US-CA", identifier="SB 53")
    for bill in (a, b):
        make_obligation(bill)
    return a, b


@pytest.fixture
def fresh_outage(monkeypatch):
    monkeypatch.setattr(degrading, "OUTAGE", degrading._Outage())
    monkeypatch.setattr(degrading, "RETRY_AFTER_SECONDS", 0.0)
    return degrading.OUTAGE


def test_with_redis_down_every_page_and_api_address_still_answers(
    client, bills, fresh_outage, caplog
):
    a, b = bills
    with override_settings(CACHES=_redis_cache(DEAD_REDIS)), caplog.at_level(logging.ERROR):
        for address in ADDRESSES:
            url = address.format(a=a.pk, b=b.pk)
            response = client.get(url)
            assert response.status_code == 200, (url, response.content[:300])
        response = client.post(
            "/api/v1/applicability/", {"roles": ["developer"]}, content_type="application/json"
        )
        assert response.status_code == 200, response.content[:300]
    outage_lines = [r for r in caplog.records if r.name == "regtracker.cache"]
    assert len(outage_lines) == 1
    assert "serving without cache and throttle" in outage_lines[0].getMessage()
    report(f"FAULT redis-down: {len(ADDRESSES) + 1} addresses served, 0 errors")


def test_the_cache_is_used_again_when_redis_returns(redis_url, fresh_outage):
    with override_settings(CACHES=_redis_cache(DEAD_REDIS)):
        assert cache.get("k", "missing") == "missing"
        cache.set("k", "v")  # dropped, not raised
        assert fresh_outage.down_since is not None
    with override_settings(CACHES=_redis_cache(redis_url)):
        cache.set("k", "v")
        assert cache.get("k") == "v"
        assert fresh_outage.down_since is None  # the return is noticed
        cache.delete("k")


def test_a_hung_redis_costs_a_bounded_wait_not_a_hung_page(client, bills, fresh_outage):
    import socket
    import threading
    import time

    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)  # accepts connections, never answers
    port = server.getsockname()[1]
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept():
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(server.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        with override_settings(CACHES=_redis_cache(f"redis://127.0.0.1:{port}/0")):
            started = time.monotonic()
            assert client.get("/api/v1/bills/").status_code == 200
            assert time.monotonic() - started < 15
    finally:
        stop.set()
        thread.join()
        for conn in held:
            conn.close()
        server.close()
