"""The Redis cache, degrading to "no cache" while Redis is unreachable.

Everything that uses the cache (the matrix, the API's rendered bodies, DRF's
throttle) treats it as an optimisation, so a Redis outage must cost speed,
not availability: a read misses, a write is dropped, the outage is logged
once, and for a few seconds after a failure Redis is not even tried (so a
hung server does not add its timeout to every request). Django's own
``RedisCache`` does the real work; this only decides what a failure means.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from django.dispatch import Signal
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger("regtracker.cache")

OUTAGE_ERRORS = (RedisConnectionError, RedisTimeoutError, OSError)
RETRY_AFTER_SECONDS = 2.0


class _Outage:
    """Shared by every cache instance of the process: one log line per outage."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.down_since: float | None = None
        self.last_failure = 0.0

    def skip(self) -> bool:
        return self.down_since is not None and (
            time.monotonic() - self.last_failure < RETRY_AFTER_SECONDS
        )

    def failed(self, exc: BaseException) -> None:
        with self.lock:
            self.last_failure = time.monotonic()
            if self.down_since is None:
                self.down_since = self.last_failure
                logger.error(
                    "Redis cache unreachable (%s: %s): serving without cache and throttle "
                    "until it returns",
                    type(exc).__name__, exc,
                )  # fmt: skip

    def succeeded(self) -> None:
        if self.down_since is not None:
            with self.lock:
                if self.down_since is None:
                    return
                logger.warning(
                    "Redis cache reachable again after %.0f s",
                    time.monotonic() - self.down_since,
                )
                self.down_since = None
            # Writes made meanwhile could not say so in the cache: whatever listens (the
            # data's generation) must assume everything cached before the outage is stale.
            reconnected.send(sender=self.__class__)


reconnected = Signal()  # sent once when Redis answers again after an outage
OUTAGE = _Outage()


def _degrading(name: str, fallback: Callable[..., Any]):
    def method(self, *args, **kwargs):
        if OUTAGE.skip():
            return fallback(*args, **kwargs)
        try:
            result = getattr(super(DegradingRedisCache, self), name)(*args, **kwargs)
        except OUTAGE_ERRORS as exc:
            OUTAGE.failed(exc)
            return fallback(*args, **kwargs)
        OUTAGE.succeeded()
        return result

    method.__name__ = name
    method.__doc__ = f"RedisCache.{name}, or a miss / no-op while Redis is down."
    return method


def _default(key, default=None, *args, **kwargs):
    return default


def _nothing(*args, **kwargs):
    return None


def _false(*args, **kwargs):
    return False


def _empty(*args, **kwargs):
    return {}


def _no_keys(keys, *args, **kwargs):
    return list(keys) if isinstance(keys, dict) else []


def _counted(key, delta=1, *args, **kwargs):
    return delta


class ReusingRedisCacheClient(RedisCacheClient):
    """Django's client, keeping one ``redis.Redis`` per connection pool instead of one per call.

    Django builds a new ``redis.Redis`` for every cache operation, and building one
    fills its table of ~170 response callbacks: about 0.5 ms of CPU, more than the
    round trip, and most of the cost of an answer served from the cache. A client
    shares its pool's connections and is safe to share between threads.
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Any] = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._client(connection_pool=self._get_connection_pool(write))
            self._clients[index] = client
        return client


class DegradingRedisCache(RedisCache):
    """``RedisCache`` whose operations miss instead of raising while Redis is unreachable."""

    def __init__(self, server, params) -> None:
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient

    get = _degrading("get", _default)
    set = _degrading("set", _nothing)
    add = _degrading("add", _false)
    touch = _degrading("touch", _false)
    delete = _degrading("delete", _false)
    has_key = _degrading("has_key", _false)
    get_many = _degrading("get_many", _empty)
    set_many = _degrading("set_many", _no_keys)
    delete_many = _degrading("delete_many", _nothing)
    incr = _degrading("incr", _counted)
    clear = _degrading("clear", _nothing)

    def get_many_and_count(
        self, keys: list[str], counter: str | None, timeout: int
    ) -> tuple[dict, int]:
        """``get_many(keys)`` and one more on the counter ``counter`` (``INCR``, its expiry
        set to ``timeout``), in one round trip: (what was found, the new count).

        For the API's cached answers, which read the data's generation and the answer and
        count the caller's request against its rate, at hundreds of requests a second.
        Misses and a count of 1 while Redis is down.
        """
        if OUTAGE.skip():
            return {}, 1
        made = [self.make_and_validate_key(key) for key in keys]
        try:
            pipe = self._cache.get_client(None, write=True).pipeline(transaction=False)
            if made:
                pipe.mget(made)
            if counter is not None:
                made_counter = self.make_and_validate_key(counter)
                pipe.incr(made_counter).expire(made_counter, timeout)
            answers = pipe.execute()
        except OUTAGE_ERRORS as exc:
            OUTAGE.failed(exc)
            return {}, 1
        OUTAGE.succeeded()
        loads = self._cache._serializer.loads
        values = answers.pop(0) if made else []
        found = {
            key: loads(value) for key, value in zip(keys, values, strict=True) if value is not None
        }
        return found, answers[0] if counter is not None else 0


def redis_reachable(url: str, timeout: float = 1.0) -> tuple[bool, str]:
    """Whether Redis at ``url`` answers a PING (for ``/health/``), with the error if not."""
    import redis

    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=timeout, socket_timeout=timeout)
        try:
            client.ping()
        finally:
            client.close()
    except Exception as exc:  # noqa: BLE001 - any failure is "unreachable", with its reason
        return False, f"{type(exc).__name__}: {exc}"
    return True, ""


def get_many_and_count(
    cache: Any, keys: list[str], counter: str | None, timeout: int
) -> tuple[dict, int]:
    """``DegradingRedisCache.get_many_and_count``, or the same in several calls on other caches."""
    in_one = getattr(cache, "get_many_and_count", None)  # ``cache`` may be Django's proxy
    if in_one is not None:
        return in_one(keys, counter, timeout)
    found = cache.get_many(keys)
    if counter is None:
        return found, 0
    try:
        return found, cache.incr(counter)
    except ValueError:  # the counter's first use
        return found, 1 if cache.add(counter, 1, timeout=timeout) else cache.incr(counter)
