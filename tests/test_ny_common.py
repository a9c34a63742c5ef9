"""scrapers.sources.ny.build: New York bill identifiers and session names."""

from __future__ import annotations

from datetime import date

import pytest

from scrapers.sources.ny import build as ny_build
from tests.ny_helpers import SESSION


@pytest.mark.parametrize(
    ("print_no", "expected"),
    [("S6953", "S 6953"), ("S6953B", "S 6953"), ("A06453", "A 6453"), ("J 12", "J 12")],
)
def test_identifier_drops_the_amendment_letter_and_leading_zeros(print_no, expected) -> None:
    assert ny_build.identifier(print_no) == expected


def test_session_year_2025_and_2026_are_the_2025_2026_session() -> None:
    assert (ny_build.session_name(2025), ny_build.session_name(2026)) == (SESSION, SESSION)
    assert (ny_build.session_year("2025-2026"), ny_build.session_year("2026")) == (2025, 2025)


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2027, 1, 10), [2027, 2025]),  # the new session just started
        (date(2027, 4, 30), [2027, 2025]),  # day 119 of 120
        (date(2027, 5, 1), [2027]),
        (date(2026, 11, 1), [2025]),
    ],
)
def test_previous_session_is_scraped_for_the_grace_days(today, expected) -> None:
    assert ny_build.sessions_to_scrape(today, 120) == expected
