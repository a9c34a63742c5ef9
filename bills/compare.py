"""Two to four bills side by side, by category, with the differences in their attributes.

For each category any of the bills touches: each bill's obligations with the
cited text, and for each attribute each bill's value (its strictest, when a
bill states several), whether the values differ and which bill is strictest.
Strictest means the shortest deadline or reporting interval, the longest
retention, the highest penalty, the lowest threshold (it reaches more
developers) and the earliest effective date.

Each bill and each duty carries its legal state on the as-of date (default
today). Any bill may be compared, a vetoed or replaced one too, but only law
(in force, or enacted and not yet effective) can be the strictest; pending
bills join it only with ``include_pending``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from bills.formatting import ATTRIBUTE_LABELS, attribute_labels, format_attribute
from bills.legal_state import period_on, today, upcoming_changes
from bills.models import Bill, Obligation
from bills.obligations import duration_seconds
from bills.vocabulary.taxonomy import ATTRIBUTES, CATEGORIES
from vocabulary.legal_states import COUNTED


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
    as_of: date | None = None
    upcoming: list[dict] = field(default_factory=list)  # these bills' changes after as_of


def compare_bills(
    bill_ids: list[int], as_of: date | None = None, include_pending: bool = False
) -> Comparison:
    """The comparison of these bills on ``as_of`` (default today), in the order given.

    Unknown ids are ignored. Only law, and pending bills if asked, can be strictest.
    """
    day = as_of or today()
    counts = COUNTED | ({"pending"} if include_pending else set())
    bills = {
        b["id"]: b
        for b in Bill.objects.filter(pk__in=bill_ids).values(
            "id",
            "identifier",
            "popular_name",
            "title",
            "status",
            "jurisdiction__code",
            "effective_date",
            "chapter",
            "legal_timeline",
        )
    }
    order = [pk for pk in bill_ids if pk in bills]
    grouped = _obligations_by_category(order, day, counts)
    categories = [
        _compare_category(term, grouped[term.code], order)
        for term in CATEGORIES
        if term.code in grouped
    ]
    return Comparison(
        bills=[_bill(bills[pk], day) for pk in order],
        categories=categories,
        as_of=day,
        upcoming=upcoming_changes(day, Bill.objects.filter(pk__in=order)),
    )


def _bill(row: dict, day: date) -> dict:
    period = period_on(row["legal_timeline"], day)
    return {
        "id": row["id"],
        "jurisdiction": row["jurisdiction__code"],
        "identifier": row["identifier"],
        "name": row["popular_name"] or row["title"][:160],
        "status": row["status"],
        "chapter": row["chapter"],
        "effective_date": row["effective_date"],
        "legal_state": period.state if period else "",
        "legal_state_reason": period.reason if period else "",
    }


def _obligations_by_category(
    bill_ids: list[int], day: date, counts: frozenset[str] | set[str]
) -> dict[str, dict[int, list[dict]]]:
    grouped: dict[str, dict[int, list[dict]]] = defaultdict(lambda: defaultdict(list))
    rows = (
        Obligation.objects.shown()
        .filter(bill_id__in=bill_ids)
        .values(
            "id",
            "bill_id",
            "category",
            "actor",
            "section",
            "text",
            "attributes",
            "start",
            "end",
            "legal_timeline",
        )
        .order_by("bill_id", "start", "id")
    )
    for row in rows:
        period = period_on(row.pop("legal_timeline"), day)
        row["legal_state"] = period.state if period else ""
        row["legal_state_reason"] = period.reason if period else ""
        row["counts"] = row["legal_state"] in counts
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
    """Each bill's (strictest) value of one attribute, whether they differ, and who is strictest.

    Every bill's value is shown; only duties that count (``ob["counts"]``, true
    when absent) compete for the strictest.
    """
    raw = {pk: _bill_value(name, by_bill.get(pk, [])) for pk in order}
    counted = {
        pk: _bill_value(name, [ob for ob in by_bill.get(pk, []) if ob.get("counts", True)])
        for pk in order
    }
    differ = len({repr(v) for v in raw.values()}) > 1
    return AttributeComparison(
        name=name,
        label=ATTRIBUTE_LABELS.get(name, name),
        values={pk: format_attribute(name, v) if v is not None else "" for pk, v in raw.items()},
        differ=differ,
        strictest=_strictest(name, counted) if differ else [],
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


def comparison_rows(comparison: Comparison) -> list[dict]:
    """The comparison flat, for CSV: one row per category and bill, one column per attribute.

    A spreadsheet can filter and pivot this directly; the nested JSON needs a program.
    """
    names: list[str] = []
    for category in comparison.categories:
        names += [a.name for a in category.attributes if a.name not in names]
    rows = []
    for category in comparison.categories:
        values = {a.name: a for a in category.attributes}
        for bill in comparison.bills:
            pk = bill["id"]
            row = {
                "category": category.label,
                "jurisdiction": bill["jurisdiction"],
                "bill": bill["identifier"],
                "name": bill["name"],
                "legal_state": bill["legal_state"],
                "bill_effective_date": bill["effective_date"].isoformat()
                if bill["effective_date"]
                else "",
                "obligations": len(category.obligations.get(pk, [])),
            }
            for name in names:
                attribute = values.get(name)
                row[name] = attribute.values.get(pk, "") if attribute else ""
                row[f"{name}_strictest"] = bool(attribute and pk in attribute.strictest)
            rows.append(row)
    return rows
