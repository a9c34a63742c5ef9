"""A watch list as people type it: bill ids or numbers such as "CA SB 53", "US-CA SB 53",
"ny s8828", "California 2025 SB 53", "US 119 HR 21", each resolved to one bill or refused.

An entry is ``[jurisdiction] [session] number``: the jurisdiction as a code
("US-CA"), a postal abbreviation ("CA", "US" for federal) or a name ("New
York"); a session as the jurisdiction stores it ("2025-2026", "119", "89R")
or a year it spans ("2025"); the number in any spelling
``normalise_identifier`` reads ("s8828", "S.B. 53"). A bare number is a bill
id, as the API always took. An entry that names no bill, or several, is
refused with a message that names it and, for several, the candidates by
their full reference, which this module reads back (``reference``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.db.models import QuerySet

from bills.models import Bill, LegislativeSession
from bills.search.suggest import suggest_bills
from vocabulary.jurisdictions import FEDERAL, JURISDICTIONS, normalise_identifier

MAX_ENTRIES = 50
MAX_ENTRY_LENGTH = 80
_SEPARATORS = re.compile(r"[,;\n]+")
_YEAR = re.compile(r"^(\d{4})$")
_NAMES = {j.name.lower(): j.code for j in JURISDICTIONS} | {
    "federal": FEDERAL.code,
    "congress": FEDERAL.code,
}
_ABBREVIATIONS = {j.abbreviation.lower(): j.code for j in JURISDICTIONS}
_CODES = {j.code.lower(): j.code for j in JURISDICTIONS}


@dataclass
class Resolution:
    """What one entry of a watch list names."""

    entry: str
    bills: list[Bill] = field(default_factory=list)
    suggestions: list[Bill] = field(default_factory=list)  # for an entry that names no bill

    @property
    def bill(self) -> Bill | None:
        return self.bills[0] if len(self.bills) == 1 else None

    @property
    def choices(self) -> list[Bill]:
        """What the entry may have meant: the bills it names (several), else the suggestions."""
        return [] if self.bill else self.bills or self.suggestions

    @property
    def error(self) -> str:
        if len(self.bills) == 1:
            return ""
        if self.bills:
            found = ", ".join(reference(b) for b in self.bills)
            return f"“{self.entry}” could be {found}: add the state or the session."
        if self.entry.isdigit():
            return f"No bill has the id {self.entry}."
        hint = f" Did you mean {', '.join(reference(b) for b in self.suggestions)}?"
        return f"No bill is numbered “{self.entry}”." + (hint if self.suggestions else "")


def reference(bill: Bill) -> str:
    """The bill's full reference, read back by ``resolve``: "US-CA 2025-2026 SB 53"."""
    return " ".join(
        p for p in (bill.jurisdiction.code, bill.session.identifier, bill.identifier) if p
    )


def split_entries(raw: str | list) -> list[str]:
    """Entries of a typed watch list (commas, semicolons or lines); a list's items each split."""
    parts = raw if isinstance(raw, list) else [raw]
    entries = [e.strip() for part in parts for e in _SEPARATORS.split(str(part))]
    return list(dict.fromkeys(" ".join(e.split()) for e in entries if e.strip()))


def resolve_all(entries: list[str]) -> list[Resolution]:
    return [resolve(entry) for entry in entries]


def watched_ids(raw: str | list) -> tuple[list[int], list[str]]:
    """(bill ids, one message per entry that names no bill or several) of a typed watch list."""
    entries = split_entries(raw)
    if len(entries) > MAX_ENTRIES:
        return [], [f"A watch list has at most {MAX_ENTRIES} bills."]
    resolutions = resolve_all(entries)
    errors = [r.error for r in resolutions if r.error]
    return sorted({r.bill.pk for r in resolutions if r.bill}), errors


def resolve(entry: str) -> Resolution:
    entry = " ".join(str(entry).split())
    if len(entry) > MAX_ENTRY_LENGTH or "\x00" in entry:
        return Resolution(entry[:MAX_ENTRY_LENGTH] + "…")  # not a number: nothing to look up
    if entry.isdigit():
        found = Bill.objects.filter(pk=int(entry)) if len(entry) < 19 else Bill.objects.none()
        return Resolution(entry, list(_related(found)))
    found: list[Bill] = []
    for code, session, number in _readings(entry):
        found = _lookup(code, session, number)
        if found:
            break
    resolution = Resolution(entry, found)
    if not found:
        resolution.suggestions = _suggestions(entry)
    return resolution


def _suggestions(entry: str, limit: int = 3) -> list[Bill]:
    """Bills whose number starts as the entry's does (in its jurisdiction), else by name."""
    code, _, number = _readings(entry)[0]
    bills = Bill.objects.filter(identifier__istartswith=number)
    if code:
        bills = bills.filter(jurisdiction__code=code)
    return list(_related(bills)[:limit]) or suggest_bills(entry, limit=limit)


def _readings(entry: str) -> list[tuple[str, str, str]]:
    """(jurisdiction code, session, number) readings of an entry, most specific first.

    "CA 2025 SB 53" → ("US-CA", "2025", "SB 53"), then ("", "", "CA 2025 SB 53"):
    a number that starts like a jurisdiction is also read as a number.
    """
    words = entry.split()
    readings = []
    for length in (4, 3, 2, 1):
        code = _jurisdiction(" ".join(words[:length]))
        if code and len(words) > length:
            session, number = _session_and_number(words[length:])
            readings.append((code, session, number))
            break
    session, number = _session_and_number(words)
    return [*readings, ("", session, number)]


def _jurisdiction(text: str) -> str:
    key = text.lower().rstrip(":")
    return _CODES.get(key) or _ABBREVIATIONS.get(key) or _NAMES.get(key, "")


def _session_and_number(words: list[str]) -> tuple[str, str]:
    """A leading word that starts with a digit, before a number that starts with a letter,
    is the session: "2025 SB 53", "119 HR 21", "89R HB 149"."""
    if len(words) > 1 and words[0][0].isdigit() and words[1][0].isalpha():
        return words[0], normalise_identifier(" ".join(words[1:]))
    return "", normalise_identifier(" ".join(words))


def _lookup(code: str, session: str, number: str) -> list[Bill]:
    bills = Bill.objects.filter(identifier=number)
    if code:
        bills = bills.filter(jurisdiction__code=code)
    found = list(_related(bills)[:50])  # one number in a few states and sessions
    return [b for b in found if not session or _in_session(b.session, session)][:10]


def _in_session(stored: LegislativeSession, session: str) -> bool:
    """The session as stored ("89R", "2025-2026"), or a year it names or spans."""
    if stored.identifier.lower() == session.lower():
        return True
    if not _YEAR.match(session):
        return False
    year = int(session)
    if stored.start_date and stored.end_date:
        return stored.start_date.year <= year <= stored.end_date.year
    years = [int(y) for y in re.findall(r"\d{4}", stored.identifier)]
    if len(years) == 2:  # "2025-2026", "20252026"
        return years[0] <= year <= years[1]
    return stored.identifier.startswith(session)  # "2025", "2025B"


def _related(bills: QuerySet) -> QuerySet:
    return bills.select_related("jurisdiction", "session").order_by(
        "jurisdiction__code", "-session__identifier", "identifier"
    )
