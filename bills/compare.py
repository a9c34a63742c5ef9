"""Two to four bills side by side, by category, with the differences in their attributes.

For each category any of the bills touches: each bill's obligations with the
cited text, and for each attribute each bill's value (its strictest, when a
bill states several), whether the values differ and which bill is strictest.
Strictest means the shortest deadline or reporting interval, the longest
retention, the highest penalty, the lowest threshold (it reaches more
developers) and the earliest effective date.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from bills.formatting import ATTRIBUTE_LABELS, attribute_labels, format_attribute
from bills.models import Bill, Obligation
from bills.obligations import duration_seconds
from bills.vocabulary.taxonomy import ATTRIBUTES, CATEGORIES


def _number(value) -> float | None:
    return value if isinstance(value, int | float) and not isinstance(value, bool) else None


def _iso_date(value) -> date | None:
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return None


# attribute → (how to order its values, whether lower or higher is stricter)
STRICTNESS: dict[str, tuple] = {
    "deadline": (duration_seconds, "lower"),
    "frequency": (duration_seconds, "lower"),
    "retention": (duration_seconds, "higher"),
    "penalty_max_usd": (_number, "higher"),
    "penalty_repeat_max_usd": (_number, "higher"),
    "compute_threshold_flop": (_number, "lower"),
    "cost_threshold_usd": (_number, "lower"),
    "revenue_threshold_usd": (_number, "lower"),
    "effective_date": (_iso_date, "lower"),
}


@dataclass
class AttributeComparison:
    name: str
    label: str
    values: dict[int, str]  # bill id → value for people ("" when the bill states none)
    differ: bool
    strictest: list[int]  # bill ids holding the strictest value, when the values differ


@dataclass
class CategoryComparison:
    code: str
    label: str
    group: str
    obligations: dict[int, list[dict]]  # bill id → its obligations in this category
    attributes: list[AttributeComparison]


@dataclass
class Comparison:
    bills: list[dict]
    categories: list[CategoryComparison]


def compare_bills(bill_ids: list[int]) -> Comparison:
    """The comparison of these bills, in the order given; unknown ids are ignored."""
    bills = {
        b["id"]: b
        for b in Bill.objects.filter(pk__in=bill_ids).values(
            "id", "identifier", "popular_name", "title", "status", "jurisdiction__code"
        )
    }
    order = [pk for pk in bill_ids if pk in bills]
    grouped = _obligations_by_category(order)
    categories = [
        _compare_category(term, grouped[term.code], order)
        for term in CATEGORIES
        if term.code in grouped
    ]
    return Comparison(bills=[_bill(bills[pk]) for pk in order], categories=categories)


def _bill(row: dict) -> dict:
    return {
        "id": row["id"],
        "jurisdiction": row["jurisdiction__code"],
        "identifier": row["identifier"],
        "name": row["popular_name"] or row["title"][:160],
        "status": row["status"],
    }


def _obligations_by_category(bill_ids: list[int]) -> dict[str, dict[int, list[dict]]]:
    grouped: dict[str, dict[int, list[dict]]] = defaultdict(lambda: defaultdict(list))
    rows = (
        Obligation.objects.shown()
        .filter(bill_id__in=bill_ids)
        .values(
            "id", "bill_id", "category", "actor", "section", "text", "attributes", "start", "end"
        )
        .order_by("bill_id", "start", "id")
    )
    for row in rows:
        row["labels"] = attribute_labels(row["attributes"])
        grouped[row["category"]][row["bill_id"]].append(row)
    return grouped


def _compare_category(term, by_bill: dict[int, list[dict]], order: list[int]) -> CategoryComparison:
    names = [
        n
        for n in ATTRIBUTES
        if any(n in ob["attributes"] for obs in by_bill.values() for ob in obs)
    ]
    return CategoryComparison(
        code=term.code,
        label=term.label,
        group=term.group,
        obligations={pk: by_bill.get(pk, []) for pk in order},
        attributes=[compare_attribute(name, by_bill, order) for name in names],
    )


def compare_attribute(
    name: str, by_bill: dict[int, list[dict]], order: list[int]
) -> AttributeComparison:
    """Each bill's (strictest) value of one attribute, whether they differ, and who is strictest."""
    raw = {pk: _bill_value(name, by_bill.get(pk, [])) for pk in order}
    differ = len({repr(v) for v in raw.values()}) > 1
    return AttributeComparison(
        name=name,
        label=ATTRIBUTE_LABELS.get(name, name),
        values={pk: format_attribute(name, v) if v is not None else "" for pk, v in raw.items()},
        differ=differ,
        strictest=_strictest(name, raw) if differ else [],
    )


def _bill_value(name: str, obligations: list[dict]):
    return strictest_value(
        name,
        [ob["attributes"][name] for ob in obligations if ob["attributes"].get(name) is not None],
    )


def strictest_value(name: str, values: list):
    """The strictest of several values of one attribute (``STRICTNESS``); the first when unordered."""
    if not values:
        return None
    rule = STRICTNESS.get(name)
    if rule is None:
        return values[0]
    keyed = [(rule[0](v), v) for v in values if rule[0](v) is not None]
    if not keyed:
        return values[0]
    pick = min if rule[1] == "lower" else max
    return pick(keyed, key=lambda pair: pair[0])[1]


def strictness_key(name: str, value):
    """The number or date ``STRICTNESS`` orders a value by (None when unordered or unreadable)."""
    rule = STRICTNESS.get(name)
    return rule[0](value) if rule and value is not None else None


def stricter_side(name: str) -> str | None:
    """ "lower" or "higher": which way an attribute gets stricter; None when it has no order."""
    rule = STRICTNESS.get(name)
    return rule[1] if rule else None


def _strictest(name: str, raw: dict[int, object]) -> list[int]:
    rule = STRICTNESS.get(name)
    if rule is None:
        return []
    keyed = {pk: rule[0](v) for pk, v in raw.items() if v is not None}
    keyed = {pk: k for pk, k in keyed.items() if k is not None}
    if not keyed:
        return []
    best = (min if rule[1] == "lower" else max)(keyed.values())
    return [pk for pk, k in keyed.items() if k == best]
