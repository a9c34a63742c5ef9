"""The law in force: each bill's and obligation's legal state, stored and kept current.

The derivation is pure (``bills.legal_timeline``); this module reads its
facts from the database (statuses, signing actions, sessions, the laws that
replace, amend or revoke a bill and what their texts say they change, an
editor's injunction), stores the timeline and the state as of today on
``Bill`` and ``Obligation``, and records a ``legal_state_changed`` event
whenever a state changes. Recomputed:

- on ingest, for the bill and every bill linked to it either way
  (``refresh_around``), and after extraction stores new obligations;
- when an editor sets or clears an injunction (``refresh_bill``);
- daily (``advance_legal_states``): effective dates passing and sessions
  ending are already in the stored timelines, so the daily run only re-reads
  the rows whose next change is due. ``recompute_legal_states`` re-derives all.

``counted_obligations`` is what every answer counts as law on a date.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from django.db import transaction
from django.db.models import Case, CharField, Q, QuerySet, Value, When
from django.utils import timezone

from bills.amendment_scope import (
    FULL,
    REPEAL,
    AmendmentScope,
    LawNames,
    amendment_scope,
    short_titles,
)
from bills.legal_timeline import (
    Amender,
    BillFacts,
    DutyFacts,
    Period,
    bill_changes,
    duty_changes,
    fold,
    next_change,
    state_on,
    windows,
)
from bills.models import Bill, BillAction, ChangeEvent, LegislativeSession, Obligation, RelatedBill
from bills.sessions import pending_ends, session_years
from vocabulary.legal_states import COUNTED, FINAL
from vocabulary.statuses import ENACTED_STATUSES

SIGNING = {"executive-signature", "became-law", "veto-override-passage"}
# Relations read from the earlier bill's side, and from the later bill's side.
LATER_LAW_RELATIONS = ("amended_by", "replaced_by", "revoked_by")
EARLIER_LAW_RELATIONS = ("chapter_amendment_of", "replaces", "revokes")
STATE_FIELDS = (
    "legal_state",
    "legal_state_reason",
    "legal_state_since",
    "legal_state_until",
    "law_from",
    "law_until",
    "in_force_from",
    "pending_from",
    "pending_until",
    "legal_timeline",
)
_SECTION_LABEL = re.compile(
    r"(?:ILCS\s+\d+/)?(?:Section|SECTION|Sec\.?|SEC\.?|§+)?\s*(\d+[A-Za-z]?(?:[-.]\d+[A-Za-z]?)*)"
)
_HEADING = re.compile(
    r"(?m)^[ \t]*(?:\d{1,2}[ \t]+)?(?:Section|SECTION|Sec\.|SEC\.|§+)[ \t]*"
    r"(\d+[A-Za-z]?(?:[-.]\d+[A-Za-z]?)*)\.(?=\s)"
)


def today() -> date:
    return timezone.localdate()


# --- What counts as law on a date ------------------------------------------------------


def counted_q(as_of: date, include_pending: bool = False, prefix: str = "") -> Q:
    """Rows that count as law on ``as_of`` (in force or enacted, not yet effective); pending too if asked."""
    law = Q(**{f"{prefix}law_from__lte": as_of}) & (
        Q(**{f"{prefix}law_until__isnull": True}) | Q(**{f"{prefix}law_until__gt": as_of})
    )
    if include_pending:
        law |= pending_q(as_of, prefix)
    return law


def pending_q(as_of: date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}pending_from__lte": as_of}) & (
        Q(**{f"{prefix}pending_until__isnull": True}) | Q(**{f"{prefix}pending_until__gt": as_of})
    )


def legal_state_q(states: Iterable[str], as_of: date | None = None, prefix: str = "") -> Q:
    """Rows whose legal state is one of ``states``: today's stored one, or the one on ``as_of``.

    On another day the state is read from the stored date ranges; a final
    state (dead, superseded, repealed, enjoined) holds from its start on.
    """
    states = set(states)
    if as_of is None:
        return Q(**{f"{prefix}legal_state__in": sorted(states)})
    q = Q(pk__in=[])
    if "in_force" in states:
        q |= counted_q(as_of, prefix=prefix) & Q(**{f"{prefix}in_force_from__lte": as_of})
    if "enacted_not_effective" in states:
        q |= counted_q(as_of, prefix=prefix) & (
            Q(**{f"{prefix}in_force_from__isnull": True})
            | Q(**{f"{prefix}in_force_from__gt": as_of})
        )
    if "pending" in states:
        q |= pending_q(as_of, prefix)
    final = sorted(states & FINAL)
    if final:
        q |= Q(**{f"{prefix}legal_state__in": final, f"{prefix}legal_state_since__lte": as_of})
    return q


def counted_obligations(as_of: date | None = None, include_pending: bool = False) -> QuerySet:
    """The shown obligations that count as law on ``as_of`` (default today).

    In force and enacted-not-yet-effective; pending ones only with
    ``include_pending``; never dead, superseded, repealed or enjoined ones.
    Annotated with ``state_on_date`` (the legal state on ``as_of``).
    """
    as_of = as_of or today()
    return (
        Obligation.objects.shown()
        .filter(counted_q(as_of, include_pending))
        .annotate(state_on_date=state_on_date(as_of))
    )


def state_on_date(as_of: date, prefix: str = "") -> Case:
    """SQL for the legal state on ``as_of`` of a counted or pending row ("" otherwise)."""
    return Case(
        When(
            counted_q(as_of, prefix=prefix) & Q(**{f"{prefix}in_force_from__lte": as_of}),
            then=Value("in_force"),
        ),
        When(counted_q(as_of, prefix=prefix), then=Value("enacted_not_effective")),
        When(pending_q(as_of, prefix), then=Value("pending")),
        default=Value(""),
        output_field=CharField(),
    )


def period_on(timeline: list[dict], as_of: date) -> Period | None:
    """A stored timeline's period on ``as_of``: the state and its reason on that day."""
    return state_on([Period.from_json(p) for p in timeline], as_of)


