"""Flat rows of a patchwork for CSV: state duties, the one program, what stays state-specific, totals.

One row per line of the report, with a ``part`` column saying which, so a
spreadsheet can filter; every row of a duty names its bill, section and
legal state.
"""

from __future__ import annotations

from .program import VALUE_ATTRIBUTES
from .report import Patchwork


def patchwork_rows(patchwork: Patchwork) -> list[dict]:
    rows: list[dict] = []
    for cat in patchwork.categories:
        for cell in cat.states:
            for duty in cell.duties:
                rows.append(
                    {
                        "part": "state duty",
                        "category": cat.code,
                        "jurisdiction": cell.jurisdiction,
                        "bill": duty["bill"],
                        "section": duty["section"],
                        "legal_state": duty["legal_state"],
                        "outcome": duty["outcome"],
                        "obligation_id": duty["obligation_id"],
                        "distance": cell.distance,
                        **{name: _value(cell, name) for name in VALUE_ATTRIBUTES},
                    }
                )
        for choice in cat.program:
            rows.append(
                {
                    "part": "one program",
                    "category": cat.code,
                    "attribute": choice.name,
                    "value": choice.value_label,
                    "set_by": "; ".join(choice.set_by),
                    "satisfies": "; ".join(choice.satisfies),
                    "states_without_this_value": "; ".join(choice.silent),
                }
            )
        for item in cat.specific:
            rows.append(
                {
                    "part": "state-specific",
                    "category": cat.code,
                    "jurisdiction": item.jurisdiction,
                    "kind": item.kind,
                    "value": item.what,
                    "bill": item.bill,
                    "section": item.section,
                    "obligation_id": item.obligation_id,
                    "rule": item.rule,
                }
            )
        for conflict in cat.conflicts:
            rows.append(
                {
                    "part": "conflict",
                    "category": cat.code,
                    "kind": "conflict",
                    "value": conflict.why,
                }
            )
    for layer, totals in patchwork.totals.items():
        rows.append({"part": f"totals ({layer})", **vars(totals)})
    return rows


def _value(cell, name: str) -> str:
    value = cell.values.get(name)
    return value.label if value else ""
