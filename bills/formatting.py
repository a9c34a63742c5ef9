"""Obligation attributes written for people: "72 h to AG", "$1M/violation", "1e26 FLOP", "annual".

The matrix, comparison, applicability report and their CSV exports all show
attributes through these functions, so a value reads the same everywhere.
Every function accepts what the extractor stores (ISO-8601 durations,
integers in dollars, floats in operations) and returns ``""`` for a missing
or unreadable value rather than raising: a display must never fail on data.
"""

from __future__ import annotations

import math
import re

from bills.obligations import duration_seconds
from bills.vocabulary.taxonomy import ATTRIBUTES

_HOUR, _DAY = 3600, 86400
_RECIPIENT_ABBREVIATIONS = {
    "attorney general": "AG",
    "the attorney general": "AG",
    "secretary of state": "SoS",
}
_SINGLE_UNIT = re.compile(r"^P(?P<t>T?)(?P<n>\d+)(?P<u>[YMWDHS])$")
_UNIT_WORDS = {
    "Y": "year",
    "M": "month",
    "W": "week",
    "D": "day",
    "TH": "hour",
    "TM": "minute",
    "TS": "second",
}
_FREQUENCY_WORDS = {
    365 * _DAY: "annual",
    180 * _DAY: "every 6 months",
    90 * _DAY: "quarterly",
    30 * _DAY: "monthly",
    7 * _DAY: "weekly",
    _DAY: "daily",
}
ATTRIBUTE_LABELS = {
    "deadline": "Deadline",
    "frequency": "Frequency",
    "retention": "Retention",
    "penalty_max_usd": "Maximum penalty",
    "penalty_repeat_max_usd": "Penalty, repeat violation",
    "compute_threshold_flop": "Compute threshold",
    "cost_threshold_usd": "Compute cost threshold",
    "revenue_threshold_usd": "Revenue threshold",
    "recipient": "Recipient",
    "effective_date": "Effective",
    "negated": "Negated",
}


def format_seconds(seconds: int | None) -> str:
    """A span as people say it: 72 h, 15 days, 6 months, 5 years."""
    if seconds is None:
        return ""
    if seconds <= 4 * _DAY and seconds % _HOUR == 0 and seconds != _DAY:
        return f"{seconds // _HOUR} h"
    if seconds % (365 * _DAY) == 0:
        return _plural(seconds // (365 * _DAY), "year")
    if seconds % (30 * _DAY) == 0:
        return _plural(seconds // (30 * _DAY), "month")
    if seconds % _DAY == 0:
        return _plural(seconds // _DAY, "day")
    return f"{round(seconds / _HOUR)} h"


def format_duration(value: str | None) -> str:
    """As written where the duration has one unit (P3D is "3 days", PT72H "72 h"), else normalised."""
    single = _SINGLE_UNIT.match(value or "")
    if single:
        number, unit = int(single["n"]), _UNIT_WORDS[(single["t"] or "") + single["u"]]
        return f"{number} h" if unit == "hour" else _plural(number, unit)
    return format_seconds(duration_seconds(value))


def format_frequency(value: str | None) -> str:
    seconds = duration_seconds(value)
    if seconds is None:
        return ""
    return _FREQUENCY_WORDS.get(seconds) or f"every {format_seconds(seconds)}"


def format_usd(amount: float | int | None) -> str:
    """$10,000 below a million; $1M, $1.5M, $500M, $1B above."""
    if amount is None or not _is_number(amount):
        return ""
    for scale, suffix in ((1e9, "B"), (1e6, "M")):
        if amount >= scale:
            return f"${_trim(amount / scale)}{suffix}"
    return f"${int(amount):,}"


def format_flop(value: float | None) -> str:
    """Scientific notation as the statutes write it: 1e26 FLOP, 3e25 FLOP, 1.5e26 FLOP."""
    if value is None or not _is_number(value) or value <= 0:
        return ""
    exponent = math.floor(math.log10(value))
    mantissa = value / 10**exponent
    return f"{_trim(mantissa)}e{exponent} FLOP"


def abbreviate_recipient(recipient: str | None) -> str:
    text = " ".join((recipient or "").split())
    return _RECIPIENT_ABBREVIATIONS.get(text.lower(), text)


def format_attribute(name: str, value, attributes: dict | None = None) -> str:
    """One attribute as a short phrase; ``attributes`` lets a deadline name its recipient."""
    if value is None or value == "":
        return ""
    formatter = _FORMATTERS.get(name)
    if formatter is None:
        return str(value)
    text = formatter(value)
    if name == "deadline" and attributes and attributes.get("recipient"):
        text = f"{text} to {abbreviate_recipient(attributes['recipient'])}"
    return text


def attribute_labels(attributes: dict | None) -> list[str]:
    """The key attributes of one obligation as short phrases, in the taxonomy's order."""
    attributes = attributes or {}
    labels = []
    for name in ATTRIBUTES:
        if name == "recipient" and attributes.get("deadline"):
            continue  # already said by the deadline: "72 h to AG"
        text = format_attribute(name, attributes.get(name), attributes)
        if text:
            labels.append(text)
    return labels


def attribute_summary(attributes: dict | None) -> str:
    return "; ".join(attribute_labels(attributes))


def _plural(n: int, unit: str) -> str:
    return f"{n} {unit}{'' if n == 1 else 's'}"


def _trim(number: float) -> str:
    return f"{number:.2f}".rstrip("0").rstrip(".")


def _is_number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


_FORMATTERS = {
    "deadline": format_duration,
    "frequency": format_frequency,
    "retention": lambda v: f"kept {format_duration(v)}" if format_duration(v) else "",
    "penalty_max_usd": lambda v: f"{format_usd(v)}/violation" if format_usd(v) else "",
    "penalty_repeat_max_usd": lambda v: (
        f"{format_usd(v)}/repeat violation" if format_usd(v) else ""
    ),
    "compute_threshold_flop": lambda v: f"≥ {format_flop(v)}" if format_flop(v) else "",
    "cost_threshold_usd": lambda v: f"≥ {format_usd(v)} compute cost" if format_usd(v) else "",
    "revenue_threshold_usd": lambda v: f"revenue ≥ {format_usd(v)}" if format_usd(v) else "",
    "recipient": lambda v: f"to {abbreviate_recipient(str(v))}",
    "effective_date": lambda v: f"from {v}",
    "negated": lambda v: "does not apply (negated)" if v is True else "",
}
