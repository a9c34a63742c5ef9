"""What applies to me: a profile of an organisation → the obligations in force or pending for it.

Each obligation is matched on the profile's roles (and sectors), the states it
operates in (federal items apply everywhere) and the thresholds in the law:
a compute, cost or revenue threshold the profile meets applies, one it does
not meet drops the obligation, one the profile leaves blank gives "may
apply: threshold unknown". Every finding says why. Enforcement terms (civil
penalty, enforcing official, cure period…) describe the law, so they are
reported once per law rather than as the profile's duties.

Only law counts, as of the profile's date (``as_of``, default today): duties
in force, and duties enacted but not yet effective, labelled with the day
they start (``bills.legal_state.counted_obligations``). Pending bills come
only when asked for, marked as pending, and never set a strictest value;
dead, superseded, repealed and enjoined duties never appear, so a law and
the amendment that replaced it are not both listed.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q

from bills.formatting import attribute_labels, format_flop, format_seconds, format_usd
from bills.legal_state import counted_obligations, period_on, today, upcoming_changes
from bills.matrix import FederalItem, MatrixFilters, federal_overlay
from bills.models import Bill
from bills.vocabulary.taxonomy import CATEGORIES, CATEGORY_BY_CODE, ENFORCEMENT_CATEGORIES
from vocabulary.legal_states import COUNTED

PROFILE_ROLES = (
    "developer",
    "frontier_developer",
    "deployer",
    "provider",
    "employer",
    "health_care_provider",
    "government_agency",
)
# A frontier developer is a developer; a developer may be a frontier one (the thresholds decide).
_ROLE_ACTORS = {
    "developer": ("developer", "frontier_developer"),
    "frontier_developer": ("developer", "frontier_developer"),
}
_SECTOR_ROLES = {
    "health": "health_care_provider",
    "health care": "health_care_provider",
    "healthcare": "health_care_provider",
    "employment": "employer",
    "hiring": "employer",
    "government": "government_agency",
    "public sector": "government_agency",
}
APPLIES, MAY_APPLY = "applies", "may_apply"


@dataclass(frozen=True)
class Profile:
    roles: tuple[str, ...]
    annual_revenue_usd: int | None = None
    training_compute_flop: float | None = None
    training_cost_usd: int | None = None
    states: tuple[str, ...] = ()
    sectors: tuple[str, ...] = ()
    include_pending: bool = False
    as_of: date | None = None  # None: today

    @property
    def day(self) -> date:
        return self.as_of or today()

    def actors(self) -> set[str]:
        roles = set(self.roles) | {
            _SECTOR_ROLES[s.strip().lower()]
            for s in self.sectors
            if s.strip().lower() in _SECTOR_ROLES
        }
        return {actor for role in roles for actor in _ROLE_ACTORS.get(role, (role,))}


@dataclass
class Finding:
    obligation_id: int
    bill_id: int
    bill: str
    jurisdiction: str
    in_force: bool
    category: str
    actor: str
    section: str
    text: str
    labels: list[str]
    outcome: str  # applies | may_apply
    reasons: list[str]
    deadline_seconds: int | None
    penalty_max_usd: int | None
    legal_state: str = ""  # on the as-of date: in_force | enacted_not_effective | pending
    effective_from: date | None = None  # when an enacted duty starts


@dataclass
class Law:
    bill_id: int
    bill: str
    name: str
    jurisdiction: str
    status: str
    in_force: bool
    enforcement: list[dict] = field(default_factory=list)
    penalty_max_usd: int | None = None
    legal_state: str = ""
    legal_state_reason: str = ""


@dataclass
class CategoryReport:
    code: str
    label: str
    findings: list[Finding]
    strictest: dict[str, dict]  # "deadline" / "penalty" → value, label, bill, section, legal state
    pending_strictest: dict[str, dict] = field(default_factory=dict)  # the pending layer's own


@dataclass
class Report:
    profile: Profile
    categories: list[CategoryReport]
    laws: list[Law]
    federal_notes: list[FederalItem]
    as_of: date | None = None
    upcoming: list[dict] = field(default_factory=list)  # changes of law after the as-of date


def applicable_obligations(profile: Profile) -> Report:
    """The report for ``profile``: findings grouped by category, the laws, federal preemption notes."""
    rows = list(_candidates(profile))
    laws = _laws(rows, profile.day)
    findings = []
    for row in rows:
        if row["category"] in ENFORCEMENT_CATEGORIES:
            continue
        finding = _finding(row, profile)
        if finding is not None:
            findings.append(finding)
    applicable = {f.bill_id for f in findings}
    kept_laws = [law for law in laws.values() if law.bill_id in applicable]
    day = profile.day
    overlay = MatrixFilters(as_of=day, include_pending=profile.include_pending)
    places = Q(jurisdiction__kind="federal") | Q(jurisdiction__code__in=profile.states)
    return Report(
        profile=profile,
        categories=_by_category(findings, laws),
        laws=sorted(kept_laws, key=lambda law: (law.jurisdiction, law.bill)),
        federal_notes=[
            item
            for item in federal_overlay(list(profile.states), overlay)
            if item.category == "preemption"
        ],
        as_of=day,
        upcoming=upcoming_changes(day, Bill.objects.filter(places)),
    )


def _candidates(profile: Profile):
    where = Q(jurisdiction__kind="federal") | Q(jurisdiction__code__in=profile.states)
    duty = Q(actor__in=sorted(profile.actors())) | Q(category__in=sorted(ENFORCEMENT_CATEGORIES))
    return (
        counted_obligations(profile.day, profile.include_pending)
        .filter(where, duty)
        .values(
            "id",
            "bill_id",
            "bill__identifier",
            "bill__popular_name",
            "bill__title",
            "bill__status",
            "jurisdiction__code",
            "jurisdiction__name",
            "jurisdiction__kind",
            "category",
            "actor",
            "section",
            "text",
            "attributes",
            "deadline_seconds",
            "penalty_max_usd",
            "compute_threshold_flop",
            "revenue_threshold_usd",
            "state_on_date",
            "in_force_from",
            "bill__legal_timeline",
        )
        .order_by("jurisdiction__code", "bill__identifier", "start", "id")
    )


def _laws(rows: list[dict], day: date) -> dict[int, Law]:
    laws: dict[int, Law] = {}
    for row in rows:
        law = laws.get(row["bill_id"])
        if law is None:
            law = laws[row["bill_id"]] = Law(
                bill_id=row["bill_id"],
                bill=row["bill__identifier"],
                name=row["bill__popular_name"] or row["bill__title"][:160],
                jurisdiction=row["jurisdiction__code"],
                status=row["bill__status"],
                in_force=row["state_on_date"] == "in_force",
                **_law_state(row, day),
            )
        if row["category"] in ENFORCEMENT_CATEGORIES:
            law.enforcement.append(_enforcement_term(row))
        if row["penalty_max_usd"] is not None:
            law.penalty_max_usd = max(law.penalty_max_usd or 0, row["penalty_max_usd"])
    return laws


def _law_state(row: dict, day: date) -> dict:
    period = period_on(row["bill__legal_timeline"], day)
    return {
        "legal_state": period.state if period else "",
        "legal_state_reason": period.reason if period else "",
    }


def _enforcement_term(row: dict) -> dict:
    return {
        "obligation_id": row["id"],
        "category": row["category"],
        "label": CATEGORY_BY_CODE[row["category"]].label,
        "section": row["section"],
        "text": row["text"][:500],
        "labels": attribute_labels(row["attributes"]),
    }


def _finding(row: dict, profile: Profile) -> Finding | None:
    outcome, threshold_reasons = evaluate_thresholds(row, profile)
    if outcome is None:
        return None
    reasons = [_role_reason(row, profile), _place_reason(row), *threshold_reasons]
    if row["actor"] == "frontier_developer" and "frontier_developer" not in profile.roles:
        if not threshold_reasons:
            outcome = MAY_APPLY
            reasons.append("may apply: the law's definition of a frontier developer decides")
    return Finding(
        obligation_id=row["id"],
        bill_id=row["bill_id"],
        bill=row["bill__identifier"],
        jurisdiction=row["jurisdiction__code"],
        in_force=row["state_on_date"] == "in_force",
        category=row["category"],
        actor=row["actor"],
        section=row["section"],
        text=row["text"][:500],
        labels=attribute_labels(row["attributes"]),
        outcome=outcome,
        reasons=reasons,
        deadline_seconds=row["deadline_seconds"],
        penalty_max_usd=row["penalty_max_usd"],
        legal_state=row["state_on_date"],
        effective_from=row["in_force_from"] if row["state_on_date"] in COUNTED else None,
    )


def evaluate_thresholds(row: dict, profile: Profile) -> tuple[str | None, list[str]]:
    """(outcome, reasons): None when a threshold excludes the profile; may_apply when one is unknown."""
    checks = (
        (
            "largest training run",
            row.get("compute_threshold_flop"),
            profile.training_compute_flop,
            format_flop,
        ),
        (
            "training cost",
            (row.get("attributes") or {}).get("cost_threshold_usd"),
            profile.training_cost_usd,
            format_usd,
        ),
        (
            "annual revenue",
            row.get("revenue_threshold_usd"),
            profile.annual_revenue_usd,
            format_usd,
        ),
    )
    outcome, reasons = APPLIES, []
    for what, threshold, value, show in checks:
        if threshold is None:
            continue
        if value is None:
            outcome = MAY_APPLY
            reasons.append(f"may apply: threshold unknown ({what} ≥ {show(threshold)}; not given)")
        elif value >= threshold:
            reasons.append(f"your {what} {show(value)} ≥ {show(threshold)}")
        else:
            return None, [f"your {what} {show(value)} < {show(threshold)}"]
    return outcome, reasons


def _role_reason(row: dict, profile: Profile) -> str:
    actor = row["actor"].replace("_", " ")
    if row["actor"] in profile.roles:
        return f"you are a {actor}"
    return f"applies to a {actor}; your roles: {', '.join(profile.roles) or 'none'}"


def state_words(state: str, starts: date | None) -> str:
    """ "in force", "from 2027-01-01" (enacted, not yet effective), "pending"."""
    if state == "enacted_not_effective":
        return f"from {starts}" if starts else "enacted, not yet effective"
    return state.replace("_", " ")


def _place_reason(row: dict) -> str:
    status = state_words(row["state_on_date"], row["in_force_from"])
    if row["jurisdiction__kind"] == "federal":
        return f"federal ({status}): applies in every state"
    return f"you operate in {row['jurisdiction__name']} ({status})"


def _by_category(findings: list[Finding], laws: dict[int, Law]) -> list[CategoryReport]:
    grouped: dict[str, list[Finding]] = defaultdict(list)
    for finding in findings:
        grouped[finding.category].append(finding)
    return [
        CategoryReport(
            code=term.code,
            label=term.label,
            findings=grouped[term.code],
            strictest=_strictest([f for f in grouped[term.code] if f.legal_state in COUNTED], laws),
            pending_strictest=_strictest(
                [f for f in grouped[term.code] if f.legal_state == "pending"], laws
            ),
        )
        for term in CATEGORIES
        if grouped.get(term.code)
    ]


def _strictest(findings: list[Finding], laws: dict[int, Law]) -> dict[str, dict]:
    """Shortest deadline and highest penalty (the duty's own, else its law's) across states.

    Called with the law's findings and, apart, with the pending layer's: a
    pending bill never sets the strictest value of the law.
    """
    strictest: dict[str, dict] = {}
    deadlines = [f for f in findings if f.deadline_seconds is not None]
    if deadlines:
        best = min(deadlines, key=lambda f: f.deadline_seconds)
        strictest["deadline"] = _value(
            best, best.deadline_seconds, format_seconds(best.deadline_seconds)
        )
    penalties = [(f, f.penalty_max_usd or laws[f.bill_id].penalty_max_usd) for f in findings]
    penalties = [(f, p) for f, p in penalties if p is not None]
    if penalties:
        best, amount = max(penalties, key=lambda pair: pair[1])
        strictest["penalty"] = _value(best, amount, f"{format_usd(amount)}/violation")
    return strictest


def _value(finding: Finding, value, label: str) -> dict:
    return {
        "value": value,
        "label": label,
        "bill_id": finding.bill_id,
        "bill": f"{finding.jurisdiction} {finding.bill}",
        "obligation_id": finding.obligation_id,
        "section": finding.section,
        "legal_state": finding.legal_state,
        "from": finding.effective_from if finding.legal_state == "enacted_not_effective" else None,
    }


def report_rows(report: Report) -> list[dict]:
    """Flat rows for CSV: one per finding."""
    return [
        {
            "category": f.category,
            "jurisdiction": f.jurisdiction,
            "bill_id": f.bill_id,
            "bill": f.bill,
            "in_force": f.in_force,
            "legal_state": f.legal_state,
            "effective_from": f.effective_from,
            "actor": f.actor,
            "section": f.section,
            "outcome": f.outcome,
            "key_values": "; ".join(f.labels),
            "reasons": "; ".join(f.reasons),
        }
        for category in report.categories
        for f in category.findings
    ]
