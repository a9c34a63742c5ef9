"""The one polite door to the network: every source fetches through ``HttpClient``.

What it guarantees: a timeout on every request; bounded retries with
exponential backoff that honour ``Retry-After`` on 429 and 5xx; a per-host
rate limit (thread-safe, never faster than the host's published limit); a user
agent with a contact address (``settings.SCRAPER_USER_AGENT``); conditional
requests (ETag / Last-Modified remembered in the on-disk cache, a 304 answers
with the cached body); robots.txt when asked; offline replay from the cache;
TLS verification always on; API keys never written to disk or logs.

Why requests with a small retry loop of our own, and not urllib3's ``Retry``
or scrapelib: the rate limit must apply to every attempt including retries
(urllib3 retries inside the adapter, behind the limiter's back), a server's
``Retry-After`` must be capped so one bad header cannot park a worker for an
hour, and tests need to inject the clock. scrapelib does rate limiting and
caching, but per client rather than per host, without conditional requests or
key redaction in its cache. The loop is twenty lines; the transport stays
``requests`` so tests can mount an adapter or use a local server.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import random
import tempfile
import threading
import time
import urllib.robotparser
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

import requests

from .errors import FetchError

__all__ = ["HttpClient", "HttpResponse", "HttpStatusError", "RateLimiter", "redact_url"]

logger = logging.getLogger(__name__)

# Published limits, requests per minute: a source may ask for less, never more.
HOST_LIMITS: dict[str, float] = {
    "v3.openstates.org": 10.0,  # free tier: 10 requests/minute (500/day)
    "api.congress.gov": 5000 / 60,  # 5,000 requests/hour per key
    "api.legiscan.com": 30.0,  # 30,000 queries/month on the free tier; stay gentle
    "legislation.nysenate.gov": 60.0,
    "www.federalregister.gov": 60.0,
}
SECRET_PARAMS = frozenset({"key", "api_key", "apikey", "api-key", "token", "access_token"})
SECRET_HEADERS = frozenset({"x-api-key", "authorization", "api-key", "x-auth-token"})
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
_CACHED_HEADERS = ("content-type", "etag", "last-modified", "content-encoding")


class HttpStatusError(FetchError):
    """The server answered with an error status (after any retries)."""

    def __init__(self, message: str, status_code: int) -> None:
        super().__init__(message)
        self.status_code = status_code


@dataclass
class HttpResponse:
    url: str  # redacted: safe to log and to store
    status_code: int
    headers: dict[str, str]  # lower-case names
    content: bytes
    from_cache: bool = False  # served from the on-disk cache (304 or offline replay)

    @property
    def text(self) -> str:
        charset = "utf-8"
        for part in self.headers.get("content-type", "").split(";")[1:]:
            name, _, value = part.strip().partition("=")
            if name.lower() == "charset" and value:
                charset = value.strip("\"'")
        try:
            return self.content.decode(charset, errors="replace")
        except LookupError:
            return self.content.decode("utf-8", errors="replace")

    def json(self) -> Any:
        try:
            return json.loads(self.content)
        except ValueError as exc:
            raise FetchError(f"{self.url}: expected JSON ({exc})") from exc


def redact_url(url: str, params: Mapping[str, Any] | None = None) -> str:
    """The URL with its query (and ``params``) merged, secret values replaced by "REDACTED"."""
    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True) + _pairs(params)
    safe = [(k, "REDACTED" if k.lower() in SECRET_PARAMS else v) for k, v in query]
    return urlunsplit(parts._replace(query=urlencode(safe)))


def _pairs(params: Mapping[str, Any] | None) -> list[tuple[str, str]]:
    pairs: list[tuple[str, str]] = []
    for key, value in (params or {}).items():
        values = value if isinstance(value, list | tuple) else [value]
        pairs.extend((str(key), str(v)) for v in values if v is not None)
    return pairs


class RateLimiter:
    """At most ``rate_per_minute`` requests per host, spaced evenly; safe across threads."""

    def __init__(
        self,
        rate_per_minute: float,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.rate_per_minute = rate_per_minute
        self._clock, self._sleep = clock, sleep
        self._next: dict[str, float] = {}
        self._lock = threading.Lock()

    def interval(self, host: str) -> float:
        rate = min(self.rate_per_minute, HOST_LIMITS.get(host, self.rate_per_minute))
        return 60.0 / rate if rate > 0 else 0.0

    def wait(self, host: str) -> float:
        """Block until ``host`` may be asked again; return the seconds waited."""
        with self._lock:  # reserve a slot under the lock, sleep outside it
            now = self._clock()
            slot = max(now, self._next.get(host, now))
            self._next[host] = slot + self.interval(host)
        delay = slot - now
        if delay > 0:
            self._sleep(delay)
        return delay


@dataclass
class _CacheEntry:
    status_code: int
    headers: dict[str, str]
    content: bytes
    meta: dict[str, Any] = field(default_factory=dict)


class ResponseCache:
    """Raw responses on disk: ``<sha256>.json`` (redacted URL, status, headers) + ``.body``."""

    def __init__(self, directory: str | Path) -> None:
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)

    @staticmethod
    def key(method: str, url: str, params: Mapping[str, Any] | None) -> str:
        """sha256 of method + URL + sorted params, with secret params left out."""
        parts = urlsplit(url)
        query = parse_qsl(parts.query, keep_blank_values=True) + _pairs(params)
        kept = sorted((k, v) for k, v in query if k.lower() not in SECRET_PARAMS)
        bare = urlunsplit(parts._replace(query="", fragment=""))
        return hashlib.sha256(f"{method.upper()} {bare}?{urlencode(kept)}".encode()).hexdigest()

    def load(self, key: str) -> _CacheEntry | None:
        meta_path, body_path = self._paths(key)
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            content = body_path.read_bytes()
        except (OSError, ValueError):
            return None
        return _CacheEntry(meta["status_code"], meta["headers"], content, meta)

    def store(self, key: str, url: str, response: HttpResponse) -> None:
        meta_path, body_path = self._paths(key)
        headers = {k: v for k, v in response.headers.items() if k in _CACHED_HEADERS}
        meta = {"url": url, "status_code": response.status_code, "headers": headers}
        meta["fetched_at"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
        self._write(body_path, response.content)  # body first: meta marks the entry complete
        self._write(meta_path, json.dumps(meta, indent=1).encode())

    def _paths(self, key: str) -> tuple[Path, Path]:
        return self.directory / f"{key}.json", self.directory / f"{key}.body"

    def _write(self, path: Path, data: bytes) -> None:
        fd, tmp = tempfile.mkstemp(dir=self.directory, prefix=".tmp-")
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)  # atomic: a concurrent reader sees old or new, never half


def _setting(name: str, default: str) -> str:
    try:
        from django.conf import settings

        return str(getattr(settings, name, default) or default)
    except Exception:  # settings not configured: a plain script or a pure test
        return default


class HttpClient:
    """Polite GETs for one source. See the module docstring for what "polite" means."""

    def __init__(
        self,
        source: str,
        *,
        rate_per_minute: float = 30,
        cache_dir: str | Path | None = None,
        offline: bool = False,
        timeout: float = 30,
        max_retries: int = 4,
        respect_robots: bool = False,
        user_agent: str | None = None,
        backoff: float = 1.0,
        max_retry_after: float = 120.0,
        session: requests.Session | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.source = source
        self.offline, self.timeout, self.max_retries = offline, timeout, max_retries
        self.respect_robots = respect_robots
        self.backoff, self.max_retry_after = backoff, max_retry_after
        self.user_agent = user_agent or _setting("SCRAPER_USER_AGENT", "RegTracker/0.1")
        cache_dir = cache_dir or _setting("SCRAPER_CACHE_DIR", "")
        self.cache = ResponseCache(cache_dir) if cache_dir else None
        self.session = session or requests.Session()
        self.session.headers["User-Agent"] = self.user_agent
        self.limiter = RateLimiter(rate_per_minute, sleep=sleep)
        self._sleep = sleep
        self._robots: dict[str, urllib.robotparser.RobotFileParser] = {}
        self._robots_lock = threading.Lock()

    # ------------------------------------------------------------------ public

    def get(
        self,
        url: str,
        params: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> HttpResponse:
        """GET ``url``; raise FetchError if it cannot be had (after retries, or offline miss)."""
        shown = redact_url(url, params)
        key = ResponseCache.key("GET", url, params)
        cached = self.cache.load(key) if self.cache else None
        if self.offline:
            if cached is None:
                raise FetchError(f"[{self.source}] offline and not cached: {shown}")
            return HttpResponse(shown, cached.status_code, cached.headers, cached.content, True)
        self._check_robots(url)
        send = dict(headers or {})
        if cached is not None:
            send.update(_conditional_headers(cached.headers))
        raw = self._send(url, params, send, shown)
        if raw.status_code == 304 and cached is not None:
            logger.info("[%s] not modified: %s", self.source, shown)
            return HttpResponse(shown, cached.status_code, cached.headers, cached.content, True)
        if raw.status_code >= 400:
            raise HttpStatusError(
                f"[{self.source}] HTTP {raw.status_code} for {shown}", raw.status_code
            )
        response = HttpResponse(shown, raw.status_code, _lower(raw.headers), raw.content)
        if self.cache is not None and raw.status_code == 200:
            self.cache.store(key, shown, response)
        return response

    def get_json(self, url: str, params: Mapping[str, Any] | None = None) -> Any:
        return self.get(url, params, {"Accept": "application/json"}).json()

    # ------------------------------------------------------------------ sending

    def _send(
        self, url: str, params: Mapping[str, Any] | None, headers: dict[str, str], shown: str
    ) -> requests.Response:
        host = urlsplit(url).netloc
        for attempt in range(self.max_retries + 1):
            self.limiter.wait(host)
            last = attempt == self.max_retries
            try:
                raw = self.session.get(
                    url, params=params, headers=headers, timeout=self.timeout, verify=True
                )
            except requests.RequestException as exc:
                # requests puts the full URL, key included, into its messages: never chain them.
                problem = f"{type(exc).__name__}: {_scrub(str(exc), url, params)}"
                if last:
                    raise FetchError(f"[{self.source}] {problem} for {shown}") from None
                delay = self._backoff(attempt)
                logger.warning("[%s] %s for %s; retry in %.1fs", self.source,
                               problem, shown, delay)  # fmt: skip
            else:
                if raw.status_code not in RETRY_STATUSES or last:
                    return raw
                delay = self._retry_delay(raw, attempt)
                logger.warning("[%s] HTTP %s for %s; retry in %.1fs", self.source,
                               raw.status_code, shown, delay)  # fmt: skip
            self._sleep(delay)
        raise AssertionError("unreachable: the last attempt returns or raises")

    def _backoff(self, attempt: int) -> float:
        return self.backoff * (2**attempt) * (1 + random.random() / 4)  # jitter spreads workers

    def _retry_delay(self, raw: requests.Response, attempt: int) -> float:
        after = _parse_retry_after(raw.headers.get("Retry-After"))
        delay = after if after is not None else self._backoff(attempt)
        return min(delay, self.max_retry_after)

    # ------------------------------------------------------------------ robots.txt

    def _check_robots(self, url: str) -> None:
        if not self.respect_robots:
            return
        parts = urlsplit(url)
        base = f"{parts.scheme}://{parts.netloc}"
        with self._robots_lock:
            parser = self._robots.get(base)
            if parser is None:
                parser = self._load_robots(base)  # raises when robots.txt cannot be read
                self._robots[base] = parser
        if not parser.can_fetch(self.user_agent, url):
            raise FetchError(f"[{self.source}] robots.txt disallows {redact_url(url)}")

    def _load_robots(self, base: str) -> urllib.robotparser.RobotFileParser:
        """Fetch and parse robots.txt (RFC 9309: 4xx = no rules; 5xx or unreachable = keep out).

        "Keep out" because robots.txt could not be read is a different failure from
        "robots.txt disallows" (the network is down, the site is failing): the error
        says which, and it is not remembered, so the next request tries again.
        """
        parser = urllib.robotparser.RobotFileParser(f"{base}/robots.txt")
        try:
            raw = self._send(f"{base}/robots.txt", None, {}, f"{base}/robots.txt")
        except FetchError as exc:
            raise FetchError(
                f"[{self.source}] cannot read {base}/robots.txt, so nothing on {base} is "
                f"fetched: {str(exc).removeprefix(f'[{self.source}] ')}"
            ) from None
        if raw.status_code >= 500:
            raise FetchError(
                f"[{self.source}] {base}/robots.txt answered HTTP {raw.status_code} (the site "
                f"is failing), so nothing on {base} is fetched"
            )
        if raw.status_code >= 400:
            parser.allow_all = True
        else:
            parser.parse(raw.text.splitlines())
        return parser


def _scrub(message: str, url: str, params: Mapping[str, Any] | None) -> str:
    """``message`` with the value of every secret parameter of the request replaced."""
    query = parse_qsl(urlsplit(url).query, keep_blank_values=True) + _pairs(params)
    for name, value in query:
        if name.lower() in SECRET_PARAMS and value:
            message = message.replace(value, "REDACTED").replace(quote(value, safe=""), "REDACTED")
    return message


def _conditional_headers(cached_headers: Mapping[str, str]) -> dict[str, str]:
    headers = {}
    if etag := cached_headers.get("etag"):
        headers["If-None-Match"] = etag
    if modified := cached_headers.get("last-modified"):
        headers["If-Modified-Since"] = modified
    return headers


def _lower(headers: Mapping[str, str]) -> dict[str, str]:
    return {k.lower(): v for k, v in headers.items()}


def _parse_retry_after(value: str | None) -> float | None:
    """Seconds from a Retry-After header: delta-seconds or an HTTP date; None if absent/bad."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())