# --- Facts from the database ------------------------------------------------------------


def bill_facts(bill: Bill) -> BillFacts:
    actions = list(bill.actions.order_by("order"))
    return BillFacts(
        identifier=bill.identifier,
        kind=bill.kind,
        session=bill.session.identifier,
        status=bill.status,
        status_date=bill.status_date,
        chapter=bill.chapter,
        effective_date=bill.effective_date,
        first_action_date=bill.first_action_date or (actions[0].date if actions else None),
        enacted_on=enactment_date(bill, actions),
        session_end=_session_end(bill),
        withdrawn=bool(actions) and "withdrawal" in (actions[-1].classification or []),
        enjoined_on=bill.enjoined_on,
        enjoined_order=bill.enjoined_order,
        amenders=tuple(later_laws(bill)),
        **_substitute(bill),
    )


def enactment_date(bill: Bill, actions: list[BillAction]) -> date | None:
    """The day it became law: its signing action, else its status date."""
    if bill.status not in ENACTED_STATUSES:
        return None
    for action in actions:
        if SIGNING & set(action.classification or []):
            return action.date
    if bill.status == "effective" and bill.effective_date and bill.status_date:
        return min(bill.status_date, bill.effective_date)
    return bill.status_date


def _session_end(bill: Bill):
    session = bill.session
    next_end = None
    years = session_years(session.identifier)
    if len(years) == 1:
        next_end = (
            LegislativeSession.objects.filter(
                jurisdiction_id=bill.jurisdiction_id, identifier=str(years[0] + 1)
            )
            .values_list("end_date", flat=True)
            .first()
        )
    return pending_ends(bill.jurisdiction.code, session.identifier, session.end_date, next_end)


def _substitute(bill: Bill) -> dict:
    if bill.status != "substituted":
        return {}
    link = (
        bill.related_bills.filter(relation="replaced_by").select_related("related").first()
        or bill.related_bills.filter(relation="companion").select_related("related").first()
    )
    if link is None:
        return {}
    enacted = link.related is not None and link.related.status in ENACTED_STATUSES
    return {"substitute": link.identifier, "substitute_enacted": enacted}


