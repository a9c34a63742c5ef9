"""The legal state of a bill or obligation on a date: is it law, will it be, or was it ever?

Derived by ``bills.legal_state`` from statuses, dates, relations and an
editor's injunction flag. Only ``COUNTED`` states count as law in the matrix,
strictest values, comparison, "what applies" and the patchwork report;
``pending`` is a separate layer shown only when asked for, and the rest never
count. Rule for adding a value: append a code with its description; never
rename or repurpose one (API filters, digests and CSV exports use the codes).
"""

from __future__ import annotations

LEGAL_STATES: dict[str, str] = {
    "in_force": "In force",
    "enacted_not_effective": "Enacted, not yet effective",
    "pending": "Pending",
    "dead": "Dead",
    "superseded": "Superseded",
    "repealed": "Repealed",
    "enjoined": "Enjoined",
}

# What counts as law on a date: in force, or enacted and waiting for its effective date.
COUNTED = frozenset({"in_force", "enacted_not_effective"})
# States a bill or duty never leaves once it reaches them (no revival is modelled).
FINAL = frozenset({"dead", "superseded", "repealed", "enjoined"})
