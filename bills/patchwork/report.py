"""The patchwork report for a profile: every duty state by state, the one program, what stays apart.

One query fetches every counted obligation of the profile's states (law and
pending bills together, each with its legal state); the law layer and the
"with pending bills" layer are both cut from it, so their totals always come
from the same data. Matching a profile to a duty (roles, sectors, thresholds)
is ``bills.applicability``'s; strictness is ``bills.compare``'s.

Totals count state×category duties: ``state_duties`` is the sum over states
of the categories each imposes; ``program_duties`` the categories the one
program unifies; ``covered`` the state duties it satisfies, so
``state_duties == covered + conflicted``; ``state_specific`` counts what
cannot be unified (own-office reports, state-only filings and conflicts, so
``conflicts`` is part of it).
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q

from bills.applicability import Profile, evaluate_thresholds
from bills.formatting import attribute_labels
from bills.legal_state import upcoming_changes
from bills.matrix import FEDERAL_OVERLAY_CATEGORIES, cached, data_version
from bills.models import Bill, BillVersion, Jurisdiction
from bills.vocabulary.taxonomy import CATEGORIES, ENFORCEMENT_CATEGORIES

from . import federal as fed
from .program import ProgramChoice, Value, distance, one_program, state_values
from .selection import LAW_STATES, LEGAL_STATE_LABELS, counted
from .specific import Conflict, Specific, find_conflicts, own_office, state_filings

_STATE_ORDER = {"in_force": 0, "enacted_not_effective": 1, "pending": 2}
_FIELDS = (
    "id",
    "bill_id",
    "bill__identifier",
    "bill__popular_name",
    "bill__title",
    "bill__status_date",
    "bill__effective_date",
    "jurisdiction__code",
    "category",
    "actor",
    "section",
    "text",
    "attributes",
    "compute_threshold_flop",
    "revenue_threshold_usd",
    "state_on_date",
    "version_id",
    "start",
)


@dataclass
class StateCell:
    jurisdiction: str
    name: str
    legal_state: str  # the firmest of its duties': in_force, enacted_not_effective, pending
    duties: list[dict]
    values: dict[str, Value]
    distance: float = 0.0
    conflict: bool = False

    @property
    def legal_state_label(self) -> str:
        return LEGAL_STATE_LABELS.get(self.legal_state, self.legal_state)


@dataclass
class CategoryPatchwork:
    code: str
    label: str
    group: str
    states: list[StateCell]
    program: list[ProgramChoice]
    specific: list[Specific]
    conflicts: list[Conflict]
    covered: list[str]  # states whose duty the one program satisfies


@dataclass
class Totals:
    states: int = 0
    obligations: int = 0
    state_duties: int = 0
    program_duties: int = 0
    covered: int = 0
    state_specific: int = 0
    conflicts: int = 0


@dataclass
class Layer:
    categories: list[CategoryPatchwork]
    totals: Totals


@dataclass
class Patchwork:
    profile: Profile
    as_of: date
    include_pending: bool
    states: list[dict]  # code, name: the states asked about
    categories: list[CategoryPatchwork]  # the layer asked for (law, or law with pending bills)
    totals: dict[str, Totals]  # "law" and "with_pending"
    federal: fed.FederalOverlay
    upcoming: list[dict] = field(default_factory=list)  # changes of law after as_of in these states


def build_patchwork(profile: Profile, as_of: date) -> Patchwork:
    """The report for ``profile`` on ``as_of``; ``profile.include_pending`` picks the layer shown."""
    places = _places(profile)
    codes = [p["code"] for p in places]
    rows = _rows(profile, codes, as_of)
    duties, penalties = _duties(rows, profile)
    law_duties = [d for d in duties if d["legal_state"] in LAW_STATES]
    law = _layer(law_duties, penalties, places)
    # With no pending duty the two layers are the same: build it once.
    with_pending = law if len(law_duties) == len(duties) else _layer(duties, penalties, places)
    shown = with_pending if profile.include_pending else law
    return Patchwork(
        profile=profile,
        as_of=as_of,
        include_pending=profile.include_pending,
        states=places,
        categories=shown.categories,
        totals={"law": law.totals, "with_pending": with_pending.totals},
        federal=_federal(profile, as_of, shown.categories, duties),
        upcoming=upcoming_changes(as_of, Bill.objects.filter(jurisdiction__code__in=codes)),
    )


def cached_patchwork(profile: Profile, as_of: date) -> Patchwork:
    """``build_patchwork`` through the cache, keyed by the profile, the date and the data's version."""
    digest = hashlib.sha1(f"{data_version()}|{profile!r}|{as_of}".encode()).hexdigest()
    return cached(f"patchwork:v1:{digest}", lambda: build_patchwork(profile, as_of))