def later_laws(bill: Bill) -> list[Amender]:
    """The enacted laws that replace, amend or revoke ``bill``, with what their texts say they change."""
    found: dict[int, tuple[Bill, str]] = {}
    for link in bill.related_bills.filter(
        relation__in=LATER_LAW_RELATIONS, related__isnull=False
    ).select_related("related"):
        found.setdefault(link.related_id, (link.related, link.relation))
    for link in RelatedBill.objects.filter(
        related=bill, relation__in=EARLIER_LAW_RELATIONS
    ).select_related("bill"):
        found.setdefault(link.bill_id, (link.bill, link.relation))
    if bill.kind == "executive_order":
        for other in revoking_orders(bill):
            found.setdefault(other.pk, (other, "amended_by"))  # its text says what it does
    found.pop(bill.pk, None)
    return [
        _amender(bill, other, relation)
        for other, relation in found.values()
        if other.status in ENACTED_STATUSES
    ]


_ORDER_NUMBER = re.compile(r"\bExecutive\s+Order\s+(?:No\.\s+)?(\d{4,6})\b", re.IGNORECASE)


def _order_number(bill: Bill) -> str:
    match = re.match(r"^EO\s*(\d+)$", bill.identifier)
    return match.group(1) if match else ""


def revoking_orders(bill: Bill) -> QuerySet:
    """Later orders of the same government whose text names this order (they may revoke it).

    Sources rarely link a revocation, but the revoking order always names the
    order it revokes ("Executive Order 14110 … is hereby revoked").
    """
    number = _order_number(bill)
    if not number:
        return Bill.objects.none()
    later = Bill.objects.filter(
        jurisdiction_id=bill.jurisdiction_id,
        kind="executive_order",
        status__in=sorted(ENACTED_STATUSES),
        versions__text__contains=number,
    )
    if bill.status_date:
        later = later.filter(status_date__gte=bill.status_date)
    return later.exclude(pk=bill.pk).distinct()


def orders_named_in(bill: Bill) -> set[int]:
    """The stored orders an executive order's text names (the ones it may revoke)."""
    if bill.kind != "executive_order":
        return set()
    numbers = set(_ORDER_NUMBER.findall(latest_text(bill)))
    if not numbers:
        return set()
    identifiers = [f"EO {n}" for n in numbers]
    return set(
        Bill.objects.filter(
            jurisdiction_id=bill.jurisdiction_id, identifier__in=identifiers
        ).values_list("pk", flat=True)
    )


def _amender(bill: Bill, other: Bill, relation: str) -> Amender:
    if relation in ("replaced_by", "replaces"):
        scope = AmendmentScope(FULL)
    elif relation in ("revoked_by", "revokes"):
        scope = AmendmentScope(REPEAL)
    else:
        scope = amendment_scope(latest_text(other), law_names(bill))
    chapter = other.chapter
    if chapter.startswith("Chapter"):
        chapter = "c" + chapter[1:]
    label = f"{other.identifier}, {chapter}" if chapter else other.identifier
    return Amender(
        identifier=other.identifier,
        label=label,
        relation=relation,
        scope=scope,
        enacted_on=enactment_date(other, list(other.actions.order_by("order"))),
        effective_on=other.effective_date,
    )


def law_names(bill: Bill) -> LawNames:
    """The names a later law may call this one by: its popular name and its own short titles."""
    names = tuple(
        dict.fromkeys(n for n in (bill.popular_name, *short_titles(latest_text(bill))) if n)
    )
    return LawNames(bill.identifier, bill.chapter, names)


def latest_text(bill: Bill) -> str:
    version = bill.versions.exclude(text="").order_by("-date", "-order", "-pk").only("text").first()
    return version.text if version else ""


# --- Obligations: their section and their own dates -----------------------------------------


def section_number(label: str) -> str:
    """ "Section 18(a)" → "18"; "§ 1421" → "1421"; "430 ILCS 185/18" → "18"; "" when none."""
    match = _SECTION_LABEL.search(label or "")
    return match.group(1) if match else ""


def section_headings(text: str) -> list[tuple[int, str]]:
    """(offset, number) of each section heading in a text, in order."""
    return [(m.start(), m.group(1)) for m in _HEADING.finditer(text)]


def section_at(headings: list[tuple[int, str]], offset: int) -> str:
    number = ""
    for start, found in headings:
        if start > offset:
            break
        number = found
    return number


