"""The law in force: each bill's and obligation's legal state, stored and kept current.

The derivation is pure (``bills.legal_timeline``) over facts read from the
database (``bills.legal_facts``: statuses, signing actions, sessions, the
laws that replace, amend or revoke a bill and what their texts say they
change, section dates, an editor's injunction). This module stores the
timeline and the state as of today on ``Bill`` and ``Obligation``, records a
``legal_state_changed`` event whenever a state changes (details: from, to,
reason, and the obligations that moved), and answers "what counts as law on
a date" with indexed range queries. Recomputed:

- on ingest, for the bill and every bill linked to it either way
  (``refresh_around``), and after extraction stores new obligations;
- when an editor sets or clears an injunction (``refresh_bill``);
- daily (``advance_legal_states``): effective dates passing and sessions
  ending are already in the stored timelines, so the daily run only re-reads
  the rows whose next change is due. ``recompute_legal_states`` re-derives all.

``counted_obligations`` is what every answer counts as law on a date.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from django.db import connection, transaction
from django.db.models import Case, CharField, Q, QuerySet, Value, When
from django.utils import timezone

from bills.law_changes import amendment_chain, upcoming_changes
from bills.legal_facts import TextLayout, bill_facts, duty_facts, orders_named_in
from bills.legal_timeline import (
    BillFacts,
    Period,
    bill_changes,
    duty_changes,
    fold,
    next_change,
    state_on,
    windows,
)
from bills.models import Bill, BillVersion, ChangeEvent, Obligation, RelatedBill
from vocabulary.legal_states import FINAL

__all__ = [  # what other modules use; ``counted_obligations`` is the one others build on
    "advance_legal_states",
    "assign_state",
    "amendment_chain",
    "counted_obligations",
    "counted_q",
    "derive_new_duties",
    "legal_state_q",
    "pending_q",
    "period_on",
    "recompute_legal_states",
    "refresh_around",
    "refresh_bill",
    "state_on_date",
    "today",
    "upcoming_changes",
]

BATCH = 200  # bills recomputed per transaction in the bulk steps
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


# --- Storing --------------------------------------------------------------------------------


def assign_state(row, periods: list[Period], on: date) -> bool:
    """Write the timeline and the state on ``on`` to ``row`` (a bill or obligation, not saved);
    True if anything changed. Used by one-bill refresh and by batch ingest alike."""
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
    if assign_state(bill, fold(changes), on):
        bill.save(update_fields=[*STATE_FIELDS, "updated_at"])
    moved = _refresh_obligations(bill, facts, changes, on)
    return _record(bill, before, moved, run)


def derive_new_duties(bill: Bill, duties: list[Obligation], layout: TextLayout) -> None:
    """The legal states of a version's duties before they are stored (``assign_state``).

    A duty's state follows from its bill's facts and its own text's layout, which
    storing the duties does not change: an extraction inserts its rows with their
    states rather than inserting, reading back and updating them (each write fires the
    matrix totals' trigger), and leaves the bill's other duties, its earlier prints',
    as they are. The bill's own state does not depend on its duties either.
    """
    on = today()
    bill = Bill.objects.select_related("jurisdiction", "session").get(pk=bill.pk)
    facts = bill_facts(bill)
    changes = bill_changes(facts)
    for ob in duties:
        assign_state(
            ob, fold(duty_changes(facts, changes, duty_facts(ob, bill, facts, layout))), on
        )


def _refresh_obligations(bill: Bill, facts: BillFacts, changes, on: date) -> list[dict]:
    dirty, moved = [], []
    obligations = list(bill.obligations.order_by("pk"))
    used = {ob.version_id for ob in obligations}  # one read and parse per text, not per duty
    digests = BillVersion.objects.filter(pk__in=sorted(used)).values_list("pk", "sha256")
    layouts = TextLayout.of_versions(dict(digests)) if used else {}
    for ob in obligations:
        before = _snapshot(ob)
        duty = duty_facts(ob, bill, facts, layouts[ob.version_id])
        if assign_state(ob, fold(duty_changes(facts, changes, duty)), on):
            dirty.append(ob)
            if before["timeline"] and before["state"] != ob.legal_state:
                moved.append(_obligation_move(ob, before))
    write_states(dirty)
    return moved


def write_states(obligations: list[Obligation]) -> None:
    """Store the state fields of these obligations: one UPDATE per distinct set of values,
    or on PostgreSQL one UPDATE from arrays when the sets are several.

    A law's duties mostly share one timeline, so this is one or a few UPDATEs
    per bill where ``bulk_update`` would build a CASE per field per row. Duties
    whose sections take effect on their own dates differ: an extraction's
    re-derivation wrote them in 10-20 statements (each firing the totals' trigger).
    """
    groups: dict[str, list[int]] = defaultdict(list)
    values: dict[str, dict] = {}
    for ob in obligations:
        fields = {name: getattr(ob, name) for name in STATE_FIELDS}
        key = json.dumps(fields, sort_keys=True, default=str)
        groups[key].append(ob.pk)
        values[key] = fields
    if len(groups) > 1 and connection.vendor == "postgresql":
        _write_states_from_arrays(obligations)
        return
    for key, pks in groups.items():
        Obligation.objects.filter(pk__in=pks).update(**values[key])


def _write_states_from_arrays(obligations: list[Obligation]) -> None:
    fields = [Obligation._meta.get_field(name) for name in STATE_FIELDS]
    arrays = [[ob.pk for ob in obligations]] + [
        [field.get_db_prep_value(getattr(ob, field.attname), connection) for ob in obligations]
        for field in fields
    ]
    casts = ["bigint[]"] + [f"{field.db_type(connection)}[]" for field in fields]
    columns = ["id"] + [field.column for field in fields]
    sql = (
        "UPDATE bills_obligation o SET "
        + ", ".join(f"{column} = v.{column}" for column in columns[1:])
        + " FROM unnest(" + ", ".join(f"%s::{cast}" for cast in casts) + ") AS v("
        + ", ".join(columns) + ") WHERE o.id = v.id"
    )  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute(sql, arrays)


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
    ids = list(bill_ids if bill_ids is not None else Bill.objects.values_list("pk", flat=True))
    changed = 0
    for start in range(0, len(ids), BATCH):  # one commit per batch, not per bill
        with transaction.atomic():
            changed += sum(refresh_bill(Bill(pk=pk), on) for pk in ids[start : start + BATCH])
    return changed


def advance_legal_states(on: date | None = None) -> int:
    """The daily step: rows whose next dated change is due take the state their timeline gives."""
    on = on or today()
    due_bills = set(Bill.objects.filter(legal_state_until__lte=on).values_list("pk", flat=True))
    due_bills |= set(
        Obligation.objects.filter(legal_state_until__lte=on).values_list("bill_id", flat=True)
    )
    due = sorted(due_bills)
    changed = 0
    for start in range(0, len(due), BATCH):
        with transaction.atomic():
            changed += sum(_advance_bill(pk, on) for pk in due[start : start + BATCH])
    from bills import totals  # the matrix's totals move to the new day even when nothing changed

    totals.flush()
    return changed


def _advance_bill(pk: int, on: date) -> bool:
    bill = Bill.objects.select_for_update().get(pk=pk)
    before = _snapshot(bill)
    periods = [Period.from_json(p) for p in bill.legal_timeline]
    if assign_state(bill, periods, on):
        bill.save(update_fields=[*STATE_FIELDS, "updated_at"])
    dirty, moved = [], []
    for ob in Obligation.objects.filter(bill_id=pk, legal_state_until__lte=on):
        was = _snapshot(ob)
        if assign_state(ob, [Period.from_json(p) for p in ob.legal_timeline], on):
            dirty.append(ob)
            if was["state"] != ob.legal_state:
                moved.append(_obligation_move(ob, was))
    write_states(dirty)
    return _record(bill, before, moved)
