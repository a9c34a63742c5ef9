"""What happened to bills, worded for people: the home page's list and the Atom feeds.

Only legislative changes are shown (actions, status and legal-state moves,
new text versions, changed obligations); ``new_bill`` and ``details_changed``
are import bookkeeping and would drown them after every scrape.
"""

from __future__ import annotations

from django.db.models import QuerySet

from bills.models import ChangeEvent
from bills.models.run import LEGISLATIVE_KINDS
from vocabulary.legal_states import LEGAL_STATES
from vocabulary.statuses import STATUSES


def legislative_changes(events: QuerySet | None = None) -> QuerySet:
    """Newest first, with each bill and its jurisdiction (slice it: the table only grows)."""
    events = ChangeEvent.objects.all() if events is None else events
    return (
        events.filter(kind__in=LEGISLATIVE_KINDS)
        .select_related("bill", "bill__jurisdiction")
        .order_by("-occurred_at", "-id")
    )


def describe_change(event: ChangeEvent) -> str:
    """One sentence: "Status: Passed Senate → Enacted", "New action: SIGNED CHAP.699"."""
    details = event.details or {}
    if event.kind == "status_change":
        before = STATUSES.get(details.get("from"), details.get("from") or "?")
        after = STATUSES.get(details.get("to"), details.get("to") or "?")
        return f"Status: {before} → {after}"
    if event.kind == "new_action":
        texts = [a.get("text", "") for a in details.get("actions", [])]
        shown = "; ".join(texts[:3]) + (f" (and {len(texts) - 3} more)" if len(texts) > 3 else "")
        return f"New action: {shown}" if shown else "New action"
    if event.kind == "new_version":
        change = "text changed" if details.get("change") == "text changed" else "new text"
        return f"Version {details.get('label', '')}: {change}".strip()
    if event.kind == "legal_state_changed":
        state = details.get("to") or details.get("state") or ""
        return f"Legal state: {LEGAL_STATES.get(state, state or 'changed')}"
    return event.get_kind_display()
