"""Typed attributes of an obligation: deadlines, frequencies, retention, money, dates, recipient.

Number words ("seventy-two hours", "ten million dollars") are turned into
digits with text2num's ``alpha2digit`` (package ``text2num``, module
``text_to_num``): it is a small compiled library that handles compounds,
scales and ordinals in English, and it is fast enough to run on every
candidate sentence. Calendar dates ("January 1, 2027") are read with
``dateparser`` because it copes with the spellings legislatures use without
a format string per state; it is only called on a matched date phrase and
its results are cached. Durations come out as ISO-8601 ("PT72H", "P15D",
"P1Y"), money as integer dollars.
"""

from __future__ import annotations

import re
from functools import lru_cache

from text_to_num import alpha2digit

_NUMBER_WORD_RE = re.compile(
    r"\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|"
    r"forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|million|billion|first|second|"
    r"third|thirtieth|sixtieth|ninetieth)\b",
    re.IGNORECASE,
)
# "every two years": a small number word before a unit of time.
_SMALL_PERIOD_RE = re.compile(r"\b(one|two)(?=\s+(?:hour|day|week|month|year)s?\b)", re.I)
_SMALL = {"one": "1", "two": "2"}
_UNITS = {"hour": "H", "day": "D", "week": "W", "month": "M", "year": "Y"}
_DEADLINE_RE = re.compile(
    r"\b(?:within|not later than|no later than|not more than|before the end of)\s+(\d+)\s+"
    r"(?:calendar\s+|business\s+)?(hour|day|week|month|year)s?\b"
    r"|\bbefore the (\d+)(?:st|nd|rd|th) (day|month)\b"
    r"|\b(?:no|not) (?:less|fewer) than (\d+) (?:calendar |business )?(day|week|month)s? (?:before|prior to)\b",
    re.IGNORECASE,
)
_MONTH_NAMES = (
    "January|February|March|April|May|June|July|August|September|October|November|December"
)
_FREQUENCY_RE = re.compile(
    r"\b(?:at least )?once (?:per|each|every|a) (year|quarter|month|week|day|hour)\b"
    r"|\bevery (\d+) (year|month|week|day|hour)s?\b|\bevery (year|quarter|month|week|day|hour)\b"
    r"|\beach (?:year|" + _MONTH_NAMES + r")\b[^.;]{0,12}\bthereafter\b"
    r"|\b(annually|annual(?! gross| revenue)|yearly|quarterly|monthly|weekly|daily|hourly"
    r"|semiannual(?:ly)?|biennial(?:ly)?)\b"
    r"|\b(?P<times>twice|two times|three times|four times|2 times|3 times|4 times) (?:a|each|per|every) year"
    r"|\b(?P<yearly>(?:by|on or before|before|no later than|not later than) (?:"
    + _MONTH_NAMES
    + r")"
    r" \d{1,2}(?:st|nd|rd|th)?,? (?:of )?(?:each|every) (?:calendar )?year)",
    re.IGNORECASE,
)
_TIMES_A_YEAR = {"twice": "P6M", "two": "P6M", "2": "P6M", "three": "P4M", "3": "P4M",
                 "four": "P3M", "4": "P3M"}  # fmt: skip
