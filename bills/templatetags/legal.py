"""Template filters for legal states: the label people read ("In force", "From 2027-01-01")."""

from __future__ import annotations

from datetime import date

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from vocabulary.legal_states import LEGAL_STATES

register = template.Library()


@register.filter
def legal_label(state: str, starts: date | str | None = None) -> str:
    """ "In force"; "From 2027-01-01" for an enacted law that is not yet effective."""
    if state == "enacted_not_effective" and starts:
        return f"From {starts}"
    return LEGAL_STATES.get(state, state or "—")


@register.simple_tag
def legal_badge(state: str, reason: str = "", starts=None, brief: bool = False) -> SafeString:
    """A legal state as a badge, with its reason after it (or only on hover when ``brief``).

    Written here, not by an inclusion template: a state's page shows a hundred badges, and
    rendering a template for each cost more than the page's queries.
    """
    badge = format_html(
        '<span class="legal legal-{}" title="{}">{}</span>',
        state or "none",
        reason,
        legal_label(state, starts),
    )
    if reason and not brief:
        badge = format_html('{} <span class="legal-reason">{}</span>', badge, reason)
    return format_html("{}\n", badge)  # as the template it replaces ended
