"""Pieces of a New York bill record shared by its two formats, the API and the mirror.

The Open Legislation API (``scrapers.sources.ny``) and the jehiah/ny_legislation
mirror (``scrapers.sources.ny.mirror``) name their fields differently but describe the
same bill: a print number, a session year, actions, prints, sponsors and
same-as bills. Both build their records here, so sessions, identifiers,
versions and related bills come out the same whichever format was read. This
module imports neither of them, so neither import makes a cycle.

NY sessions are named by their first year ("2025"); the records use the
two-year name ("2025-2026").
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from scrapers.chapter_amendments import chapter_references, record_text
from scrapers.errors import ParseError
from scrapers.records import (
    ActionRecord,
    BillRecord,
    RelatedBillRecord,
    SponsorRecord,
    VersionRecord,
)
from scrapers.sessions import with_previous

SOURCE_NAME = "ny"
JURISDICTION = "US-NY"
BILL_PAGE = "https://www.nysenate.gov/legislation/bills/{year}/{print_no}"
PDF_URL = "https://legislation.nysenate.gov/pdf/bills/{year}/{print_no}"
_PRINT_NO = re.compile(r"^(?P<prefix>[A-Z]+)\s*0*(?P<number>\d+)(?P<version>[A-Z]?)$")
_NEW_PRINT = re.compile(r"^PRINT NUMBER \d+(?P<version>[A-Z])\b", re.IGNORECASE)
_SUBSTITUTION = re.compile(
    r"^SUBSTITUTED (?P<way>FOR|BY) (?P<other>[A-Z]+\d+)[A-Z]?\b", re.IGNORECASE
)
_CHAMBERS = {"SENATE": "upper", "ASSEMBLY": "lower"}


def session_name(year: int) -> str:
    """The two-year session a year belongs to: 2025 and 2026 are both "2025-2026"."""
    start = year if year % 2 else year - 1
    return f"{start}-{start + 1}"


def session_year(session: str) -> int:
    """The API's session year ("2025") for "2025", "2025-2026" or 2026."""
    match = re.match(r"^\s*(\d{4})", str(session))
    if not match:
        raise ValueError(f"not a New York session: {session!r}")
    year = int(match.group(1))
    return year if year % 2 else year - 1


def sessions_to_scrape(today: date, grace_days: int) -> list[int]:
    """Session years to scrape on ``today``, newest first.

    The previous session stays in for ``grace_days`` after the new one starts,
    because chapter numbers and late signatures still arrive then.
    """
    current = session_year(str(today.year))
    return with_previous(current, current - 2, date(current, 1, 1), today, grace_days)


def identifier(print_no: str) -> str:
    """ "S6953B" -> "S 6953" (the amendment letter belongs to versions, not the bill)."""
    match = _PRINT_NO.match(print_no.strip().upper())
    if not match:
        raise ValueError(f"not a New York print number: {print_no!r}")
    return f"{match.group('prefix')} {int(match.group('number'))}"


def parse_date(value: Any, where: str, what: str) -> date:
    try:
        return date.fromisoformat(str(value)[:10])
    except (TypeError, ValueError) as exc:
        raise ParseError(SOURCE_NAME, where, f"{what} as YYYY-MM-DD, got {value!r}") from exc


def parse_year(value: Any, where: str) -> int:
    try:
        return int(value)
    except (TypeError, ValueError) as exc:
        raise ParseError(SOURCE_NAME, where, f"a session year, got {value!r}") from exc


def new_record(base: str, year: int, title: str, abstract: str, where: str) -> BillRecord:
    """A record for base print ``base`` of session ``year``, without actions or versions."""
    try:
        ident = identifier(base)
    except ValueError as exc:
        raise ParseError(SOURCE_NAME, where, "a print number like 'S6953'") from exc
    print_no = ident.replace(" ", "")
    session = session_name(year)
    start = int(session[:4])
    return BillRecord(
        jurisdiction=JURISDICTION,
        session=session,
        identifier=ident,
        title=(title or "").strip(),
        abstract=abstract,
        sources=[BILL_PAGE.format(year=start, print_no=print_no)],
        source_ids={"nysenate": f"{start}-{print_no}"},
        session_name=f"{session} Regular Sessions",
        session_start=date(start, 1, 1),
        session_end=date(start + 1, 12, 31),
    )