_FREQUENCY_WORDS = {
    "year": "P1Y", "quarter": "P3M", "month": "P1M", "week": "P1W", "day": "P1D",
    "annually": "P1Y", "annual": "P1Y", "yearly": "P1Y", "quarterly": "P3M", "monthly": "P1M",
    "semiannual": "P6M", "semiannually": "P6M", "biennial": "P2Y", "biennially": "P2Y",
    "hour": "PT1H", "hourly": "PT1H", "weekly": "P1W", "daily": "P1D",
}  # fmt: skip
_RETENTION_RE = re.compile(
    r"\b(?:retain|preserve|keep|maintain|store)\b[^.;]{0,200}?\b(?:for|plus)\s+(?:a period of\s+)?"
    r"(?:at least\s+|not less than\s+|no less than\s+)?(\d+)\s+(year|month)s?\b",
    re.IGNORECASE,
)
_MONEY_RE = re.compile(
    r"\$\s?(\d[\d,]*(?:\.\d+)?)(?:\s+(thousand|million|billion))?"
    r"|\b(\d[\d,]*(?:\.\d+)?)\s+(?:(thousand|million|billion)\s+)?dollars\b",
    re.IGNORECASE,
)
_SCALE = {"thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
_FIRST_RE = re.compile(
    r"\s*(?:for (?:a|the|each) )?(?:first|initial) (?:violation|offense)", re.IGNORECASE
)
_REPEAT_RE = re.compile(r"\b(?:subsequent|second|repeat(?:ed)?|each additional)\b", re.IGNORECASE)
_CLAUSE_START_RE = re.compile(r"[^.;]*$")
# 10^26 as printed, and as conversions lose the superscript: "1026 integer operations",
# "10º26", "10**26", "10E26", "10²⁶", "10 to the 26th power".
_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
_COMPUTE_RE = re.compile(
    r"\b10\s*(?:\^|\*\*|º|°|˚|e)\s*\+?(\d{2})\b|\b10\s+to\s+the\s+(\d{2})(?:st|nd|rd|th)?\s+power"
    r"|\b10(\d{2})\s+(?:integer|floating|operations|flops?|computational)\b"
    r"|\b10([⁰¹²³⁴⁵⁶⁷⁸⁹]{2})",
    re.IGNORECASE,
)
_EMPLOYEE_RE = re.compile(
    r"\b(?:fewer than|less than|more than|over|at least|not less than|a minimum of)\s+(\d[\d,]*)\s+"
    r"(?:full[- ]time\s+(?:equivalent\s+)?)?(?:employees|workers|individuals)\b"
    r"|\b(\d[\d,]*)\s+or more\s+(?:full[- ]time\s+(?:equivalent\s+)?)?(?:employees|workers)\b",
    re.IGNORECASE,
)
_REVENUE_RE = re.compile(
    r"\brevenues?\b[^.;]{0,80}?\b(?:in excess of|exceed(?:s|ing)?|more than|over|greater than|"
    r"at least)\s+([^.;]{0,80})",
    re.IGNORECASE,
)
_COST_RE = re.compile(
    r"\bcosts?\b[^.;]{0,80}?\b(?:in excess of|exceed(?:s|ing)?|more than|over|greater than|"
    r"at least)\s+([^.;]{0,80})",
    re.IGNORECASE,
)
_MONTHS = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
)
_DATE_RE = re.compile(_MONTHS + r"\s+\d{1,2},?\s+\d{4}")
_SPELLED_YEAR_RE = re.compile(r"\bthousand\b", re.IGNORECASE)
_NUMERIC_EFFECTIVE_RE = re.compile(r"\beff\.\s+(\d{1,2})-(\d{1,2})-(\d{2}|\d{4})\b")
_TAKES_EFFECT_RE = re.compile(r"takes? effect|operative", re.IGNORECASE)
_ACT_EFFECTIVE_RE = re.compile(
    r"\b(?:this|the) (?:act|article|chapter|law|order|amendatory act|title|part|subchapter)\b[^.]{0,20}"
    r"\b(?:takes? effect|(?:shall )?becomes? operative|is operative|(?:shall )?becomes? effective)\b"
    r"[^.]{0,120}?(" + _MONTHS + r"\s+\d{1,2},?\s+\d{4})",
    re.IGNORECASE,
)
_EFFECTIVE_RE = re.compile(
    r"\b(?:beginning|starting|commencing|on and after|on or after|effective|eff\.|takes? effect(?: on)?)"
    r"\s+(?:on\s+)?(" + _MONTHS + r"\s+(?:\d{1,2}(?:st|nd|rd|th)?|[a-z]+(?:-[a-z]+)?),?\s+\d{4})",
    re.IGNORECASE,
)


# Words without which no frequency is stated ("year" alone is not one: "every year" has "every").
_FREQUENCY_CUES = (
    "once", "every", "each", "annual", "yearly", "quarterly", "monthly", "weekly", "daily",
    "hourly", "times", "twice", "biennial",
)  # fmt: skip
_MONTH_CUES = (
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
)  # fmt: skip


def _has(text: str, cues: tuple[str, ...]) -> bool:
    """Whether ``text`` holds one of ``cues`` (lower case): a C-speed test before a regex."""
    lowered = text.lower()
    return any(cue in lowered for cue in cues)


@lru_cache(maxsize=256)  # each span is read for several attributes
def digits(text: str) -> str:
    """``text`` with number words written as digits (only when it has any)."""
    if not _NUMBER_WORD_RE.search(text):
        return text
    converted = alpha2digit(text, "en")
    lowered = converted.lower()
    if "one" in lowered or "two" in lowered:  # alpha2digit leaves numbers below 3 as words
        converted = _SMALL_PERIOD_RE.sub(lambda m: _SMALL[m.group(1).lower()], converted)
    return converted


