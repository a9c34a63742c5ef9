"""A bill's or a duty's legal history as dated periods, derived from plain facts (no database).

``bill_changes`` turns what is known about a bill (status and its date, the
date it was signed, its effective date, when its session ends, the laws that
replaced, amended or revoked it, an injunction) into dated changes of legal
state; ``duty_changes`` adjusts them for one obligation (its own or its
section's effective date, a later law that rewrote or repealed its section);
``fold`` orders them into periods, never leaving a final state (dead,
superseded, repealed, enjoined) and never going back from law to pending.
``state_on`` reads a period for any date, so "what applied on 2026-06-30"
and "what will apply on 2027-01-01" are the same question.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from bills.amendment_scope import FULL, PARTIAL, REPEAL, AmendmentScope
from bills.sessions import EXECUTIVE_ACTION_GRACE, SessionEnd
from vocabulary.legal_states import COUNTED, FINAL
from vocabulary.statuses import ENACTED_STATUSES, PENDING_STATUSES

# Changes on the same day apply in this order: signed, then effective, then ended.
_RANK = {"pending": 0, "enacted_not_effective": 1, "in_force": 2}
_NEVER_PENDING = {"executive_order", "policy_document", "regulation"}
EARLIEST = date.min  # stands for "since an unknown date" in the stored date columns


@dataclass(frozen=True)
class Change:
    on: date | None
    state: str
    reason: str


@dataclass(frozen=True)
class Period:
    start: date | None
    state: str
    reason: str

    def to_json(self) -> dict:
        return {
            "from": self.start.isoformat() if self.start else None,
            "state": self.state,
            "reason": self.reason,
        }

    @classmethod
    def from_json(cls, data: dict) -> Period:
        start = data.get("from")
        return cls(date.fromisoformat(start) if start else None, data["state"], data["reason"])


@dataclass(frozen=True)
class Amender:
    """A later enacted law that replaces, amends or revokes this one."""

    identifier: str
    label: str  # "S 8828, chapter 96 of 2026"
    relation: str
    scope: AmendmentScope
    enacted_on: date | None
    effective_on: date | None


@dataclass(frozen=True)
class BillFacts:
    identifier: str
    kind: str
    session: str
    status: str
    status_date: date | None
    chapter: str = ""
    effective_date: date | None = None
    first_action_date: date | None = None
    enacted_on: date | None = None
    session_end: SessionEnd | None = None
    withdrawn: bool = False
    substitute: str = ""  # the companion substituted for it
    substitute_enacted: bool = False
    enjoined_on: date | None = None
    enjoined_order: str = ""
    amenders: tuple[Amender, ...] = ()

    @property
    def in_force_on(self) -> date | None:
        """The bill's effective date, never before it was signed; the signing date when none is known."""
        if self.effective_date and self.enacted_on:
            return max(self.effective_date, self.enacted_on)
        return self.effective_date or self.enacted_on


@dataclass(frozen=True)
class DutyFacts:
    section: str  # normalised section number ("18", "1421"), "" when unknown
    effective_on: date | None = None  # its own or its section's effective date, if it differs
    effective_why: str = ""
    expires_on: date | None = None  # its section expires (a sunset)
    expires_why: str = ""


def bill_changes(facts: BillFacts) -> list[Change]:
    """Every dated change of legal state the facts imply (``fold`` orders and prunes them)."""
    changes = _pending(facts)
    if facts.status in ENACTED_STATUSES:
        changes += _enacted(facts, facts.in_force_on, "")
        changes += _ended_by_later_laws(facts, facts.in_force_on, whole=True)
    else:
        changes += _not_enacted(facts)
    if facts.enjoined_on:
        order = f": {facts.enjoined_order}" if facts.enjoined_order else ""
        changes.append(
            Change(
                facts.enjoined_on, "enjoined", f"enjoined by court order {facts.enjoined_on}{order}"
            )
        )
    return changes


def duty_changes(facts: BillFacts, bill: list[Change], duty: DutyFacts) -> list[Change]:
    """The bill's changes for one duty: its own effective date, and later laws that rewrote its section."""
    if facts.status not in ENACTED_STATUSES:
        return bill
    changes = bill
    effective = facts.in_force_on
    if duty.effective_on and duty.effective_on != effective:
        effective = max(duty.effective_on, facts.enacted_on or duty.effective_on)
        why = duty.effective_why or "its own effective date"
        kept = [c for c in bill if c.state not in ("enacted_not_effective", "in_force")]
        changes = kept + _enacted(facts, effective, why)
    if duty.expires_on:
        changes = changes + [Change(duty.expires_on, "repealed", f"expired: {duty.expires_why}")]
    return changes + _ended_by_later_laws(facts, effective, whole=False, section=duty.section)


def _pending(facts: BillFacts) -> list[Change]:
    if facts.kind in _NEVER_PENDING and facts.status not in PENDING_STATUSES:
        return []
    where = f"in the {facts.session} session" if facts.session else "in its legislature"
    since = f"introduced {facts.first_action_date}; " if facts.first_action_date else ""
    return [Change(facts.first_action_date, "pending", f"{since}pending {where}")]


