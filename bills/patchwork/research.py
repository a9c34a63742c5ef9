"""The research view for the whole country: what is the same everywhere, what diverges, how it grew.

Over every state's counted duties (every actor): per category the states
imposing it and each state's strictest values; a category is the same
everywhere when two or more states impose it with identical requirement
values; its spread is the largest ratio between the states' values of one
attribute (15 days against 72 hours is 5×). A distinct requirement is a
state, a category and the requirement values of one duty; the growth series
counts them by the date they start (the duty's own effective date, else its
law's, else the law's status date).
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from bills.compare import strictness_key
from bills.formatting import ATTRIBUTE_LABELS, format_attribute
from bills.matrix import cached, data_version
from bills.vocabulary.taxonomy import CATEGORIES, ENFORCEMENT_CATEGORIES

from .program import REQUIREMENT_ATTRIBUTES, state_values
from .selection import counted


@dataclass
class AttributeSpread:
    name: str
    label: str
    values: dict[str, list[str]]  # value for people → states
    spread: float | None  # largest / smallest (days apart for dates); None with one value


@dataclass
class CategorySpread:
    code: str
    label: str
    states: list[str]
    signatures: int  # distinct sets of requirement values among the states
    same_everywhere: bool
    spread: float  # the largest attribute spread (1.0: no difference)
    attributes: list[AttributeSpread]


@dataclass
class Research:
    as_of: date
    include_pending: bool
    states: int
    categories: list[CategorySpread]
    same_everywhere: list[str]
    diverging: list[str]  # most divergent first
    growth: list[tuple[date, int]]  # (date, distinct requirements in force by then)


def build_research(as_of: date, include_pending: bool = False) -> Research:
    rows = list(
        counted(as_of, include_pending)
        .exclude(jurisdiction__kind="federal")
        .exclude(category__in=sorted(ENFORCEMENT_CATEGORIES))
        .values(
            "id", "jurisdiction__code", "category", "section", "attributes", "bill__identifier",
            "bill__effective_date", "bill__status_date",
        )
        .order_by("jurisdiction__code", "category", "id")
    )  # fmt: skip
    by_category: dict[str, dict[str, list[dict]]] = defaultdict(lambda: defaultdict(list))
    for row in rows:
        by_category[row["category"]][row["jurisdiction__code"]].append(
            {
                "obligation_id": row["id"],
                "attributes": row["attributes"],
                "bill": row["bill__identifier"],
                "section": row["section"],
            }
        )
    spreads = [
        _spread(term, by_category[term.code]) for term in CATEGORIES if term.code in by_category
    ]
    diverging = sorted(
        (c for c in spreads if len(c.states) > 1 and not c.same_everywhere),
        key=lambda c: (-c.spread, -c.signatures, c.code),
    )
    return Research(
        as_of=as_of,
        include_pending=include_pending,
        states=len({r["jurisdiction__code"] for r in rows}),
        categories=spreads,
        same_everywhere=[c.code for c in spreads if c.same_everywhere],
        diverging=[c.code for c in diverging],
        growth=growth(rows),
    )


def cached_research(as_of: date, include_pending: bool = False) -> Research:
    digest = hashlib.sha1(f"{data_version()}|{as_of}|{include_pending}".encode()).hexdigest()
    return cached(f"patchwork-research:v1:{digest}", lambda: build_research(as_of, include_pending))


def _spread(term, by_state: dict[str, list[dict]]) -> CategorySpread:
    values = {state: state_values(duties) for state, duties in by_state.items()}
    signatures = {
        tuple((n, v[n].label) for n in REQUIREMENT_ATTRIBUTES if n in v) for v in values.values()
    }
    attributes = [_attribute_spread(name, values) for name in REQUIREMENT_ATTRIBUTES]
    attributes = [a for a in attributes if a is not None]
    return CategorySpread(
        code=term.code,
        label=term.label,
        states=sorted(by_state),
        signatures=len(signatures),
        same_everywhere=len(by_state) > 1 and len(signatures) == 1,
        spread=max((a.spread for a in attributes if a.spread), default=1.0),
        attributes=attributes,
    )


def _attribute_spread(name: str, values: dict) -> AttributeSpread | None:
    held = {state: v[name] for state, v in values.items() if name in v}
    if not held:
        return None
    grouped: dict[str, list[str]] = defaultdict(list)
    for state, value in sorted(held.items()):
        grouped[value.label].append(state)
    keys = [k for k in (strictness_key(name, v.raw) for v in held.values()) if k is not None]
    spread = None
    if len(set(keys)) > 1:
        low, high = min(keys), max(keys)
        spread = (high - low).days if isinstance(low, date) else (high / low if low > 0 else None)
    return AttributeSpread(name, ATTRIBUTE_LABELS.get(name, name), dict(grouped), spread)


def growth(rows: list[dict]) -> list[tuple[date, int]]:
    """Cumulative count of distinct requirements by the date each first starts."""
    first: dict[tuple, date] = {}
    for row in rows:
        start = _start(row)
        if start is None:
            continue
        key = (
            row["jurisdiction__code"],
            row["category"],
            tuple(
                (n, format_attribute(n, row["attributes"].get(n)))
                for n in REQUIREMENT_ATTRIBUTES
                if row["attributes"].get(n) is not None
            ),
        )
        if key not in first or start < first[key]:
            first[key] = start
    by_date: dict[date, int] = defaultdict(int)
    for start in first.values():
        by_date[start] += 1
    total, series = 0, []
    for day in sorted(by_date):
        total += by_date[day]
        series.append((day, total))
    return series


def _start(row: dict) -> date | None:
    own = row["attributes"].get("effective_date")
    if own:
        try:
            return date.fromisoformat(str(own))
        except ValueError:
            pass
    return row["bill__effective_date"] or row["bill__status_date"]
