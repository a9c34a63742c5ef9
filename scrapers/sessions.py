"""Which sessions to scrape: the current one, and the previous one for a grace period.

Chapter numbers, late signatures and vetoes of a session keep arriving after
the next session has begun, so every source keeps re-scraping the previous
session for ``settings.SCRAPER_PREVIOUS_SESSION_DAYS`` after the new one starts.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TypeVar

T = TypeVar("T")


def with_previous(current: T, previous: T, started: date, today: date, grace_days: int) -> list[T]:
    """``[current]``, plus ``previous`` while ``today`` is within ``grace_days`` of ``started``."""
    if today - started < timedelta(days=grace_days):
        return [current, previous]
    return [current]
