"""A bill's legal state for the ``legal_states`` filter: the one stored by ``bills.legal_state``.

Kept as one small function so that the filter names its source in one place.
"""

from __future__ import annotations

from vocabulary.legal_states import LEGAL_STATES  # noqa: F401 (the codes the filter offers)


def legal_state_of(bill) -> str:
    return bill.legal_state or ""
