"""What a subscription's filters may hold: the public codes shared by the page form and the API."""

from __future__ import annotations

from bills.models import Jurisdiction
from bills.vocabulary.taxonomy import actor_choices, category_choices
from vocabulary.legal_states import LEGAL_STATES

from .models import FREQUENCIES

QUERY_MAX = 300


def jurisdiction_choices() -> list[tuple[str, str]]:
    return list(Jurisdiction.objects.order_by("code").values_list("code", "name"))


def categories() -> list[tuple[str, str]]:
    return category_choices()


def actors() -> list[tuple[str, str]]:
    return actor_choices()


def legal_states() -> list[tuple[str, str]]:
    return list(LEGAL_STATES.items())


def frequencies() -> list[tuple[str, str]]:
    return list(FREQUENCIES)
