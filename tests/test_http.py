"""scrapers.http: the polite client, exercised against a local HTTP server (no network)."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import requests
from django.conf import settings

from scrapers.errors import FetchError
from scrapers.http import (
    HttpClient,
    HttpResponse,
    HttpStatusError,
    RateLimiter,
    ResponseCache,
    redact_url,
)

# --------------------------------------------------------------------------- a scripted server


@dataclass
class Seen:
    path: str
    headers: dict[str, str]
    at: float


@dataclass
class LocalServer:
    url: str
    # path -> queue of (status, headers, body); the last answer repeats once the queue is down to it.
    routes: dict[str, list[tuple[int, dict[str, str], bytes]]] = field(default_factory=dict)
    seen: list[Seen] = field(default_factory=list)

    def answer(self, path: str, *responses: tuple[int, dict[str, str], bytes]) -> None:
        self.routes[path] = list(responses)

    def paths(self) -> list[str]:
        return [s.path for s in self.seen]


def _handler(state: LocalServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server's name)
            state.seen.append(Seen(self.path, dict(self.headers), time.monotonic()))
            queue = state.routes.get(self.path.split("?")[0])
            status, headers, body = (404, {}, b"not here") if not queue else queue[0]
            if queue and len(queue) > 1:
                queue.pop(0)
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:  # keep test output quiet
            pass

    return Handler


@pytest.fixture
def server() -> Iterator[LocalServer]:
    state = LocalServer(url="")
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    state.url = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    yield state
    httpd.shutdown()
    httpd.server_close()


class SleepRecorder:
    """Stands in for time.sleep so retry tests take no time and show the delays chosen."""

    def __init__(self) -> None:
        self.calls: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.calls.append(seconds)


def make_client(tmp_path: Path | None = None, **kwargs: object) -> HttpClient:
    session = requests.Session()
    session.trust_env = False  # no proxy between the test and 127.0.0.1
    options: dict = {"rate_per_minute": 0, "backoff": 0.01, "session": session}
    if tmp_path is not None:
        options["cache_dir"] = tmp_path / "cache"
    options.update(kwargs)
    return HttpClient("test", **options)


OK = (200, {"Content-Type": "application/json; charset=utf-8"}, b'{"ok": true}')

# --------------------------------------------------------------------------- basics


def test_get_returns_the_body_and_sends_the_contact_user_agent(server: LocalServer) -> None:
    server.answer("/bills", OK)
    response = make_client().get(f"{server.url}/bills", params={"q": "ai"})
    assert (response.status_code, response.json(), response.from_cache) == (
        200,
        {"ok": True},
        False,
    )
    assert server.seen[0].path == "/bills?q=ai"
    assert server.seen[0].headers["User-Agent"] == settings.SCRAPER_USER_AGENT
    assert "@" in settings.SCRAPER_USER_AGENT


def test_get_json_asks_for_json(server: LocalServer) -> None:
    server.answer("/bills", OK)
    assert make_client().get_json(f"{server.url}/bills") == {"ok": True}
    assert server.seen[0].headers["Accept"] == "application/json"


def test_a_missing_page_raises_at_once_with_its_status(server: LocalServer) -> None:
    sleep = SleepRecorder()
    with pytest.raises(HttpStatusError, match="HTTP 404") as caught:
        make_client(sleep=sleep).get(f"{server.url}/missing")
    assert caught.value.status_code == 404
    assert len(server.seen) == 1 and sleep.calls == []


# --------------------------------------------------------------------------- retries


def test_503_with_retry_after_is_retried_after_the_servers_delay(server: LocalServer) -> None:
    server.answer("/busy", (503, {"Retry-After": "2"}, b"later"), OK)
    sleep = SleepRecorder()
    response = make_client(sleep=sleep).get(f"{server.url}/busy")
    assert response.json() == {"ok": True}
    assert sleep.calls == [2.0]
    assert server.paths() == ["/busy", "/busy"]


def test_429_with_an_http_date_retry_after_waits_until_then(server: LocalServer) -> None:
    later = formatdate(time.time() + 30, usegmt=True)
    server.answer("/limited", (429, {"Retry-After": later}, b""), OK)
    sleep = SleepRecorder()
    make_client(sleep=sleep).get(f"{server.url}/limited")
    assert len(sleep.calls) == 1 and 25 <= sleep.calls[0] <= 31


def test_a_huge_retry_after_is_capped(server: LocalServer) -> None:
    server.answer("/limited", (429, {"Retry-After": "86400"}, b""), OK)
    sleep = SleepRecorder()
    make_client(sleep=sleep, max_retry_after=5).get(f"{server.url}/limited")
    assert sleep.calls == [5]


def test_retries_back_off_exponentially_and_then_give_up(server: LocalServer) -> None:
    server.answer("/down", (500, {}, b"oops"))
    sleep = SleepRecorder()
    with pytest.raises(HttpStatusError, match="HTTP 500") as caught:
        make_client(sleep=sleep, max_retries=3, backoff=1.0).get(f"{server.url}/down")
    assert caught.value.status_code == 500
    assert len(server.seen) == 4
    for delay, base in zip(sleep.calls, [1, 2, 4], strict=True):
        assert base <= delay <= base * 1.25  # jitter adds up to a quarter


def test_an_unreachable_host_raises_fetch_error_after_retries() -> None:
    sleep = SleepRecorder()
    closed = "http://127.0.0.1:9/"  # discard port: nothing listens
    with pytest.raises(FetchError, match="ConnectionError"):
        make_client(sleep=sleep, max_retries=2, timeout=2).get(closed)
    assert len(sleep.calls) == 2


# --------------------------------------------------------------------------- rate limit


def test_two_requests_to_one_host_are_spaced_by_the_rate_limit(server: LocalServer) -> None:
    server.answer("/a", OK)
    client = make_client(rate_per_minute=600, sleep=time.sleep)  # one every 0.1 s
    started = time.monotonic()
    client.get(f"{server.url}/a")
    client.get(f"{server.url}/a")
    # Timed on the client: the server's arrival stamps carry its own scheduling lag, so on a
    # loaded machine the first arrival can be stamped late and the gap look shorter than it was.
    assert time.monotonic() - started >= 0.1
    assert len(server.seen) == 2


def test_rate_limiter_spaces_one_host_but_not_another() -> None:
    now = [100.0]
    limiter = RateLimiter(60, clock=lambda: now[0], sleep=SleepRecorder())
    assert limiter.wait("a.example") == 0
    assert limiter.wait("a.example") == pytest.approx(1.0)
    assert limiter.wait("b.example") == 0
    now[0] += 5
    assert limiter.wait("a.example") == 0


def test_a_source_cannot_go_faster_than_the_hosts_published_limit() -> None:
    limiter = RateLimiter(1000)
    assert limiter.interval("v3.openstates.org") == pytest.approx(6.0)  # 10/minute
    assert limiter.interval("api.congress.gov") == pytest.approx(3600 / 5000)
    assert limiter.interval("example.org") == pytest.approx(0.06)


def test_rate_limiter_gives_concurrent_threads_distinct_slots() -> None:
    limiter = RateLimiter(60, clock=lambda: 0.0, sleep=SleepRecorder())
    delays: list[float] = []
    threads = [
        threading.Thread(target=lambda: delays.append(limiter.wait("h.example"))) for _ in range(20)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(delays) == [float(i) for i in range(20)]


# --------------------------------------------------------------------------- cache


def test_a_304_answers_with_the_cached_body(server: LocalServer, tmp_path: Path) -> None:
    validators = {"ETag": '"v1"', "Last-Modified": "Wed, 01 Jan 2025 00:00:00 GMT"}
    server.answer("/bill", (200, validators, b"first body"), (304, {}, b""))
    client = make_client(tmp_path)
    assert client.get(f"{server.url}/bill").content == b"first body"
    again = client.get(f"{server.url}/bill")
    assert (again.content, again.status_code, again.from_cache) == (b"first body", 200, True)
    assert server.seen[1].headers["If-None-Match"] == '"v1"'
    assert server.seen[1].headers["If-Modified-Since"] == validators["Last-Modified"]
    assert "If-None-Match" not in server.seen[0].headers


def test_a_changed_page_replaces_the_cached_copy(server: LocalServer, tmp_path: Path) -> None:
    server.answer("/bill", (200, {"ETag": '"v1"'}, b"old"), (200, {"ETag": '"v2"'}, b"new"))
    client = make_client(tmp_path)
    client.get(f"{server.url}/bill")
    assert client.get(f"{server.url}/bill").content == b"new"
    offline = make_client(tmp_path, offline=True)
    assert offline.get(f"{server.url}/bill").content == b"new"


def test_offline_replays_from_the_cache_without_touching_the_network(
    server: LocalServer, tmp_path: Path
) -> None:
    server.answer("/bill", OK)
    make_client(tmp_path).get(f"{server.url}/bill", params={"page": 2})
    replay = make_client(tmp_path, offline=True).get(f"{server.url}/bill", params={"page": 2})
    assert replay.json() == {"ok": True} and replay.from_cache
    assert len(server.seen) == 1


def test_offline_cache_miss_raises_fetch_error() -> None:
    with pytest.raises(FetchError, match="offline and not cached"):
        make_client(offline=True).get("http://127.0.0.1:9/never-fetched")


def test_cache_key_ignores_param_order_and_api_keys() -> None:
    a = ResponseCache.key("GET", "https://x.org/b?z=1", {"a": "2", "apikey": "one"})
    b = ResponseCache.key("GET", "https://x.org/b", {"apikey": "two", "a": "2", "z": "1"})
    assert a == b
    assert a != ResponseCache.key("GET", "https://x.org/b", {"a": "3", "z": "1"})


# --------------------------------------------------------------------------- robots.txt


def test_robots_txt_disallowed_url_raises_and_robots_is_read_once(server: LocalServer) -> None:
    server.answer("/robots.txt", (200, {}, b"User-agent: *\nDisallow: /private\n"))
    server.answer("/public", OK)
    client = make_client(respect_robots=True)
    client.get(f"{server.url}/public")
    with pytest.raises(FetchError, match="robots.txt disallows"):
        client.get(f"{server.url}/private/page")
    assert server.paths() == ["/robots.txt", "/public"]


def test_robots_txt_is_ignored_unless_asked(server: LocalServer) -> None:
    server.answer("/robots.txt", (200, {}, b"User-agent: *\nDisallow: /\n"))
    server.answer("/api", OK)
    assert make_client().get(f"{server.url}/api").json() == {"ok": True}


def test_a_missing_robots_txt_allows_everything(server: LocalServer) -> None:
    server.answer("/page", OK)
    assert make_client(respect_robots=True).get(f"{server.url}/page").status_code == 200


def test_a_network_failure_is_not_reported_as_robots_txt_disallowing(server: LocalServer) -> None:
    import socket

    with socket.socket() as probe:  # a port where nothing listens: connection refused
        probe.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{probe.getsockname()[1]}"
    client = make_client(respect_robots=True, max_retries=0)
    with pytest.raises(FetchError) as caught:
        client.get(f"{dead}/page")
    message = str(caught.value)
    assert "robots.txt disallows" not in message
    assert f"cannot read {dead}/robots.txt" in message and "ConnectionError" in message


def test_a_failing_robots_txt_says_so_and_is_tried_again_next_time(server: LocalServer) -> None:
    server.answer("/robots.txt", (503, {}, b""), (200, {}, b"User-agent: *\nAllow: /\n"))
    server.answer("/page", OK)
    client = make_client(respect_robots=True, max_retries=0)
    with pytest.raises(FetchError, match="answered HTTP 503") as caught:
        client.get(f"{server.url}/page")
    assert "disallows" not in str(caught.value)
    assert client.get(f"{server.url}/page").status_code == 200


# --------------------------------------------------------------------------- secrets


def test_api_keys_never_reach_the_cache_or_the_logs(
    server: LocalServer, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    server.answer("/bills", (503, {"Retry-After": "0"}, b""), OK)
    caplog.set_level(logging.DEBUG, logger="scrapers.http")
    client = make_client(tmp_path)
    response = client.get(f"{server.url}/bills", params={"apikey": "SECRET-123", "q": "ai"})
    assert "apikey=SECRET-123" in server.seen[0].path  # the server does get the key
    assert "SECRET-123" not in response.url and "apikey=REDACTED" in response.url
    assert caplog.records and all("SECRET-123" not in r.getMessage() for r in caplog.records)
    stored = b"".join(p.read_bytes() for p in (tmp_path / "cache").iterdir())
    assert b"SECRET-123" not in stored and b"REDACTED" in stored
    # The cache entry is found again with another key, so replays need no key.
    other = make_client(tmp_path, offline=True).get(
        f"{server.url}/bills", params={"apikey": "OTHER", "q": "ai"}
    )
    assert other.json() == {"ok": True}


def test_connection_errors_do_not_leak_the_key(caplog: pytest.LogCaptureFixture) -> None:
    client = make_client(sleep=SleepRecorder(), max_retries=1, timeout=2)
    with pytest.raises(FetchError) as caught:
        client.get("http://127.0.0.1:9/bills", params={"api_key": "SECRET-7"})
    assert caught.value.__cause__ is None and caught.value.__suppress_context__
    assert "SECRET-7" not in str(caught.value)
    assert caplog.records and all("SECRET-7" not in r.getMessage() for r in caplog.records)


def test_error_messages_redact_keys_in_the_url(server: LocalServer) -> None:
    with pytest.raises(HttpStatusError) as caught:
        make_client().get(f"{server.url}/nope?api_key=SECRET-9&token=T0K")
    assert "SECRET-9" not in str(caught.value) and "T0K" not in str(caught.value)


def test_redact_url_replaces_every_secret_parameter() -> None:
    url = redact_url("https://x.org/a?key=1&q=ai", {"api_key": "2", "token": "3", "page": 1})
    assert url == "https://x.org/a?key=REDACTED&q=ai&api_key=REDACTED&token=REDACTED&page=1"


# --------------------------------------------------------------------------- response


def test_response_text_uses_the_declared_charset() -> None:
    response = HttpResponse("u", 200, {"content-type": "text/html; charset=ISO-8859-1"}, b"caf\xe9")
    assert response.text == "café"


def test_response_json_on_a_non_json_body_raises_fetch_error() -> None:
    with pytest.raises(FetchError, match="expected JSON"):
        HttpResponse("https://x.org/a", 200, {}, b"<html>").json()