def _places(profile: Profile) -> list[dict]:
    qs = Jurisdiction.objects.exclude(kind="federal").order_by("code")
    if profile.states:
        qs = qs.filter(code__in=profile.states)
    return list(qs.values("code", "name"))


def _rows(profile: Profile, codes: list[str], as_of: date) -> list[dict]:
    duty = Q(actor__in=sorted(profile.actors())) | Q(category__in=sorted(ENFORCEMENT_CATEGORIES))
    return list(
        counted(as_of, include_pending=True)
        .filter(duty, jurisdiction__code__in=codes)
        .values(*_FIELDS)
        .order_by("jurisdiction__code", "bill__identifier", "start", "id")
    )


def _duties(rows: list[dict], profile: Profile) -> tuple[list[dict], dict[int, dict]]:
    """The profile's duties (thresholds checked) and each law's penalties from its enforcement terms."""
    penalties: dict[int, dict] = defaultdict(dict)
    duties = []
    for row in rows:
        if row["category"] in ENFORCEMENT_CATEGORIES:
            for name in ("penalty_max_usd", "penalty_repeat_max_usd"):
                amount = row["attributes"].get(name)
                if isinstance(amount, int | float):
                    penalties[row["bill_id"]][name] = max(
                        penalties[row["bill_id"]].get(name, 0), amount
                    )
            continue
        outcome, reasons = evaluate_thresholds(row, profile)
        if outcome is not None:
            duties.append(_duty(row, outcome, reasons))
    return duties, penalties


def _duty(row: dict, outcome: str, reasons: list[str]) -> dict:
    return {
        "obligation_id": row["id"],
        "bill_id": row["bill_id"],
        "bill": row["bill__identifier"],
        "bill_name": row["bill__popular_name"] or row["bill__title"][:160],
        "bill_date": row["bill__status_date"],
        "bill_effective": row["bill__effective_date"],
        "jurisdiction": row["jurisdiction__code"],
        "category": row["category"],
        "actor": row["actor"],
        "section": row["section"],
        "text": row["text"][:600],
        "attributes": row["attributes"],
        "labels": attribute_labels(row["attributes"]),
        "legal_state": row["state_on_date"],
        "outcome": outcome,
        "reasons": reasons,
    }


def _with_law_penalty(duty: dict, penalties: dict[int, dict]) -> dict:
    """The duty with its law's penalty filled in where the duty states none (the exposure)."""
    own = duty["attributes"]
    law = {k: v for k, v in penalties.get(duty["bill_id"], {}).items() if own.get(k) is None}
    return duty | {"attributes": own | law} if law else duty


def _layer(duties: list[dict], penalties: dict[int, dict], places: list[dict]) -> Layer:
    names = {p["code"]: p["name"] for p in places}
    by_category: dict[str, dict[str, list[dict]]] = defaultdict(lambda: defaultdict(list))
    by_state: dict[str, list[dict]] = defaultdict(list)
    for duty in duties:
        by_state[duty["jurisdiction"]].append(duty)
        by_category[duty["category"]][duty["jurisdiction"]].append(duty)
    conflicts = defaultdict(list)
    for conflict in find_conflicts(by_category, by_state):
        conflicts[conflict.category].append(conflict)
    categories = [
        _category(term, by_category[term.code], penalties, names, conflicts.get(term.code, []))
        for term in CATEGORIES
        if by_category.get(term.code)
    ]
    return Layer(categories, _totals(categories, duties))


