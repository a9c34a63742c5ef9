"""Which obligations the patchwork counts: the one door to the law-in-force rules.

The patchwork counts only what the law-in-force rules count as law (in force,
or enacted and not yet effective) and, when asked, pending bills as a
separate layer; dead and superseded bills never count. Every query of the
patchwork goes through ``counted`` so those rules live in one place.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Case, CharField, Q, QuerySet, Value, When

from bills.models import Obligation
from vocabulary.statuses import ENACTED_STATUSES, PENDING_STATUSES

LAW_STATES = ("in_force", "enacted_not_effective")
PENDING_STATE = "pending"
LEGAL_STATE_LABELS = {
    "in_force": "in force",
    "enacted_not_effective": "enacted, not yet effective",
    "pending": "pending bill",
}


def counted(as_of: date, include_pending: bool = False) -> QuerySet[Obligation]:
    """Shown obligations counted on ``as_of``, annotated with ``state_on_date`` (their legal state)."""
    enacted = Q(bill__status__in=sorted(ENACTED_STATUSES))
    in_force = enacted & (Q(bill__effective_date__isnull=True) | Q(bill__effective_date__lte=as_of))
    qs = Obligation.objects.shown().annotate(
        state_on_date=Case(
            When(in_force, then=Value("in_force")),
            When(enacted, then=Value("enacted_not_effective")),
            When(bill__status__in=sorted(PENDING_STATUSES), then=Value(PENDING_STATE)),
            default=Value("dead"),
            output_field=CharField(),
        )
    )
    states = [*LAW_STATES, PENDING_STATE] if include_pending else list(LAW_STATES)
    return qs.filter(state_on_date__in=states)
