"""Finding or creating the jurisdiction and session a record belongs to, and when sessions end.

The end of a session decides when its pending bills die: ``pending_ends``
applies each jurisdiction's carry-over rule (two-year legislatures keep their
bills alive into the second year).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from scrapers.records import BillRecord
from vocabulary.jurisdictions import by_code

from .models import Jurisdiction, LegislativeSession


def jurisdiction_facts(code: str) -> tuple[str, str]:
    """(name, kind) for a code such as US-NY, from the scrapers' table of jurisdictions."""
    info = by_code(code)
    return info.name, info.kind


def get_jurisdiction(code: str) -> Jurisdiction:
    jurisdiction = Jurisdiction.objects.filter(code=code).first()
    if jurisdiction is None:
        name, kind = jurisdiction_facts(code)
        jurisdiction, _ = Jurisdiction.objects.get_or_create(
            code=code, defaults={"name": name, "kind": kind}
        )
    return jurisdiction


def get_session(jurisdiction: Jurisdiction, record: BillRecord) -> LegislativeSession:
    session, created = LegislativeSession.objects.get_or_create(
        jurisdiction=jurisdiction,
        identifier=record.session,
        defaults={
            "name": record.session_name or record.session,
            "start_date": record.session_start,
            "end_date": record.session_end,
        },
    )
    if not created:
        _fill_session(session, record)
    return session


def _fill_session(session: LegislativeSession, record: BillRecord) -> None:
    dirty = False
    for field, value in (
        ("name", record.session_name),
        ("start_date", record.session_start),
        ("end_date", record.session_end),
    ):
        if value and getattr(session, field) != value:
            setattr(session, field, value)
            dirty = True
    if dirty:
        session.save()


# --- When a session's pending bills die -------------------------------------------------
# Where a legislature sits for two years, bills still pending when the first year's session
# adjourns carry over to the second year's; elsewhere they die at adjournment. From NCSL's
# "carryover legislation" summary: 25 states carry bills from the odd-numbered year to the
# even-numbered one, New Jersey and Virginia from the even-numbered year to the odd one;
# Montana, Nevada, North Dakota and Texas meet in odd years only. Sessions named for the
# whole biennium ("2025-2026", the 119th Congress) already end when it does; this table
# matters for sources that name one session per year ("2025").
CARRY_OVER_FROM_ODD = frozenset(
    {
        "US-AK", "US-CA", "US-DE", "US-GA", "US-HI", "US-IL", "US-IA", "US-KS", "US-ME",
        "US-MA", "US-MI", "US-MN", "US-NE", "US-NH", "US-NY", "US-NC", "US-OH", "US-OK",
        "US-PA", "US-SC", "US-TN", "US-VT", "US-WA", "US-WI", "US-DC", "US",
    }
)  # fmt: skip
CARRY_OVER_FROM_EVEN = frozenset({"US-NJ", "US-VA"})
# A bill that passed both chambers waits for the executive after adjournment; it is called
# dead only when no signature or veto is recorded within this long of the session's end.
EXECUTIVE_ACTION_GRACE = timedelta(days=365)

_YEARS = re.compile(r"^(\d{4})(?:-(\d{2}|\d{4}))?$")


def session_years(identifier: str) -> tuple[int, ...]:
    """(2025,) for "2025", (2025, 2026) for "2025-2026"; () for "119", "89R" or "2025S1"."""
    match = _YEARS.match(identifier.strip())
    if not match:
        return ()
    first = int(match.group(1))
    if not match.group(2):
        return (first,)
    last = int(match.group(2))
    return (first, last + (first // 100) * 100 if last < 100 else last)


def carries_over(jurisdiction_code: str, identifier: str) -> bool:
    """True when this one-year session's pending bills live on into the next year's session."""
    years = session_years(identifier)
    if len(years) != 1:
        return False
    odd = years[0] % 2 == 1
    return jurisdiction_code in (CARRY_OVER_FROM_ODD if odd else CARRY_OVER_FROM_EVEN)


@dataclass(frozen=True)
class SessionEnd:
    last_day: date  # the last day a bill can still move without being reintroduced
    reason: str


def pending_ends(
    jurisdiction_code: str,
    identifier: str,
    end_date: date | None,
    next_end_date: date | None = None,
) -> SessionEnd | None:
    """When a pending bill of this session stops being pending if nothing happens (None: unknown).

    ``end_date`` is the session's recorded end; a session named for its years
    without one ends on 31 December of its last year. ``next_end_date`` is the
    end of the following year's session, where bills carry over into it.
    """
    years = session_years(identifier)
    end = end_date or (date(years[-1], 12, 31) if years else None)
    if end is None:
        return None
    if carries_over(jurisdiction_code, identifier):
        carried = next_end_date or date(years[0] + 1, 12, 31)
        return SessionEnd(
            carried, f"carried over to the {years[0] + 1} session, which ended {carried}"
        )
    return SessionEnd(end, f"the {identifier} session ended {end}")