def _duration(amount: str | int, unit: str) -> str:
    code = _UNITS[unit.lower()]
    return f"PT{amount}{code}" if code == "H" else f"P{amount}{code}"


def parse_deadline(text: str) -> str | None:
    """ "within 72 hours" → "PT72H"; "before the 60th day after" → "P60D"."""
    match = _DEADLINE_RE.search(digits(text))
    if not match:
        return None
    if match.group(1):
        return _duration(match.group(1), match.group(2))
    if match.group(3):
        return _duration(match.group(3), match.group(4))
    return _duration(match.group(5), match.group(6))  # notice "no less than 10 days before"


def parse_frequency(text: str) -> str | None:
    """ "at least once per year" / "annually" / "by July 1 of each year" → "P1Y";
    "every three months" → "P3M"; "at least every three hours" → "PT3H"; "twice each year" → "P6M"."""
    if not _has(text, _FREQUENCY_CUES):
        return None
    match = _FREQUENCY_RE.search(digits(text))
    if not match:
        return None
    if match.group("times"):
        return _TIMES_A_YEAR[match.group("times").split()[0].lower()]
    if match.group("yearly"):
        return "P1Y"
    if match.group(1):
        return _FREQUENCY_WORDS[match.group(1).lower()]
    if match.group(0).lower().startswith("each"):
        return "P1Y"
    if match.group(2):
        return _duration(match.group(2), match.group(3))
    if match.group(4):
        return _FREQUENCY_WORDS[match.group(4).lower()]
    return _FREQUENCY_WORDS[match.group(5).lower()]


def parse_retention(text: str) -> str | None:
    """ "retain ... for five years" → "P5Y"."""
    if not _has(text, ("retain", "preserve", "keep", "maintain", "store")):
        return None
    match = _RETENTION_RE.search(digits(text))
    return _duration(match.group(1), match.group(2)) if match else None


def money_amounts(text: str) -> list[tuple[int, int]]:
    """Every dollar amount in ``text`` as (offset in the digit-converted text, dollars)."""
    converted = digits(text)
    found: list[tuple[int, int]] = []
    for match in _MONEY_RE.finditer(converted):
        number = match.group(1) or match.group(3)
        scale = match.group(2) or match.group(4)
        value = float(number.replace(",", "")) * (_SCALE[scale.lower()] if scale else 1)
        found.append((match.start(), int(round(value))))
    return found


def parse_penalties(text: str) -> dict[str, int]:
    """Maximum penalty, and the maximum for subsequent violations when the text names one."""
    converted = digits(text)
    first: list[int] = []
    repeat: list[int] = []
    for match in _MONEY_RE.finditer(converted):
        number = match.group(1) or match.group(3)
        scale = match.group(2) or match.group(4)
        value = int(round(float(number.replace(",", "")) * (_SCALE[scale.lower()] if scale else 1)))
        tail = re.split(r"[.;]\s", converted[match.end() : match.end() + 60])[0]
        if _FIRST_RE.match(tail):  # "$500 for a first violation and each additional ...": a first
            first.append(value)
            continue
        head = _CLAUSE_START_RE.search(converted[max(0, match.start() - 80) : match.start()])
        later = _REPEAT_RE.search(tail) or (head and _REPEAT_RE.search(head.group(0)))
        (repeat if later else first).append(value)
    result: dict[str, int] = {}
    if first:
        result["penalty_max_usd"] = max(first)
    if repeat:
        result["penalty_repeat_max_usd"] = max(repeat)
    return result


def parse_thresholds(text: str) -> dict[str, float | int]:
    """Compute (operations), cost and revenue thresholds stated in a definition."""
    result: dict[str, float | int] = {}
    compute = _COMPUTE_RE.search(text)
    if compute:
        exponent = next(group for group in compute.groups() if group)
        result["compute_threshold_flop"] = float(10 ** int(exponent.translate(_SUPERSCRIPTS)))
    employees = parse_employee_threshold(text)
    if employees:
        result["employee_threshold"] = employees
    for name, regex in (("revenue_threshold_usd", _REVENUE_RE), ("cost_threshold_usd", _COST_RE)):
        match = regex.search(text)
        if match:
            amounts = money_amounts(match.group(1))
            if amounts:
                result[name] = amounts[0][1]
    return result


