"""Bills for a picker: what a person types (a number like "SB 53" or words of a name) → a few bills.

The compare page's autocomplete calls this on every keystroke, so it stays
indexed: an identifier prefix (the unique key's index) first, then the
full-text engine for words of a title or popular name. Never a scan.
"""

from __future__ import annotations

from django.db.models import QuerySet

from bills.models import Bill

from .engine import search_bills
from .query import SearchQueryError

LIMIT = 8


def suggest_bills(text: str, limit: int = LIMIT) -> list[Bill]:
    text = " ".join((text or "").split())
    if len(text) < 2:
        return []
    bills = Bill.objects.select_related("jurisdiction", "session")
    found = list(_by_number(bills, text)[:limit])
    if len(found) < limit:
        seen = {b.pk for b in found}
        try:
            more = search_bills(text, bills.exclude(pk__in=seen))[: limit - len(found)]
        except SearchQueryError:
            more = []
        found += list(more)
    return found


def _by_number(bills: QuerySet, text: str) -> QuerySet:
    """ "sb53", "SB 53" and "sb-53" all start "SB 53" (identifiers are stored normalised)."""
    compact = text.upper().replace("-", " ")
    if not any(ch.isdigit() for ch in compact):
        return bills.none()
    return bills.filter(identifier__istartswith=compact).order_by("-latest_action_date", "-id")
