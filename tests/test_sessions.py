"""scrapers.sessions: the previous session is scraped for a grace period after a new one starts."""

from datetime import date, timedelta

import pytest

from scrapers.sessions import with_previous

STARTED = date(2027, 1, 6)


@pytest.mark.parametrize("days_in", [0, 1, 119])
def test_previous_session_is_kept_inside_the_grace_period(days_in):
    today = STARTED + timedelta(days=days_in)
    assert with_previous("2027", "2025", STARTED, today, 120) == ["2027", "2025"]


def test_previous_session_is_dropped_exactly_when_the_grace_period_ends():
    today = STARTED + timedelta(days=120)
    assert with_previous("2027", "2025", STARTED, today, 120) == ["2027"]


@pytest.mark.parametrize("days_in", [121, 400])
def test_previous_session_is_dropped_after_the_grace_period(days_in):
    today = STARTED + timedelta(days=days_in)
    assert with_previous(2027, 2025, STARTED, today, 120) == [2027]


def test_no_grace_days_means_only_the_current_session():
    assert with_previous(2027, 2025, STARTED, STARTED, 0) == [2027]
