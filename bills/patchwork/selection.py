"""Which obligations the patchwork counts: exactly what the law-in-force rules count as law.

``bills.legal_state.counted_obligations`` decides: in force, or enacted and
not yet effective, on the as-of date (section-level dates, supersession by a
chapter amendment or a partial amendment, repeal, injunction already taken
into account); pending bills only when asked, as a separate layer; dead and
superseded never. Every query of the patchwork goes through ``counted`` so
that rule is used in one place here too.
"""

from __future__ import annotations

from datetime import date

from django.db.models import QuerySet

from bills.legal_state import counted_obligations
from bills.models import Obligation
from vocabulary.legal_states import COUNTED, LEGAL_STATES

LAW_STATES = tuple(sorted(COUNTED))
PENDING_STATE = "pending"
LEGAL_STATE_LABELS = {code: label.lower() for code, label in LEGAL_STATES.items()}


def counted(as_of: date, include_pending: bool = False) -> QuerySet[Obligation]:
    """Shown obligations counted on ``as_of``, annotated with ``state_on_date`` (their legal state)."""
    return counted_obligations(as_of, include_pending)
