"""Legal states of a batch of new bills, derived without a query per bill.

``legal_state.refresh_around`` reads a bill's facts back from the database
(about ten queries) and then refreshes every bill linked to it. For a batch
of new bills most of those facts are in hand: the record's actions, status and
dates. So a new bill whose links cannot change its state or another's (no
link, or only links to bills that do not exist, or companions where nobody is
substituted) is derived here from memory with the same pure functions
(``legal_timeline``); the others, and the stored bills at the other end of
their links, are refreshed by ``refresh_bill`` after the batch is written,
exactly as ingest of one record does. The new bills of that second kind are
written without a timeline, so their first derivation records no event, as
for a single record.
"""

from __future__ import annotations

from collections.abc import Iterable

from scrapers.records import BillRecord

from .legal_facts import EARLIER_LAW_RELATIONS, LATER_LAW_RELATIONS, own_facts
from .legal_state import assign_state, refresh_bill, today
from .legal_timeline import BillFacts, bill_changes, fold
from .models import Bill

LAW_RELATIONS = frozenset(LATER_LAW_RELATIONS) | frozenset(EARLIER_LAW_RELATIONS)


def shapes_legal_state(relation: str, status: str, other_status: str) -> bool:
    """Whether a link between two existing bills can move either one's legal state."""
    if relation in LAW_RELATIONS:
        return True
    return relation in ("companion", "replaced_by") and "substituted" in (status, other_status)


def derive_in_memory(bill: Bill, actions: list, record: BillRecord, session_ends: dict) -> None:
    """Set the legal state of an unsaved new bill whose links cannot move a legal state.

    ``actions`` are the bill's in stored order: rows or the record's ``ActionRecord``s;
    ``session_ends`` is ``legal_facts.session_ends`` of the batch's bills.
    """
    end = session_ends[(bill.jurisdiction_id, bill.session_id)]
    facts = BillFacts(**own_facts(bill, actions, end), **_substitute(bill, record))
    assign_state(bill, fold(bill_changes(facts)), today())


def _substitute(bill: Bill, record: BillRecord) -> dict:
    """What ``legal_state._substitute`` finds when none of the links resolves to a bill."""
    if bill.status != "substituted":
        return {}
    for relation in ("replaced_by", "companion"):
        names = sorted(r.identifier for r in record.related_bills if r.relation == relation)
        if names:
            return {"substitute": names[0], "substitute_enacted": False}
    return {}


def refresh_all(bill_ids: Iterable[int], run=None) -> None:
    """``refresh_bill`` of each, in id order, as ``refresh_around`` does."""
    for pk in sorted(set(bill_ids)):
        refresh_bill(Bill(pk=pk), run=run)
