"""What changes when: the changes of law after a date, and a bill's chain of amendments.

Both read the stored timelines and links (``bills.legal_state`` keeps them
current), so a page lists "S 8828 takes effect 2027-01-01" or "Section 2
expires 2027-06-30" and "changed by S 8828" without deriving anything.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import NamedTuple

from django.db.models import F, Q, QuerySet

from bills.legal_facts import EARLIER_LAW_RELATIONS, LATER_LAW_RELATIONS
from bills.models import Bill, Obligation, RelatedBill
from vocabulary.legal_states import COUNTED

DUTIES_READ = 500  # of each kind (starting, ending), soonest first: a page lists the first 20
_DUTY_COLUMNS = ("pk", "bill_id", "section", "legal_timeline", "in_force_from", "law_until",
                 "bill__identifier", "bill__popular_name", "bill__title",
                 "bill__jurisdiction__code")  # fmt: skip
_LAW_COLUMNS = ("identifier", "popular_name", "title", "legal_timeline", "jurisdiction__code")


def upcoming_changes(as_of: date, bills: QuerySet | None = None, limit: int = 20) -> list[dict]:
    """Changes of law after ``as_of``: laws and duties taking effect or ending, in date order.

    ``bills`` narrows the bills looked at (a page's jurisdiction or selection).
    Duties whose dates differ from their law's (a section starting later, a
    section expiring or rewritten by a later law) are listed on their own,
    grouped per law and date.
    """
    bills = Bill.objects.all() if bills is None else bills
    soon = (Q(in_force_from__gt=as_of) | Q(law_until__gt=as_of, law_from__isnull=False)) | Q(
        law_from__gt=as_of
    )
    found: list[dict] = []
    laws = bills.filter(soon).select_related("jurisdiction").only(*_LAW_COLUMNS).order_by("pk")
    for bill in laws[:500]:
        law = _LawNames(
            bill.pk, bill.identifier, bill.jurisdiction.code, bill.popular_name or bill.title[:120]
        )
        found += _upcoming(bill.legal_timeline, as_of, law)
    found += _duty_changes(as_of, bills)
    found.sort(key=lambda c: (c["date"], c["jurisdiction"], c["bill"]))
    return found[:limit]


def _duty_changes(as_of: date, bills: QuerySet) -> list[dict]:
    """Duties starting or ending on their own dates after ``as_of``, soonest first.

    Only the columns a row shows are read: a matrix over a full biennium has
    thousands of such duties, and loading them whole (texts, quotes, attributes)
    cost most of the matrix page's time.
    """
    starts = Q(in_force_from__gt=as_of) & ~Q(in_force_from=F("bill__in_force_from"))
    ends = Q(law_until__gt=as_of) & (
        Q(bill__law_until__isnull=True) | ~Q(law_until=F("bill__law_until"))
    )
    shown = Obligation.objects.shown()
    if bills.query.has_filters():  # all bills: no semi-join hashing every bill's id
        shown = shown.filter(bill__in=bills.values("pk"))
    duties = {
        duty["pk"]: duty
        for soonest in (
            shown.filter(starts).order_by("in_force_from", "pk")[:DUTIES_READ],
            shown.filter(ends).order_by("law_until", "pk")[:DUTIES_READ],
        )
        for duty in soonest.values(*_DUTY_COLUMNS)
    }.values()
    grouped: dict[tuple, list[dict]] = defaultdict(list)
    for duty in duties:
        for period in duty["legal_timeline"]:
            when = date.fromisoformat(period["from"]) if period.get("from") else None
            if when and when > as_of and when in (duty["in_force_from"], duty["law_until"]):
                grouped[(duty["bill_id"], when, period["state"])].append(duty)
    rows = []
    for (_, when, state), found in grouped.items():
        first = found[0]
        law = _LawNames(
            first["bill_id"],
            first["bill__identifier"],
            first["bill__jurisdiction__code"],
            first["bill__popular_name"] or first["bill__title"][:120],
        )
        sections = sorted({duty["section"] for duty in found if duty["section"]})
        rows.append(_change_row(law, when, state, first["legal_timeline"], sections, len(found)))
    return rows


class _LawNames(NamedTuple):
    """What a change's row names of its law (read as columns, not as a Bill)."""

    pk: int
    identifier: str
    jurisdiction: str
    name: str


def _upcoming(timeline: list[dict], as_of: date, bill: _LawNames) -> list[dict]:
    rows = []
    for period in timeline:
        start = period.get("from")
        if not start or date.fromisoformat(start) <= as_of:
            continue
        if period["state"] in COUNTED or period["state"] in ("superseded", "repealed", "enjoined"):
            rows.append(_change_row(bill, date.fromisoformat(start), period["state"], [period]))
    return rows


def _change_row(bill: _LawNames, when: date, state: str, periods, sections=(), duties=0) -> dict:
    reason = next((p["reason"] for p in periods if p.get("state") == state), "")
    return {
        "date": when,
        "bill_id": bill.pk,
        "bill": bill.identifier,
        "jurisdiction": bill.jurisdiction,
        "name": bill.name,
        "state": state,
        "reason": reason,
        "sections": list(sections),
        "duties": duties,
    }


def amendment_chain(bill: Bill) -> dict[str, list[dict]]:
    """The laws this bill changes (``earlier``) and the laws that change it (``later``), with states.

    Read from both sides of the links: "S 6953 amended by S 8828" and "S 8828
    chapter amendment of S 6953" are the same step of the chain.
    """
    chain: dict[str, dict[tuple, dict]] = {"earlier": {}, "later": {}}
    for link in bill.related_bills.select_related("related"):
        side = _side(link.relation, own=True)
        if side:
            _chain_step(
                chain[side], link.relation, link.identifier, link.jurisdiction_code, link.related
            )
    for link in RelatedBill.objects.filter(related=bill).select_related(
        "bill", "bill__jurisdiction"
    ):
        side = _side(link.relation, own=False)
        if side:
            other = link.bill
            _chain_step(
                chain[side], link.relation, other.identifier, other.jurisdiction.code, other
            )
    return {side: list(steps.values()) for side, steps in chain.items()}


def _side(relation: str, own: bool) -> str:
    """Which side of ``bill`` a link is on: a link it states, or one stated about it."""
    if relation in LATER_LAW_RELATIONS:
        return "later" if own else "earlier"
    if relation in EARLIER_LAW_RELATIONS:
        return "earlier" if own else "later"
    return ""


def _chain_step(steps: dict, relation: str, identifier: str, place: str, other) -> None:
    key = (place, identifier)
    if key in steps:
        return
    steps[key] = {
        "relation": relation,
        "identifier": identifier,
        "jurisdiction": place,
        "bill": other,
        "legal_state": other.legal_state if other else "",
        "legal_state_reason": other.legal_state_reason if other else "not tracked here",
    }
