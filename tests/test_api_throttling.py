"""The anonymous rate over a sliding window (bills/api/throttling.py): no double burst at a
window's edge, a caller under the rate never refused, ``Retry-After`` that is enough.

Runs on whatever cache the settings give (memory on the embedded default, Redis in CI's
second pass); the clock is moved by hand, the counters are real.
"""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from bills.api import throttling
from bills.api.throttling import SlidingWindowAnonThrottle

RATE = 10


@pytest.fixture
def clock(monkeypatch):
    now = [6_000_000.0]  # the start of a minute
    monkeypatch.setattr(throttling, "_clock", lambda: now[0])
    monkeypatch.setattr(SlidingWindowAnonThrottle, "rate", f"{RATE}/minute", raising=False)
    return now


def ask(address: str = "192.0.2.1") -> tuple[bool, float]:
    """One request from ``address``: whether it is allowed, and the wait a refusal gives."""
    throttle = SlidingWindowAnonThrottle()
    request = RequestFactory().get("/api/v1/bills/", REMOTE_ADDR=address)
    allowed = throttle.allow(request)
    return allowed, throttle.wait()


def test_the_rate_cannot_be_spent_twice_across_a_window_edge(clock):
    clock[0] += 59.5
    assert all(ask()[0] for _ in range(RATE))  # the whole rate at the end of one minute
    assert not ask()[0]
    clock[0] += 1.0  # half a second into the next minute: a fixed window would allow RATE more
    allowed, wait = ask()
    assert not allowed
    assert wait in range(1, 61)  # whole seconds, at most one window


def refused_at_a_window_edge(clock, address: str) -> float:
    """The whole rate spent at the end of a minute, one more just after it: the wait it got."""
    clock[0] += 59.5
    for _ in range(RATE):
        ask(address)
    clock[0] += 1.0
    allowed, wait = ask(address)
    assert not allowed
    return wait


def test_waiting_the_given_retry_after_is_enough(clock):
    wait = refused_at_a_window_edge(clock, "192.0.2.1")
    clock[0] += wait
    assert ask("192.0.2.1")[0]


def test_retry_after_is_not_much_more_than_needed(clock):
    wait = refused_at_a_window_edge(clock, "192.0.2.3")
    assert wait > 2
    clock[0] += wait - 2
    assert not ask("192.0.2.3")[0]


def test_a_steady_caller_under_the_rate_is_never_refused(clock):
    spacing = 60 / (RATE * 0.9)
    answers = []
    for _ in range(5 * RATE):  # five minutes
        answers.append(ask()[0])
        clock[0] += spacing
    assert all(answers)


def test_a_caller_over_the_rate_gets_about_the_rate_per_window(clock):
    allowed = 0
    for _ in range(600):  # one request a second for ten minutes, ten times the rate
        allowed += ask()[0]
        clock[0] += 1.0
    assert allowed <= 10 * RATE
    assert allowed >= RATE  # refused requests count too, but it is not locked out for good


def test_callers_are_counted_apart(clock):
    for _ in range(RATE):
        ask("192.0.2.1")
    assert not ask("192.0.2.1")[0]
    assert ask("192.0.2.2")[0]