def duty_facts(ob: Obligation, bill: BillFacts, headings: list[tuple[int, str]]) -> DutyFacts:
    section = section_number(ob.section) or section_at(headings, ob.start)
    own = _iso(ob.attributes.get("effective_date"))
    base = bill.in_force_on
    # A duty's own start date counts when it is later than the law's (a duty starting in
    # 2028 under a law in force from 2027); an earlier one is a date the text mentions.
    if own and base and own > base:
        return DutyFacts(section, own, f"Section {section} applies from {own}" if section else "")
    return DutyFacts(section)


def _iso(value) -> date | None:
    try:
        return date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


# --- Storing --------------------------------------------------------------------------------


def _assign(row, periods: list[Period], on: date) -> bool:
    """Write the timeline and the state on ``on`` to ``row``; True if anything changed."""
    current = state_on(periods, on)
    values = {
        "legal_state": current.state if current else "pending",
        "legal_state_reason": current.reason if current else "not yet introduced",
        "legal_state_since": current.start if current else None,
        "legal_state_until": next_change(periods, on),
        "legal_timeline": [p.to_json() for p in periods],
        **windows(periods),
    }
    changed = any(getattr(row, name) != value for name, value in values.items())
    for name, value in values.items():
        setattr(row, name, value)
    return changed


def refresh_bill(bill: Bill, on: date | None = None, run=None) -> bool:
    """Re-derive the legal state of a bill and its obligations; True if any state changed."""
    on = on or today()
    bill = Bill.objects.select_related("jurisdiction", "session").get(pk=bill.pk)
    facts = bill_facts(bill)
    changes = bill_changes(facts)
    before = _snapshot(bill)
    if _assign(bill, fold(changes), on):
        bill.save(update_fields=[*STATE_FIELDS, "updated_at"])
    moved = _refresh_obligations(bill, facts, changes, on)
    return _record(bill, before, moved, run)


def _refresh_obligations(bill: Bill, facts: BillFacts, changes, on: date) -> list[dict]:
    headings: dict[int, list] = {}
    dirty, moved = [], []
    for ob in bill.obligations.select_related("version").order_by("pk"):
        if ob.version_id not in headings:
            headings[ob.version_id] = section_headings(ob.version.text)
        before = _snapshot(ob)
        duty = duty_facts(ob, facts, headings[ob.version_id])
        if _assign(ob, fold(duty_changes(facts, changes, duty)), on):
            dirty.append(ob)
            if before["timeline"] and before["state"] != ob.legal_state:
                moved.append(_obligation_move(ob, before))
    Obligation.objects.bulk_update(dirty, list(STATE_FIELDS), batch_size=500)
    return moved


def _snapshot(row) -> dict:
    return {
        "state": row.legal_state,
        "reason": row.legal_state_reason,
        "timeline": bool(row.legal_timeline),
    }


def _obligation_move(ob: Obligation, before: dict) -> dict:
    return {
        "id": ob.pk,
        "category": ob.category,
        "section": ob.section,
        "from": before["state"],
        "to": ob.legal_state,
        "reason": ob.legal_state_reason,
    }


def _record(bill: Bill, before: dict, moved: list[dict], run=None) -> bool:
    """One ``legal_state_changed`` event for the bill's change and its obligations' (first derivations excepted)."""
    bill_moved = before["timeline"] and before["state"] != bill.legal_state
    if not bill_moved and not moved:
        return False
    ChangeEvent.objects.create(
        bill=bill,
        kind="legal_state_changed",
        run=run,
        details={
            "from": before["state"],
            "to": bill.legal_state,
            "reason": bill.legal_state_reason,
            "from_reason": before["reason"],
            "since": bill.legal_state_since.isoformat() if bill.legal_state_since else None,
            "bill_changed": bool(bill_moved),
            "obligations": moved[:200],
        },
    )
    return True


def related_bill_ids(bill: Bill) -> set[int]:
    """The bill and every bill linked to it either way (their states may depend on each other)."""
    ids = {bill.pk}
    ids |= set(bill.related_bills.exclude(related=None).values_list("related_id", flat=True))
    ids |= set(RelatedBill.objects.filter(related=bill).values_list("bill_id", flat=True))
    return ids | orders_named_in(bill)


def refresh_around(bill: Bill, on: date | None = None, run=None) -> None:
    """After ingest: the bill and the bills linked to it, whose states may hang on it."""
    for pk in sorted(related_bill_ids(bill)):
        refresh_bill(Bill(pk=pk), on, run)