def bill_abstract(summary: str | None, act_clause: str | None) -> str:
    """The summary, then the act clause."""
    # The act clause names what the bill amends ("to amend a chapter of the laws of
    # 2025 ..."), which chapter-amendment linking reads when there is no text.
    return "\n\n".join(part.strip() for part in (summary, act_clause) if part and part.strip())


def action_record(when: Any, text: Any, chamber: Any, where: str) -> ActionRecord:
    return ActionRecord(
        date=parse_date(when, where, "an action date"),
        text=str(text or "").strip(),
        actor=_CHAMBERS.get(str(chamber or "").upper(), str(chamber or "").lower()),
    )


def print_versions(
    base: str,
    year: int,
    actions: list[ActionRecord],
    published: dict[str, date | None],
    texts: dict[str, str],
) -> list[VersionRecord]:
    """One version per print: the original, then each "PRINT NUMBER 6953A" action's print.

    A print's date is its "PRINT NUMBER" action's, else its publish date.
    """
    print_no = identifier(base).replace(" ", "")
    dates: dict[str, date | None] = {"": published.get("")}
    for action in actions:
        match = _NEW_PRINT.match(action.text)
        if match:
            dates.setdefault(match.group("version").upper(), action.date)
    for letter in [*published, *texts]:
        dates.setdefault(letter, published.get(letter))
    return [
        VersionRecord(
            label=f"{print_no}{letter}",
            date=dates[letter],
            url=PDF_URL.format(year=year, print_no=f"{print_no}{letter}"),
            media_type="application/pdf",
            text=texts.get(letter, ""),
        )
        for letter in sorted(dates)
    ]


def sponsor_records(people: list[tuple[str, Any]], chamber: str) -> list[SponsorRecord]:
    """First named is the primary sponsor, the rest cosponsors (the order both formats use)."""
    actor = _CHAMBERS.get(chamber.upper(), "")
    sponsors: list[SponsorRecord] = []
    for name, member_id in people:
        if name and name not in {s.name for s in sponsors}:
            kind = "cosponsor" if sponsors else "primary"
            sponsors.append(SponsorRecord(name, kind, actor, source_id=str(member_id or "")))
    return sponsors


def related_bills(
    record: BillRecord, same_as: list[tuple[str, int]], extra: tuple[RelatedBillRecord, ...] = ()
) -> list[RelatedBillRecord]:
    """Companions, substitutions named in the actions, and bills a chapter amendment names."""
    found = [RelatedBillRecord(identifier(p), "companion", session_name(y)) for p, y in same_as]
    found.extend(extra)
    for action in record.actions:
        match = _SUBSTITUTION.match(action.text)
        if match:
            relation = "replaced_by" if match.group("way").upper() == "BY" else "replaces"
            found.append(
                RelatedBillRecord(identifier(match.group("other")), relation, record.session)
            )
    for ref in chapter_references(record_text(record)):
        # Which of the named bills became the chapter is known only once it is signed;
        # link_chapter_amendments() upgrades the signed one to "chapter_amendment_of".
        found.extend(
            RelatedBillRecord(bill, "related", session_name(ref.year)) for bill in ref.bills
        )
    return _dedupe(record.identifier, found)


def _dedupe(own: str, related: list[RelatedBillRecord]) -> list[RelatedBillRecord]:
    seen: set[tuple[str, str, str]] = set()
    kept: list[RelatedBillRecord] = []
    for item in related:
        key = (item.identifier, item.relation, item.session)
        if item.identifier != own and key not in seen:
            seen.add(key)
            kept.append(item)
    return kept