_ORDINAL_DAYS = {
    word: str(number)
    for number, word in enumerate(
        "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth "
        "thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth".split(),
        start=1,
    )
}
_ORDINAL_RE = re.compile(r"\b(" + "|".join(_ORDINAL_DAYS) + r")\b", re.IGNORECASE)


@lru_cache(maxsize=512)
def _iso_date(phrase: str) -> str | None:
    import dateparser  # deferred: only documents with dates pay for loading it

    phrase = _ORDINAL_RE.sub(lambda m: _ORDINAL_DAYS[m.group(1).lower()], phrase)
    parsed = dateparser.parse(phrase, languages=["en"], settings={"DATE_ORDER": "MDY"})
    return parsed.date().isoformat() if parsed else None


def parse_employee_threshold(text: str) -> int | None:
    """ "fewer than fifty full-time employees" / "50 or more employees" → 50."""
    match = _EMPLOYEE_RE.search(digits(text)) if "employ" in text or "worker" in text else None
    if match is None:
        return None
    return int((match.group(1) or match.group(2)).replace(",", ""))


_DUE_RE = re.compile(
    r"\b(?:by|on or before|no later than|not later than)\s+("
    + _MONTHS
    + r"\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4})",
    re.IGNORECASE,
)


def parse_due_date(text: str) -> str | None:
    """ "a report by December 31, 2024" → "2024-12-31" (a fixed date, not a period)."""
    if not _has(text, _MONTH_CUES):
        return None
    match = _DUE_RE.search(text)
    return _iso_date(match.group(1)) if match else None


# "issued or renewed on or after January 1, 2024": a date that scopes what the duty covers,
# not when the duty starts.
_SCOPE_BEFORE_RE = re.compile(
    r"\b(?:issued|renewed|entered into|executed|delivered|amended|purchased|offered|made|filed|released"
    r"|published|deployed|modified|acquired|sold|placed)"
    r"(?:\s+or\s+\w+)?\s*$",
    re.IGNORECASE,
)


@lru_cache(maxsize=256)
def parse_effective_date(text: str) -> str | None:
    """ "Beginning January 1, 2027" / "eff. January 1, 2026" → "2027-01-01"."""
    if not _has(text, _MONTH_CUES) and "eff." not in text:
        return None
    source = text
    if not _EFFECTIVE_RE.search(text) and _SPELLED_YEAR_RE.search(text):
        source = digits(text)
    for match in _EFFECTIVE_RE.finditer(source):
        if not _SCOPE_BEFORE_RE.search(source[max(0, match.start() - 40) : match.start()]):
            return _iso_date(match.group(1))
    numeric = _NUMERIC_EFFECTIVE_RE.search(text)
    if numeric is None:
        return None
    month, day, year = (int(part) for part in numeric.groups())
    year = year + 2000 if year < 100 else year
    return f"{year:04d}-{month:02d}-{day:02d}" if 1 <= month <= 12 and 1 <= day <= 31 else None


_SIGNED_RE = re.compile(
    r"THE WHITE HOUSE,?\s+(" + _MONTHS + r"\s+\d{1,2},?\s+\d{4})", re.IGNORECASE
)
_FRONT_MATTER_DATE_RE = re.compile(r"^date:\s*'?(\d{4}-\d{2}-\d{2})", re.MULTILINE)
FROM_THE_ORDER_RE = re.compile(
    r"\b(?:of|from|after) (?:the date of )?this (?:order|memorandum|directive|proclamation)\b",
    re.IGNORECASE,
)


def order_date(text: str) -> str | None:
    """The date an executive order or memorandum was signed (its last dated signature line)."""
    found = list(_SIGNED_RE.finditer(text[-3000:]))
    if found:
        return _iso_date(found[-1].group(1))
    front = _FRONT_MATTER_DATE_RE.search(text[:600])
    return front.group(1) if front else None


def act_effective_date(text: str) -> str | None:
    """The one date on which "this Act takes effect", when the text names exactly one."""
    dates: set[str | None] = set()
    for cue in _TAKES_EFFECT_RE.finditer(text):  # cheap cue first: the omnibus is 1.4 MB
        window = text[max(0, cue.start() - 60) : cue.end() + 150]
        dates.update(_iso_date(m.group(1)) for m in _ACT_EFFECTIVE_RE.finditer(window))
    dates.discard(None)
    return dates.pop() if len(dates) == 1 else None
