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

from django.core.cache.backends.redis import RedisCache
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
                if self.down_since is not None:
                    logger.warning(
                        "Redis cache reachable again after %.0f s",
                        time.monotonic() - self.down_since,
                    )
                    self.down_since = None


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


class DegradingRedisCache(RedisCache):
    """``RedisCache`` whose operations miss instead of raising while Redis is unreachable."""

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
