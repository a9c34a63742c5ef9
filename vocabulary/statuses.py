"""Normalised bill statuses and the table of regex rules that derives them from actions.

Every source's actions go through the same table, so "SIGNED CHAP.699" (New
York), "Approved by the Governor" (California) and "Became Public Law No:
117-58" (Congress) all land on ``enacted``. A source that already classifies
its actions (Open States, congress.gov) keeps its classifications; the rules
fill in what is missing.

To add a rule: append a ``Rule`` to ``ACTION_RULES`` with a pattern, the
action classifications it implies (codes from ``ACTION_CLASSIFICATIONS``) and,
if the action names its chamber, the named group ``chamber``; add a real
action text to the tests.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import date

STATUSES: dict[str, str] = {
    "introduced": "Introduced",
    "in_committee": "In committee",
    "passed_one_chamber": "Passed one chamber",
    "passed_legislature": "Passed legislature",
    "enacted": "Enacted / signed",
    "vetoed": "Vetoed",
    "failed": "Failed / dead",
    "effective": "In effect",
    "substituted": "Substituted by companion",
    "published": "Published",
}

# Statuses that mean "law in force or about to be"; the matrix's "enacted only" filter.
ENACTED_STATUSES = frozenset({"enacted", "effective", "published"})
PENDING_STATUSES = frozenset(
    {"introduced", "in_committee", "passed_one_chamber", "passed_legislature"}
)

# How far along the way to law each status is. A record that knows only part of a bill's
# history (``BillRecord.partial``) may move a status to a later stage, never to an earlier one.
STATUS_STAGES: dict[str, int] = {
    "introduced": 0,
    "in_committee": 1,
    "passed_one_chamber": 2,
    "passed_legislature": 3,
    "substituted": 3,
    "enacted": 4,
    "vetoed": 4,
    "failed": 4,
    "published": 4,
    "effective": 5,
}


def is_earlier_stage(status: str, than: str) -> bool:
    """True when ``status`` is an earlier stage than ``than`` (unknown statuses never are)."""
    return STATUS_STAGES.get(status, 99) < STATUS_STAGES.get(than, -1)


ACTION_CLASSIFICATIONS: dict[str, str] = {
    "introduction": "Introduced",
    "reading-1": "First reading",
    "reading-2": "Second reading",
    "reading-3": "Third reading",
    "referral-committee": "Referred to committee",
    "committee-passage": "Reported by committee",
    "committee-failure": "Failed in committee",
    "amendment-introduction": "Amendment introduced",
    "amendment-passage": "Amendment adopted / new print",
    "amendment-failure": "Amendment failed",
    "passage": "Passed a chamber",
    "failure": "Failed a vote",
    "withdrawal": "Withdrawn",
    "substitution": "Substituted",
    "executive-receipt": "Sent to the executive",
    "executive-signature": "Signed by the executive",
    "executive-veto": "Vetoed",
    "veto-override-passage": "Veto overridden",
    "became-law": "Became law",
    "effective": "Took effect",
    "publication": "Published",
    "filing": "Filed / prefiled",
}


@dataclass(frozen=True)
class Rule:
    pattern: re.Pattern[str]
    classifications: tuple[str, ...]


def _rule(pattern: str, *classifications: str) -> Rule:
    return Rule(re.compile(pattern, re.IGNORECASE), classifications)


# Order matters only for readability: every matching rule contributes.
ACTION_RULES: tuple[Rule, ...] = (
    _rule(r"^(introduced|read first time|first reading|prefiled|filed)\b", "introduction"),
    _rule(r"\bintroduced in (the )?(house|senate|assembly)\b", "introduction"),
    _rule(r"^(read first time|first reading)", "reading-1"),
    _rule(r"\bsecond reading|read second time", "reading-2"),
    _rule(r"\bthird reading|read third time", "reading-3"),
    # Alaska (LegiScan history): "READ THE FIRST TIME - REFERRALS", "PASSED Y24 N16".
    _rule(r"^read the first time\b", "reading-1"),
    _rule(r"^read the second time\b", "reading-2"),
    _rule(r"^read the third time\b", "reading-3"),
    _rule(r"^passed y\d+\b", "passage"),
    # Texas ("Passed", chamber in the actor), Virginia ("Read third time and passed House"),
    # Illinois ("Governor Approved", "Public Act . . . 103-0804").
    _rule(r"^passed\.?$|\bread third time and passed\b", "passage"),
    _rule(r"^governor approved\b", "executive-signature"),
    _rule(r"^public act\b[ .]*\d+-\d+", "became-law"),
    _rule(
        r"\breferred to\b|\bcommitted to\b|\breference changed to\b|\brecommit",
        "referral-committee",
    ),
    _rule(
        r"\breported (favorabl|out|with|from|do pass)|^reported\b|\bdo pass\b", "committee-passage"
    ),
    _rule(
        r"\bprint number \d+[a-z]\b|\bamended\b.*\b(adopted|and re-referred)|^amend and",
        "amendment-passage",
    ),
    _rule(
        r"^passed (?P<chamber>senate|assembly|house)\b|\bpassed the (?P<chamber2>senate|house|assembly)\b"
        r"|\bread third time\.? passed\b|\bpassed/agreed to in (?P<chamber3>senate|house)\b"
        r"|^(senate|house|assembly) (passed|adopted)\b|\bthird reading.*\bpassed\b",
        "passage",
    ),
    _rule(r"\bfailed (passage|to pass|third reading)|\bdefeated\b|\bdied in\b", "failure"),
    # Not "Motion by Senator X to concur ... withdrawn in Senate" (Congress): the motion is withdrawn.
    _rule(r"^(?!motion\b).*\bwithdrawn\b|\bstricken\b", "withdrawal"),
    _rule(r"\bsubstituted (for|by)\b", "substitution"),
    _rule(
        r"\b(delivered|presented|sent|enrolled and presented) to (the )?governor\b|\bpresented to president\b|\bto the president\b",
        "executive-receipt",
    ),
    _rule(
        r"\bsigned (chap|by (the )?governor)|\bapproved by (the )?governor\b|^signed\b|^signed by president\b|\bgovernor signed\b",
        "executive-signature",
    ),
    _rule(r"\bvetoed\b|\bveto(ed)? (memo|message)\b", "executive-veto"),
    _rule(r"\bveto overrid|\boverride (passed|of veto)", "veto-override-passage"),
    _rule(
        r"\bbecame public law\b|\bchaptered by secretary of state\b|\bbecame law\b|\bbecomes law without\b|\beffective without signature\b",
        "became-law",
    ),
    _rule(r"^effective (on|date)\b|\btook effect\b", "effective"),
)

_CHAPTER = re.compile(
    r"\bchap(?:ter)?\.?\s*(?P<number>\d+)(?:,?\s*statutes of (?P<year>\d{4}))?", re.IGNORECASE
)
# "Became Public Law No: 119-21." and the older "Became Public Law No. 82-416".
_PUBLIC_LAW = re.compile(r"\bpublic law(?:\s+no)?[.:]?\s*(?P<number>\d+-\d+)", re.IGNORECASE)
_SUBSTITUTED_BY = re.compile(r"\bsubstituted by\s+(?P<other>[A-Z]+\s*\d+[A-Z]?)", re.IGNORECASE)


def classify_action(text: str) -> list[str]:
    """Classifications implied by an action's text, in vocabulary order, without repeats."""
    return list(_classify(text))


