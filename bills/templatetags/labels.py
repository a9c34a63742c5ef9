"""Template filters that turn stored codes into the words people read (never codes on a page)."""

from __future__ import annotations

from django import template

from bills.vocabulary.taxonomy import ACTOR_BY_CODE, CATEGORY_BY_CODE
from vocabulary.legal_states import LEGAL_STATES
from vocabulary.statuses import STATUSES

register = template.Library()


@register.filter
def actor_label(code: str) -> str:
    actor = ACTOR_BY_CODE.get(code)
    return actor.label if actor else code


@register.filter
def category_label(code: str) -> str:
    category = CATEGORY_BY_CODE.get(code)
    return category.label if category else code


@register.filter
def status_label(code: str) -> str:
    return STATUSES.get(code, code)


@register.filter
def legal_state_label(code: str) -> str:
    return LEGAL_STATES.get(code, code)


@register.filter
def first_value(mapping: dict | None):
    """The first value of a mapping (a matrix cell's first strictest attribute), or None."""
    return next(iter((mapping or {}).values()), None)
