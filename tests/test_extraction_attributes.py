"""Typed attribute parsing: durations, money, thresholds, dates, recipients."""

import pytest

from bills.extraction import attributes as attrs
from bills.extraction.recipients import parse_recipient


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("shall report within seventy-two hours", "PT72H"),
        ("within 15 days of discovering", "P15D"),
        ("before the 60th day after the date", "P60D"),
        ("shall notify the office", None),
    ],
)
def test_deadlines_become_iso_durations(text, expected):
    assert attrs.parse_deadline(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("at least once per year", "P1Y"),
        ("annually thereafter", "P1Y"),
        ("every three months", "P3M"),
        ("at least once each quarter", "P3M"),
        ("a monthly update", "P1M"),
        ("had annual gross revenues", None),
    ],
)
def test_frequencies_become_iso_durations(text, expected):
    assert attrs.parse_frequency(text) == expected


def test_retention_period_is_read_after_a_keeping_verb():
    assert attrs.parse_retention("shall retain the unredacted information for five years") == "P5Y"


def test_penalty_maximum_and_repeat_maximum_are_separated():
    text = "not to exceed ten million dollars for a first violation and not to exceed thirty "
    text += "million dollars for any subsequent violation"
    assert attrs.parse_penalties(text) == {
        "penalty_max_usd": 10_000_000,
        "penalty_repeat_max_usd": 30_000_000,
    }


def test_penalty_range_takes_its_upper_bound():
    assert attrs.parse_penalties("not less than $80,000 and not more than $200,000") == {
        "penalty_max_usd": 200_000
    }


def test_thresholds_are_read_from_a_definition():
    text = "trained using more than 10^26 operations with annual gross revenues in excess of "
    text += "five hundred million dollars ($500,000,000)"
    assert attrs.parse_thresholds(text) == {
        "compute_threshold_flop": 1e26,
        "revenue_threshold_usd": 500_000_000,
    }


def test_effective_date_is_an_iso_date():
    assert attrs.parse_effective_date("Beginning January 1, 2027, and annually") == "2027-01-01"
    assert attrs.parse_effective_date("Sec. 4, eff. January 1, 2026.") == "2026-01-01"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("shall transmit to the Office of Emergency Services a summary", "Office of Emergency Services"),
        ("shall transmit a report to the Legislature, pursuant to Section 9795, and to the Governor.",
         "the Legislature and the Governor"),
        ("shall declare its intent to do so to the attorney general.", "the attorney general"),
        ("must obtain approval from the department and any applicable agency before testing",
         "the department and any applicable agency"),
        ("must submit reports to the governor and the appropriate committees of the legislature "
         "detailing its findings and recommendations.",
         "the governor and the appropriate committees of the legislature"),
        ("shall file an annual report with and send a copy to the Department describing each "
         "incident", "the Department"),
        ("shall study the use of automated systems and make recommendations to the legislature "
         "regarding their regulation", "the legislature"),
        ("shall recommend to the Governor, not later than June 30, a plan for oversight", "the Governor"),
        ("shall report to the appropriate standing committees of the legislature",
         "the appropriate standing committees of the legislature"),
    ],
)  # fmt: skip
def test_recipient_follows_the_communication_verb(text, expected):
    assert parse_recipient(text) == expected


def test_what_a_recommendation_changes_is_not_its_recipient():
    assert parse_recipient("shall recommend changes to the statute governing procurement") is None


@pytest.mark.parametrize(
    "text, expected",
    [
        ("remind the user at least every three hours that it is not human", "PT3H"),
        ("submit the report by July 1 of each year", "P1Y"),
        ("must meet at least twice each year thereafter", "P6M"),
        ("must meet once the task force is appointed", None),
    ],
)
def test_frequencies_in_hours_and_yearly_due_days(text, expected):
    assert attrs.parse_frequency(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("more than 10º26 integer or floating-point operations", 1e26),
        ("greater than 1026 integer or floating-point operations", 1e26),
        ("more than 10²⁶ operations", 1e26),
        ("more than 10 to the 26th power operations", 1e26),
        ("trained on 1026 documents", None),
    ],
)
def test_compute_thresholds_survive_lost_typography(text, expected):
    assert attrs.parse_thresholds(text).get("compute_threshold_flop") == expected


def test_a_head_count_threshold_is_read_from_words_and_digits():
    assert (
        attrs.parse_employee_threshold("an employer with fewer than fifty full-time employees")
        == 50
    )
    assert attrs.parse_employee_threshold("an employer with 15 or more employees") == 15
    assert attrs.parse_employee_threshold("an employer that employs a consultant") is None


def test_a_fixed_due_date_is_a_due_date_not_a_period():
    assert (
        attrs.parse_due_date("A preliminary report must be delivered by December 31, 2024")
        == "2024-12-31"
    )
    assert attrs.parse_due_date("A report must be delivered within 30 days") is None


def test_a_scope_date_is_not_the_duty_effective_date():
    scoped = "A health plan issued or renewed on or after January 1, 2024, shall comply."
    assert attrs.parse_effective_date(scoped) is None
    own = "A health plan issued or renewed on or after January 1, 2024, shall, beginning January 1, 2027, comply."
    assert attrs.parse_effective_date(own) == "2027-01-01"


def test_an_order_date_is_its_signature_date():
    assert (
        attrs.order_date("... shall be borne.\n\nTHE WHITE HOUSE,\n\nDecember 11, 2025.")
        == "2025-12-11"
    )
    assert attrs.order_date("Section 1. No signature here.") is None