@functools.lru_cache(maxsize=65536)
def _classify(text: str) -> tuple[str, ...]:
    # Cached: a legislature words its actions the same way thousands of times
    # ("Referred to Committee on Finance"), and every rule ran on each (3% of a load).
    found: list[str] = []
    for rule in ACTION_RULES:
        if rule.pattern.search(text):
            found.extend(c for c in rule.classifications if c not in found)
    return tuple(found)


_PASSED_IN = re.compile(
    r"\bpassed (?:the |in )?(senate|assembly|house)\b|\b(senate|assembly|house) (?:passed|adopted)\b"
    r"|\bpassed/agreed to in (senate|house)\b",
    re.IGNORECASE,
)
_CHAMBERS = {"assembly": "lower", "house": "lower", "senate": "upper"}


def passed_chamber(text: str, actor: str) -> str:
    """Which chamber passed: named as the one passing ("PASSED SENATE"), else the action's actor.

    "Read third time. Passed. Ordered to the Senate." names the *next* chamber,
    so a bare chamber word elsewhere in the text is not used.
    """
    match = _PASSED_IN.search(text)
    if match:
        name = next(g for g in match.groups() if g).lower()
    else:
        name = (actor or "").lower()
    return _CHAMBERS.get(name, name)


@dataclass(frozen=True)
class StatusResult:
    status: str
    date: date | None
    chapter: str = ""


def derive_status(actions: list[tuple[date | None, str, str, list[str]]]) -> StatusResult:
    """Fold (date, text, actor, classifications) actions, oldest first, into a status.

    Passage in one chamber, then the other, is "passed legislature"; a later
    signature or veto wins; a substitution kills the substituted bill.
    """
    status, when, chapter = "introduced", None, ""
    chambers: set[str] = set()
    for action_date, text, actor, classes in actions:
        if when is None:
            when = action_date
        new = _status_after(status, classes, text, actor, chambers)
        if new != status:
            status, when = new, action_date
        chapter = chapter or citation_in(text, action_date)
    return StatusResult(status, when, chapter)


def _status_after(status: str, classes: list[str], text: str, actor: str, chambers: set) -> str:
    if {"executive-signature", "became-law", "veto-override-passage"} & set(classes):
        return "enacted"
    if "effective" in classes and status == "enacted":
        return "effective"
    if "executive-veto" in classes:
        return "vetoed"
    if "substitution" in classes and _SUBSTITUTED_BY.search(text):
        return "substituted"
    if status in {"enacted", "effective", "vetoed", "substituted"}:
        return status
    if "passage" in classes:
        chambers.add(passed_chamber(text, actor))
        return "passed_legislature" if len(chambers) >= 2 else "passed_one_chamber"
    if {"failure", "withdrawal", "committee-failure"} & set(
        classes
    ) and status != "passed_legislature":
        return "failed"
    if "referral-committee" in classes and status == "introduced":
        return "in_committee"
    return status


def citation_in(text: str, action_date: date | None) -> str:
    """A chapter or public-law citation stated in an action, e.g. "Chapter 699 of 2025"."""
    law = _PUBLIC_LAW.search(text)
    if law:
        return f"Public Law {law.group('number')}"
    chap = _CHAPTER.search(text)
    if chap and re.search(r"signed|chaptered|approved|became", text, re.IGNORECASE):
        year = chap.group("year") or (str(action_date.year) if action_date else "")
        return f"Chapter {chap.group('number')} of {year}".strip()
    return ""
