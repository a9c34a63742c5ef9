"""The one program: per attribute, the strictest value that satisfies every state at once.

A state's value of an attribute is its strictest across its counted duties in
the category; the one program's value is the strictest across states (the
shortest deadline, the most frequent review, the longest retention, the
lowest threshold, the earliest start), with the states it was taken from and
the states it satisfies. The order of each attribute is ``bills.compare``'s
``STRICTNESS``: one rule for compare, applicability and the patchwork.
The penalty is exposure, not a requirement: the program names the highest, and
it does not count in how far a state is from the program.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date

from bills.compare import strictest_value, strictness_key
from bills.formatting import ATTRIBUTE_LABELS, format_attribute
from bills.vocabulary.taxonomy import ATTRIBUTES

# The values the report shows for each state, in this order.
VALUE_ATTRIBUTES = (
    "deadline",
    "frequency",
    "retention",
    "compute_threshold_flop",
    "cost_threshold_usd",
    "revenue_threshold_usd",
    "penalty_max_usd",
    "penalty_repeat_max_usd",
    "recipient",
    "effective_date",
)
# What a company must do differently to meet the program (distance counts these only).
REQUIREMENT_ATTRIBUTES = (
    "deadline",
    "frequency",
    "retention",
    "compute_threshold_flop",
    "cost_threshold_usd",
    "revenue_threshold_usd",
)
_FAR_RATIO = math.log(100)  # a value 100× off the program's is as far as a missing duty


@dataclass
class Value:
    """One attribute's value for a state (or the program), with where it comes from."""

    name: str
    raw: object
    label: str
    obligation_id: int | None = None
    bill: str = ""
    section: str = ""


@dataclass
class ProgramChoice:
    name: str
    label: str  # the attribute's name for people: "Deadline"
    value: object
    value_label: str  # "72 h"
    set_by: list[str]  # states whose own value is this one
    satisfies: list[str]  # states with a value of their own that this one meets
    silent: list[str] = field(default_factory=list)  # states imposing the duty with no such value
    unordered: bool = False  # no strictness order (a recipient): each state keeps its own


def state_values(duties: list[dict]) -> dict[str, Value]:
    """A state's strictest value of each attribute across its duties in one category.

    Each duty is a dict with ``attributes`` (the taxonomy's names, the law's
    penalty already filled in when the duty states none), ``obligation_id``,
    ``bill`` and ``section``.
    """
    values: dict[str, Value] = {}
    for name in VALUE_ATTRIBUTES:
        stated = [d for d in duties if d["attributes"].get(name) not in (None, "")]
        if not stated:
            continue
        best = strictest_value(name, [d["attributes"][name] for d in stated])
        source = next(d for d in stated if d["attributes"][name] == best)
        values[name] = Value(
            name,
            _typed(name, best),
            format_attribute(name, best),
            source["obligation_id"],
            source["bill"],
            source["section"],
        )
    return values


def _typed(name: str, value):
    """A float attribute as a float: PostgreSQL's JSONB gives 1e26 back as an exact integer."""
    if ATTRIBUTES.get(name, ("",))[0] == "float" and isinstance(value, int):
        return float(value)
    return value


def one_program(by_state: dict[str, dict[str, Value]]) -> list[ProgramChoice]:
    """The strictest value per attribute across states, and which states each choice satisfies."""
    choices = []
    for name in VALUE_ATTRIBUTES:
        holders = {state: values[name] for state, values in by_state.items() if name in values}
        if not holders:
            continue
        silent = sorted(set(by_state) - set(holders))
        best = strictest_value(name, [v.raw for v in holders.values()])
        best_key = strictness_key(name, best)
        if best_key is None:  # unordered (a recipient): nothing to unify
            choices.append(_unordered(name, holders, silent))
            continue
        set_by = sorted(s for s, v in holders.items() if strictness_key(name, v.raw) == best_key)
        choices.append(
            ProgramChoice(
                name=name,
                label=ATTRIBUTE_LABELS.get(name, name),
                value=best,
                value_label=format_attribute(name, best),
                set_by=set_by,
                satisfies=sorted(holders),
                silent=silent,
            )
        )
    return choices


def _unordered(name: str, holders: dict[str, Value], silent: list[str]) -> ProgramChoice:
    distinct = sorted({v.label for v in holders.values()})
    return ProgramChoice(
        name=name,
        label=ATTRIBUTE_LABELS.get(name, name),
        value=None if len(distinct) > 1 else next(iter(holders.values())).raw,
        value_label=" · ".join(distinct),
        set_by=sorted(holders),
        satisfies=sorted(holders) if len(distinct) == 1 else [],
        silent=silent,
        unordered=True,
    )


def distance(values: dict[str, Value] | None, program: list[ProgramChoice]) -> float:
    """How far a state is from the program: 0 when it already asks the same, 1 when it asks nothing.

    The mean over the program's requirement attributes of how far the state's
    value is (log of the ratio, 100× and a missing value counting as 1).
    """
    if values is None:
        return 1.0
    gaps = [
        _gap(choice, values.get(choice.name))
        for choice in program
        if choice.name in REQUIREMENT_ATTRIBUTES and not choice.unordered
    ]
    return round(sum(gaps) / len(gaps), 3) if gaps else 0.0


def _gap(choice: ProgramChoice, value: Value | None) -> float:
    if value is None:
        return 1.0
    mine, best = strictness_key(choice.name, value.raw), strictness_key(choice.name, choice.value)
    if mine is None or best is None:
        return 1.0
    if isinstance(mine, date):
        return min(1.0, abs((mine - best).days) / 365)
    if mine <= 0 or best <= 0:
        return 0.0 if mine == best else 1.0
    return min(1.0, abs(math.log(mine / best)) / _FAR_RATIO)
