"""An editor's review of one extracted obligation: confirm, correct or reject.

The review is stored on the row (state, editor, time, note) and the typed
columns follow a corrected ``attributes``; ``bills.obligations`` carries it
over to the re-extracted row with the same fingerprint, so a correction
survives re-extraction.
"""

from __future__ import annotations

from django.utils import timezone

from bills.models import Obligation
from bills.obligations import typed_columns

REVIEW_ACTIONS = {"confirm": "confirmed", "correct": "corrected", "reject": "rejected"}


def review_obligation(
    obligation: Obligation,
    editor,
    action: str,
    *,
    category: str | None = None,
    actor: str | None = None,
    attributes: dict | None = None,
    note: str = "",
) -> Obligation:
    """Apply ``action`` (confirm | correct | reject); a correction replaces what it names."""
    obligation.review_state = REVIEW_ACTIONS[action]
    obligation.reviewed_by = editor
    obligation.reviewed_at = timezone.now()
    obligation.review_note = note
    if action == "correct":
        obligation.category = category or obligation.category
        obligation.actor = actor or obligation.actor
        if attributes is not None:
            obligation.attributes = attributes
            for name, value in typed_columns(attributes).items():
                setattr(obligation, name, value)
    obligation.save()
    return obligation
