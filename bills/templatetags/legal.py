"""Template filters for legal states: the label people read ("In force", "From 2027-01-01")."""

from __future__ import annotations

from datetime import date

from django import template

from vocabulary.legal_states import LEGAL_STATES

register = template.Library()


@register.filter
def legal_label(state: str, starts: date | str | None = None) -> str:
    """ "In force"; "From 2027-01-01" for an enacted law that is not yet effective."""
    if state == "enacted_not_effective" and starts:
        return f"From {starts}"
    return LEGAL_STATES.get(state, state or "—")


@register.inclusion_tag("bills/partials/legal_state.html")
def legal_badge(state: str, reason: str = "", starts=None, brief: bool = False) -> dict:
    """A legal state as a badge, with its reason after it (or only on hover when ``brief``)."""
    return {"state": state, "reason": reason, "starts": starts, "brief": brief}