def _category(term, by_state, penalties, names, conflicts) -> CategoryPatchwork:
    cells = {
        state: StateCell(
            jurisdiction=state,
            name=names.get(state, state),
            legal_state=min((d["legal_state"] for d in duties), key=_STATE_ORDER.get),
            duties=duties,
            values=state_values([_with_law_penalty(d, penalties) for d in duties]),
        )
        for state, duties in sorted(by_state.items())
    }
    in_conflict = {r["jurisdiction"] for c in conflicts for r in c.requiring}
    program = one_program({s: c.values for s, c in cells.items() if s not in in_conflict})
    for state, cell in cells.items():
        cell.conflict = state in in_conflict
        cell.distance = distance(cell.values, program)
    specific = [
        found
        for state, cell in cells.items()
        for duty in cell.duties
        for found in [own_office(term.code, state, duty), *state_filings(term.code, state, duty)]
        if found is not None
    ]
    return CategoryPatchwork(
        code=term.code,
        label=term.label,
        group=term.group,
        states=list(cells.values()),
        program=program,
        specific=_one_per_state_and_kind(specific),
        conflicts=conflicts,
        covered=sorted(set(cells) - in_conflict),
    )


def _one_per_state_and_kind(found: list[Specific]) -> list[Specific]:
    """An office gets one report per state however many subsections say so; filings are kept per rule."""
    seen, kept = set(), []
    for item in found:
        key = (item.kind, item.jurisdiction, item.rule if item.kind == "state_filing" else "")
        if key not in seen:
            seen.add(key)
            kept.append(item)
    return kept


def _totals(categories: list[CategoryPatchwork], duties: list[dict]) -> Totals:
    return Totals(
        states=len({d["jurisdiction"] for d in duties}),
        obligations=len(duties),
        state_duties=sum(len(c.states) for c in categories),
        program_duties=sum(1 for c in categories if c.covered),
        covered=sum(len(c.covered) for c in categories),
        state_specific=sum(len(c.specific) + len(c.conflicts) for c in categories),
        conflicts=sum(len(c.conflicts) for c in categories),
    )


def _federal(profile, as_of, categories, duties) -> fed.FederalOverlay:
    rows = list(
        counted(as_of, include_pending=profile.include_pending)
        .filter(jurisdiction__kind="federal")
        .values(*_FIELDS)
        .order_by("bill_id", "start", "id")
    )
    overlay_rows = [r for r in rows if r["category"] in FEDERAL_OVERLAY_CATEGORIES]
    texts = dict(
        BillVersion.objects.filter(pk__in={r["version_id"] for r in overlay_rows}).values_list(
            "pk", "text"
        )
    )
    targets = fed.federal_targets(overlay_rows, fed.section_contexts(overlay_rows, texts))
    cells = {
        (cell.jurisdiction, cat.code): sorted({d["bill"] for d in cell.duties})
        for cat in categories
        for cell in cat.states
    }
    fed.link_targets(targets, cells)
    federal_duties: dict[str, list[dict]] = defaultdict(list)
    actors = profile.actors()
    for row in rows:
        if row["actor"] in actors and row["category"] not in ENFORCEMENT_CATEGORIES:
            outcome, reasons = evaluate_thresholds(row, profile)
            if outcome is not None:
                federal_duties[row["category"]].append(_duty(row, outcome, reasons))
    shown = {d["jurisdiction"]: [] for d in duties}
    for cat in categories:
        for cell in cat.states:
            shown.setdefault(cell.jurisdiction, []).extend(cell.duties)
    return fed.FederalOverlay(
        targets=targets,
        stated_aims=fed.stated_aims({t.bill_id for t in targets}),
        standards=[
            fed.compare_standard(c.code, c.program, federal_duties.get(c.code, []))
            for c in categories
        ],
        deference=fed.deference(shown),
    )
