"""The anonymous API rate (``API_ANON_RATE``), over a sliding window, one atomic INCR a request.

DRF's ``AnonRateThrottle`` keeps every request's timestamp of the window in one
cache entry, read and written back whole by each request: at 600/minute a
caller's entry is a list of up to 600 floats unpickled and pickled again per
request, and two requests at once both read the old list, so some go
uncounted. A counter per caller and fixed window costs one ``INCR`` and counts
every request, but alone it lets a caller spend its rate at the end of one
window and again at the start of the next: twice the rate within one window's
length.

So the rate is held over a sliding window, estimated from two counters (the
method of Cloudflare's and nginx's limiters): the current window's count plus
the previous window's, weighted by the share of the previous window the sliding
window still covers. A caller never gets more than the rate within any span of
one window's length, give or take the assumption that the previous window's
requests were spread evenly. Its cost is one more key read in the same round
trip. Requests refused are counted too, so a caller that keeps hammering stays
refused; one that waits the ``Retry-After`` it was given gets in.

The API's cached answers (``regtracker.api_cache``) are counted with the same
counters before any view runs (``counters``, ``allowed``), in the round trip that
reads the answer; the request carries the verdict (``COUNTED``: the seconds to
wait, 0 when allowed) so that the view's throttle gives it without counting again.
"""

from __future__ import annotations

import math
import time

from django.core.cache import cache
from rest_framework.throttling import AnonRateThrottle

from regtracker.cache import get_many_and_count

COUNTED = "_anon_rate_counted"  # on a Django request counted before the view: seconds to wait


def _clock() -> float:
    """Now, in seconds (a function of its own so tests can move the clock)."""
    return time.time()


class SlidingWindowAnonThrottle(AnonRateThrottle):
    """Anonymous callers, at most ``rate`` within any span of the window's length, per address."""

    def allow_request(self, request, view) -> bool:
        if self.rate is None:
            return True
        counted = getattr(request._request, COUNTED, None)
        if counted is not None:  # counted before the view: its verdict, not a second count
            self.seconds_left = counted
            return counted == 0
        if request.user and request.user.is_authenticated:
            return True
        return self.allow(request)

    def allow(self, request) -> bool:
        """Count one request of this caller (a DRF or a Django request); False past the rate."""
        if self.rate is None:
            return True
        current, previous = self.counters(request)
        found, count = get_many_and_count(cache, [previous], current, self.expiry)
        return self.allowed(count, found.get(previous) or 0)

    @property
    def expiry(self) -> int:
        """How long a window's counter is kept: through the next window, which weighs it."""
        return 2 * self.duration + 1

    def counters(self, request) -> tuple[str, str]:
        """The cache keys counting this caller's requests in the current and previous windows."""
        self.now = _clock()
        self.window = int(self.now // self.duration)
        ident = self.get_ident(request)
        return self._key(ident, self.window), self._key(ident, self.window - 1)

    def _key(self, ident: str, window: int) -> str:
        return self.cache_format % {"scope": self.scope, "ident": f"{ident}:{window}"}

    def allowed(self, count: int, previous: int) -> bool:
        """Whether the request that brought this window's counter to ``count`` is within the rate,
        the previous window's ``previous`` requests weighing by the part still in the sliding window.
        """
        elapsed = self.now / self.duration - self.window  # the share of this window gone by
        ok = count + previous * (1 - elapsed) <= self.num_requests
        self.seconds_left = 0.0 if ok else max(self._wait_for(count, previous, elapsed), 0.001)
        return ok

    def _wait_for(self, count: int, previous: int, elapsed: float) -> float:
        """Seconds until the estimate, with one more request, is within the rate again."""
        room = self.num_requests - count - 1  # what the previous window's weight must fall to
        if room >= 0 and previous:
            gone_by = 1 - room / previous  # the share of this window by when it has
            if gone_by < 1:
                return (gone_by - elapsed) * self.duration
        # This window alone is full: the next one starts weighing this one's `count`.
        room_next = self.num_requests - 1
        gone_by_next = 1 - room_next / count if count else 0.0
        return (1 - elapsed + max(gone_by_next, 0.0)) * self.duration

    def wait(self) -> float:
        return max(math.ceil(getattr(self, "seconds_left", self.duration)), 1.0)
