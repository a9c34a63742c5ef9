"""The anonymous API rate (``API_ANON_RATE``) counted in fixed windows, one atomic INCR a request.

DRF's ``AnonRateThrottle`` keeps every request's timestamp of the window in one
cache entry, read and written back whole by each request: at 600/minute a
caller's entry is a list of up to 600 floats unpickled and pickled again per
request, and two requests at once both read the old list, so some go
uncounted. A counter per caller and window costs one ``INCR`` and counts
every request. A fixed window lets a caller spend its rate at the end of one
window and again at the start of the next; for a limit meant against abuse
that is enough.

The API's cached answers (``regtracker.api_cache``) are counted with the same
counter before any view runs (``counter``, ``allowed``), in the round trip that
reads the answer, and the request is marked so that the view's throttle does not
count it twice.
"""

from __future__ import annotations

import time

from django.core.cache import cache
from rest_framework.throttling import AnonRateThrottle

from regtracker.cache import get_many_and_count

COUNTED = "_anon_rate_counted"  # set on a Django request counted before the view


class FixedWindowAnonThrottle(AnonRateThrottle):
    """Anonymous callers, ``rate`` per window of its duration, counted per address."""

    def allow_request(self, request, view) -> bool:
        if self.rate is None or getattr(request._request, COUNTED, False):
            return True
        if request.user and request.user.is_authenticated:
            return True
        return self.allow(request)

    def allow(self, request) -> bool:
        """Count one request of this caller (a DRF or a Django request); False past the rate."""
        if self.rate is None:
            return True
        return self.allowed(_count(self.counter(request), self.duration + 1))

    def counter(self, request) -> str:
        """The cache key counting this caller's requests in the current window."""
        self.window = int(time.time() // self.duration)
        ident = f"{self.get_ident(request)}:{self.window}"
        return self.cache_format % {"scope": self.scope, "ident": ident}

    def allowed(self, count: int) -> bool:
        """Whether the request that brought the counter to ``count`` is within the rate."""
        self.seconds_left = (self.window + 1) * self.duration - time.time()
        return count <= self.num_requests

    def wait(self) -> float:
        return max(getattr(self, "seconds_left", self.duration), 1.0)


def _count(key: str, timeout: int) -> int:
    """Add one to the counter ``key`` (one round trip on Redis)."""
    return get_many_and_count(cache, [], key, timeout)[1]