def _enacted(facts: BillFacts, effective: date | None, why: str) -> list[Change]:
    signed = facts.enacted_on
    as_law = _signed_words(facts)
    why = f" ({why})" if why else ""
    if effective and signed and effective > signed:
        return [
            Change(signed, "enacted_not_effective", f"{as_law}; takes effect {effective}{why}"),
            Change(effective, "in_force", f"in force since {effective}{why}; {as_law}"),
        ]
    when = effective or signed
    note = (
        ""
        if facts.effective_date or facts.kind in _NEVER_PENDING
        else " (no later effective date recorded)"
    )
    return [Change(when, "in_force", f"in force since {when}{why}{note}; {as_law}")]


def _signed_words(facts: BillFacts) -> str:
    if facts.kind == "policy_document":
        return f"published {facts.enacted_on}"
    verb = "signed" if facts.kind == "executive_order" else "enacted"
    chapter = facts.chapter
    if chapter.startswith("Chapter"):
        chapter = "c" + chapter[1:]
    chapter = f" as {chapter}" if chapter else ""
    return f"{verb} {facts.enacted_on}{chapter}"


def _not_enacted(facts: BillFacts) -> list[Change]:
    when = facts.status_date
    if facts.status == "vetoed":
        return [Change(when, "dead", f"vetoed {when}")]
    if facts.status == "failed":
        return [Change(when, "dead", f"{'withdrawn' if facts.withdrawn else 'failed'} {when}")]
    if facts.status == "substituted":
        if facts.substitute and facts.substitute_enacted:
            reason = f"substituted by {facts.substitute} {when}, which passed instead"
            return [Change(when, "superseded", reason)]
        other = f" by {facts.substitute}" if facts.substitute else ""
        return [Change(when, "dead", f"substituted{other} {when}")]
    if facts.status in PENDING_STATUSES and facts.session_end:
        end = facts.session_end
        if facts.status == "passed_legislature":
            day = end.last_day + EXECUTIVE_ACTION_GRACE
            reason = f"passed the legislature, but no signature or veto recorded within a year ({end.reason})"
        else:
            day = end.last_day + timedelta(days=1)
            reason = f"died without enactment: {end.reason}"
        return [Change(day, "dead", reason)]
    return []


def replaced_on(enacted: date | None, effective: date | None, amender: Amender) -> date | None:
    """When a later law's text takes this text's place.

    A text that the later law replaces before it ever takes effect never
    applies: it stops counting when both are law. Otherwise it applies until
    the later law takes effect.
    """
    if amender.enacted_on is None:
        return None
    start = max(d for d in (enacted, amender.enacted_on) if d)
    if amender.effective_on and effective and amender.effective_on > effective:
        return max(start, amender.effective_on)
    return start


def _ended_by_later_laws(
    facts: BillFacts, effective: date | None, whole: bool, section: str = ""
) -> list[Change]:
    changes = []
    for amender in facts.amenders:
        when = replaced_on(facts.enacted_on, effective, amender)
        if when is None:
            continue
        scope = amender.scope
        if whole and scope.kind == FULL:
            verb = "replaced" if amender.relation in ("replaced_by", "replaces") else "superseded"
            changes.append(Change(when, "superseded", f"{verb} by {amender.label}"))
        elif whole and scope.kind == REPEAL:
            verb = "revoked" if facts.kind == "executive_order" else "repealed"
            changes.append(Change(when, "repealed", f"{verb} by {amender.label}"))
        elif not whole and scope.kind == PARTIAL and section:
            if section in scope.changed:
                reason = f"Section {section} superseded by {amender.label}, which rewrote it"
                changes.append(Change(when, "superseded", reason))
            elif section in scope.repealed:
                changes.append(
                    Change(when, "repealed", f"Section {section} repealed by {amender.label}")
                )
    return changes


def fold(changes: list[Change]) -> list[Period]:
    """Changes in date order as periods: a final state ends the history, law never becomes pending."""
    ordered = sorted(changes, key=lambda c: (c.on or EARLIEST, _RANK.get(c.state, 3)))
    periods: list[Period] = []
    for change in ordered:
        current = periods[-1].state if periods else None
        if current in FINAL:
            break
        if change.state == current or _backwards(current, change.state):
            continue
        periods.append(Period(change.on, change.state, change.reason))
    return periods


def _backwards(current: str | None, new: str) -> bool:
    if current in COUNTED and new in ("pending", "dead"):
        return True  # a session ending does not kill a law
    return current == "in_force" and new == "enacted_not_effective"


def state_on(periods: list[Period], as_of: date) -> Period | None:
    """The period holding ``as_of`` (None before the first: not yet introduced or issued)."""
    found = None
    for period in periods:
        if (period.start or EARLIEST) <= as_of:
            found = period
        else:
            break
    return found


def next_change(periods: list[Period], as_of: date) -> date | None:
    for period in periods:
        if (period.start or EARLIEST) > as_of:
            return period.start
    return None


def windows(periods: list[Period]) -> dict[str, date | None]:
    """The date ranges stored beside the timeline: law from/until, in force from, pending from/until."""
    found: dict[str, date | None] = dict.fromkeys(
        ("law_from", "law_until", "in_force_from", "pending_from", "pending_until")
    )
    law_open = pending_open = False
    for period in periods:
        start = period.start or EARLIEST
        counted = period.state in COUNTED
        if counted and found["law_from"] is None:
            found["law_from"], law_open = start, True
        elif law_open and not counted:
            found["law_until"], law_open = start, False
        if period.state == "in_force" and found["in_force_from"] is None:
            found["in_force_from"] = start
        if period.state == "pending" and found["pending_from"] is None:
            found["pending_from"], pending_open = start, True
        elif pending_open and period.state != "pending":
            found["pending_until"], pending_open = start, False
    return found
