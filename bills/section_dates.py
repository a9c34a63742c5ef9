"""Dates a law gives some of its own sections or articles, read from its text (no database).

A law's effective-date clause often treats parts of it apart, and those dates
beat the law's own:

- "Sections 3 and 7 of this act take effect January 1, 2027." (Washington)
- "Article 40 takes effect upon becoming law or on the effective date of Senate
  Bill 315 of the 104th General Assembly, whichever is later" (Illinois omnibus)
- "Sections 2 and 6 of this act expire January 1, 2027."; "This section
  expires June 30, 2027." (a duty that ends: the law expiring)

``section_dates`` returns each such rule; ``headings`` and ``unit_at`` place
an offset of the text in its section and article, so an obligation (which
keeps its offsets) finds the rule that covers it. Numbers written as words
("sections one, two and four") are read with text2num's ``alpha2digit``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from text_to_num import alpha2digit

_NUMBER = r"\d+[A-Za-z]?(?:[-.]\d+[A-Za-z]?)*"
_LIST = rf"{_NUMBER}(?:\s*(?:,\s*(?:and\s+)?|and\s+)(?:{_NUMBER}))*"
_MONTH_DATE = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
    r"\s+\d{1,2},\s+\d{4}"
)
_RULE = re.compile(
    rf"\b(?P<unit>Sections?|Articles?|Parts?)\s+(?P<list>{_LIST})(?:\s+of\s+this\s+(?:act|Act))?"
    rf"\s+(?:shall\s+)?(?P<verb>takes?\s+effect|expires?|(?:is|are)\s+repealed)\b(?P<rest>[^;.]{{0,240}})",
)
_THIS_SECTION = re.compile(
    r"\bThis\s+section\s+(?:shall\s+)?(?P<verb>takes?\s+effect|expires?|is\s+repealed)\b"
    r"(?P<rest>[^;.]{0,240})"
)
_OTHER_BILL = re.compile(
    r"\beffective\s+date\s+of\s+(?P<chamber>Senate|House|Assembly)\s+Bill\s+(?P<n>\d+)"
)
_HEADING = re.compile(
    r"(?m)^[ \t]*(?:#{1,6}[ \t]*)?(?:\d{1,2}[ \t]+)?(?P<word>Section|SECTION|Sec\.|SEC\.|§+|Article|ARTICLE)"
    rf"[ \t]*(?P<number>{_NUMBER})(?:\.(?=\s)|[ \t]*$)"
)


@dataclass(frozen=True)
class SectionDate:
    unit: str  # section | article
    numbers: tuple[str, ...]
    kind: str  # effective | expires
    on: date | None = None  # a date the clause names
    upon_law: bool = False  # "upon becoming law": the day it was signed
    with_bill: str = ""  # "SB 315": when that bill takes effect
    later: bool = True  # "whichever is later" (False: "whichever is earlier")
    evidence: str = ""

    def resolve(self, enacted: date | None, other_effective: date | None) -> date | None:
        """The date this rule gives, knowing when the law was signed and the other bill's date."""
        candidates = [
            d
            for d in (
                self.on,
                enacted if self.upon_law else None,
                other_effective if self.with_bill else None,
            )
            if d
        ]
        if not candidates:
            return None
        return max(candidates) if self.later else min(candidates)


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def section_dates(text: str) -> list[SectionDate]:
    """Every "Sections … take effect / expire …" rule in ``text`` that says when."""
    rules = []
    flat = _flat(alpha2digit(text, "en")) if re.search(r"(?i)sections?\s+[a-z]+,", text) else text
    for match in _RULE.finditer(_flat(flat)):
        unit = "article" if match["unit"].lower().startswith("article") else "section"
        numbers = tuple(dict.fromkeys(re.findall(_NUMBER, match["list"])))
        rule = _rule(unit, numbers, match["verb"], match["rest"], match.group(0))
        if rule:
            rules.append(rule)
    for match in _THIS_SECTION.finditer(text):
        number = unit_at(headings(text), match.start(), "section")
        rule = _rule("section", (number,), match["verb"], match["rest"], match.group(0))
        if number and rule:
            rules.append(rule)
    return rules


def _rule(unit: str, numbers: tuple[str, ...], verb: str, rest: str, evidence: str):
    kind = "effective" if verb.lower().startswith("take") else "expires"
    on = _date(rest)
    other = _OTHER_BILL.search(rest)
    upon_law = bool(re.search(r"\bupon becoming (?:a )?law\b|\bimmediately\b", rest))
    if not (on or other or upon_law):
        return None
    return SectionDate(
        unit=unit,
        numbers=numbers,
        kind=kind,
        on=on,
        upon_law=upon_law,
        with_bill=f"{other['chamber'][0]}B {other['n']}" if other else "",
        later="whichever is earlier" not in rest,
        evidence=_flat(evidence).strip()[:240],
    )


def _date(text: str) -> date | None:
    found = re.search(_MONTH_DATE, text)
    if not found:
        return None
    return datetime.strptime(_flat(found.group(0)), "%B %d, %Y").date()


def headings(text: str) -> list[tuple[int, str, str]]:
    """(offset, "section" | "article", number) of each heading, in order."""
    return [
        (m.start(), "article" if m["word"].lower() == "article" else "section", m["number"])
        for m in _HEADING.finditer(text)
    ]


def unit_at(found: list[tuple[int, str, str]], offset: int, unit: str) -> str:
    """The number of the section (or article) that holds ``offset``; "" before the first."""
    number = ""
    for start, kind, value in found:
        if start > offset:
            break
        if kind == unit:
            number = value
    return number
