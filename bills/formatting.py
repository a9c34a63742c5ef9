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


# --- Sentences for pages: what a reader of the bill page needs, in whole words. ---
# The short labels above fit matrix cells; these say the same facts in full:
# "within 72 hours", "at least 10^26 operations", "up to $1,000,000 per violation,
# $3,000,000 for later ones", "yearly", "does not apply".

_PLAIN_FREQUENCIES = {
    365 * _DAY: "yearly",
    180 * _DAY: "every 6 months",
    90 * _DAY: "every 3 months",
    30 * _DAY: "monthly",
    7 * _DAY: "weekly",
    _DAY: "daily",
}


def spell_duration(value: str | None) -> str:
    """72 hours, 15 days, 6 months: hours spelt out for people."""
    return format_duration(value).replace(" h", " hours").replace("1 hours", "1 hour")


def spell_usd(amount) -> str:
    """Whole dollars with separators, as statutes print them: $1,000,000."""
    return f"${int(amount):,}" if _is_number(amount) and amount >= 0 else ""


def spell_operations(value) -> str:
    """10^26 operations, 3 × 10^25 operations (the statutes' integer or floating-point ops)."""
    if not _is_number(value) or value <= 0:
        return ""
    exponent = math.floor(math.log10(value))
    mantissa = _trim(value / 10**exponent)
    power = f"10^{exponent}"
    return f"{power} operations" if mantissa == "1" else f"{mantissa} × {power} operations"


def spell_date(value) -> str:
    text = str(value or "")
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return text
    from datetime import date

    parsed = date.fromisoformat(text)
    return f"{parsed.day} {parsed:%B %Y}"


def attribute_sentences(attributes: dict | None) -> list[tuple[str, str]]:
    """(label, phrase) pairs for one obligation, in the taxonomy's order; nothing machine-coded."""
    attributes = attributes or {}
    phrases: list[tuple[str, str]] = []
    for name in ATTRIBUTES:
        value = attributes.get(name)
        if value is None or value == "":
            continue
        if name == "penalty_repeat_max_usd" and attributes.get("penalty_max_usd") is not None:
            continue  # already said with the first penalty: "…, $3,000,000 for later ones"
        phrase = _SENTENCE[name](value, attributes) if name in _SENTENCE else str(value)
        if phrase:
            phrases.append((PEOPLE_LABELS.get(name, ATTRIBUTE_LABELS.get(name, name)), phrase))
    return phrases


# Chambers as their legislatures name them; "upper"/"lower" is the sources' shorthand.
_LOWER_CHAMBERS = {
    "US": "House of Representatives",
    "US-CA": "Assembly",
    "US-NV": "Assembly",
    "US-NY": "Assembly",
    "US-WI": "Assembly",
    "US-NJ": "General Assembly",
    "US-MD": "House of Delegates",
    "US-VA": "House of Delegates",
    "US-WV": "House of Delegates",
    "US-DC": "Council",
}
_ACTOR_WORDS = {"executive": "Governor", "governor": "Governor", "joint": "Both chambers"}


def chamber_name(jurisdiction_code: str, actor: str) -> str:
    """'upper' in New York is the Senate, 'lower' the Assembly; other actors as written."""
    key = (actor or "").strip().lower()
    if key == "upper":
        return "Council" if jurisdiction_code == "US-DC" else "Senate"
    if key == "lower":
        return _LOWER_CHAMBERS.get(jurisdiction_code, "House")
    if jurisdiction_code == "US" and key == "executive":
        return "President"
    return _ACTOR_WORDS.get(key, actor or "")


def _penalty(value, attributes: dict) -> str:
    first = spell_usd(value)
    later = spell_usd(attributes.get("penalty_repeat_max_usd"))
    if not first:
        return ""
    return f"up to {first} per violation" + (f", {later} for later ones" if later else "")


def _frequency(value, attributes: dict) -> str:
    seconds = duration_seconds(value)
    if seconds is None:
        return ""
    return _PLAIN_FREQUENCIES.get(seconds) or f"every {spell_duration(value)}"


PEOPLE_LABELS = {
    "deadline": "Deadline",
    "frequency": "How often",
    "retention": "Keep records",
    "penalty_max_usd": "Penalty",
    "penalty_repeat_max_usd": "Penalty",
    "compute_threshold_flop": "Applies to models trained with",
    "cost_threshold_usd": "Applies when training cost",
    "revenue_threshold_usd": "Applies to businesses with revenue",
    "recipient": "Report to",
    "effective_date": "Starts",
    "due_date": "Due",
    "employee_threshold": "Applies with",
    "negated": "Effect",
}

_SENTENCE = {
    "deadline": lambda v, a: f"within {spell_duration(v)}" if spell_duration(v) else "",
    "frequency": _frequency,
    "retention": lambda v, a: f"for {spell_duration(v)}" if spell_duration(v) else "",
    "penalty_max_usd": _penalty,
    "penalty_repeat_max_usd": lambda v, a: (
        f"up to {spell_usd(v)} for later violations" if spell_usd(v) else ""
    ),
    "compute_threshold_flop": lambda v, a: (
        f"at least {spell_operations(v)}" if spell_operations(v) else ""
    ),
    "cost_threshold_usd": lambda v, a: f"is at least {spell_usd(v)}" if spell_usd(v) else "",
    "revenue_threshold_usd": lambda v, a: (
        f"of at least {spell_usd(v)} a year" if spell_usd(v) else ""
    ),
    "recipient": lambda v, a: " ".join(str(v).split()),
    "effective_date": lambda v, a: f"on {spell_date(v)}",
    "due_date": lambda v, a: f"by {spell_date(v)}",
    "employee_threshold": lambda v, a: f"{int(v):,} or more employees" if _is_number(v) else "",
    "negated": lambda v, a: "does not apply (the text says it does not)" if v is True else "",
}
