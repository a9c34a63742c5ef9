"""A bill's legal state for the ``legal_states`` filter.

ISOLATED ON PURPOSE: issue 13 stores a derived ``legal_state`` on every bill.
When the bill has that field this module reads it; until then it derives the
coarse states the stored status can tell (in force, enacted but not yet
effective, pending, dead). Nothing else in digests knows how.
"""

from __future__ import annotations

from datetime import date

from vocabulary.statuses import ENACTED_STATUSES, PENDING_STATUSES

LEGAL_STATES: dict[str, str] = {
    "in_force": "In force",
    "enacted_not_effective": "Enacted, not yet effective",
    "pending": "Pending",
    "dead": "Dead",
    "superseded": "Superseded",
    "repealed": "Repealed",
    "enjoined": "Enjoined",
}
_DEAD = frozenset({"vetoed", "failed", "substituted"})


def legal_state_of(bill, today: date) -> str:
    stored = getattr(bill, "legal_state", "")
    if stored:
        return stored
    if bill.status in ENACTED_STATUSES:
        if bill.effective_date and bill.effective_date > today:
            return "enacted_not_effective"
        return "in_force"
    if bill.status in _DEAD:
        return "dead"
    if bill.status in PENDING_STATUSES:
        return "pending"
    return ""