def recompute_legal_states(bill_ids: Iterable[int] | None = None, on: date | None = None) -> int:
    """Re-derive every bill (or those named) and its obligations; returns how many states changed."""
    ids = list(bill_ids) if bill_ids is not None else Bill.objects.values_list("pk", flat=True)
    changed = 0
    for pk in ids:
        with transaction.atomic():
            changed += refresh_bill(Bill(pk=pk), on)
    return changed


def advance_legal_states(on: date | None = None) -> int:
    """The daily step: rows whose next dated change is due take the state their timeline gives."""
    on = on or today()
    due_bills = set(Bill.objects.filter(legal_state_until__lte=on).values_list("pk", flat=True))
    due_bills |= set(
        Obligation.objects.filter(legal_state_until__lte=on).values_list("bill_id", flat=True)
    )
    changed = 0
    for pk in sorted(due_bills):
        with transaction.atomic():
            changed += _advance_bill(pk, on)
    return changed


def _advance_bill(pk: int, on: date) -> bool:
    bill = Bill.objects.select_for_update().get(pk=pk)
    before = _snapshot(bill)
    periods = [Period.from_json(p) for p in bill.legal_timeline]
    if _assign(bill, periods, on):
        bill.save(update_fields=[*STATE_FIELDS, "updated_at"])
    dirty, moved = [], []
    for ob in Obligation.objects.filter(bill_id=pk, legal_state_until__lte=on):
        was = _snapshot(ob)
        if _assign(ob, [Period.from_json(p) for p in ob.legal_timeline], on):
            dirty.append(ob)
            if was["state"] != ob.legal_state:
                moved.append(_obligation_move(ob, was))
    Obligation.objects.bulk_update(dirty, list(STATE_FIELDS), batch_size=500)
    return _record(bill, before, moved)


def upcoming_changes(as_of: date, bills: QuerySet | None = None, limit: int = 20) -> list[dict]:
    """Changes of law after ``as_of``: laws and duties taking effect, laws ending, in date order.

    ``bills`` narrows the bills looked at (a page's jurisdiction or selection).
    Duties whose own date differs from their law's are listed on their own.
    """
    bills = Bill.objects.all() if bills is None else bills
    soon = (Q(in_force_from__gt=as_of) | Q(law_until__gt=as_of, law_from__isnull=False)) | Q(
        law_from__gt=as_of
    )
    found: list[dict] = []
    for bill in bills.filter(soon).select_related("jurisdiction").order_by("pk")[:500]:
        found += _upcoming(bill.legal_timeline, as_of, bill, None)
    duties = (
        Obligation.objects.shown()
        .filter(bill__in=bills.values("pk"), in_force_from__gt=as_of)
        .exclude(in_force_from=_bill_in_force())
        .select_related("bill", "bill__jurisdiction")
        .order_by("in_force_from", "pk")[:200]
    )
    grouped: dict[tuple, list[Obligation]] = defaultdict(list)
    for ob in duties:
        grouped[(ob.bill_id, ob.in_force_from)].append(ob)
    for (_, when), obs in grouped.items():
        bill = obs[0].bill
        sections = sorted({ob.section for ob in obs if ob.section})
        found.append(_change_row(bill, when, "in_force", obs[0].legal_timeline, sections, len(obs)))
    found.sort(key=lambda c: (c["date"], c["jurisdiction"], c["bill"]))
    return found[:limit]


def _bill_in_force():
    from django.db.models import F

    return F("bill__in_force_from")


def _upcoming(timeline: list[dict], as_of: date, bill: Bill, sections) -> list[dict]:
    rows = []
    for period in timeline:
        start = period.get("from")
        if not start or date.fromisoformat(start) <= as_of:
            continue
        if period["state"] in COUNTED or period["state"] in ("superseded", "repealed", "enjoined"):
            rows.append(_change_row(bill, date.fromisoformat(start), period["state"], [period]))
    return rows


def _change_row(bill: Bill, when: date, state: str, periods, sections=(), duties=0) -> dict:
    reason = next((p["reason"] for p in periods if p.get("state") == state), "")
    return {
        "date": when,
        "bill_id": bill.pk,
        "bill": bill.identifier,
        "jurisdiction": bill.jurisdiction.code,
        "name": bill.popular_name or bill.title[:120],
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
