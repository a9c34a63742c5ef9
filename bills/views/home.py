"""The home page: the search box, status counts that link to the lists, recent legislative changes.

Its cost must not grow with the database: the counts are maintained by every
write (``bills.totals``), a few rows read whatever the number of bills; the
changes and the newest bills are short index-ordered slices.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from bills import totals
from bills.changes import describe_change, legislative_changes
from bills.models import Bill
from vocabulary.statuses import STATUSES

RECENT = 12


def home(request: HttpRequest) -> HttpResponse:
    counts = status_counts()
    changes = list(legislative_changes()[:RECENT])
    for event in changes:
        event.summary = describe_change(event)
    context = {
        "bill_count": sum(n for _, _, n in counts),
        "status_counts": counts,
        "recent_changes": changes,
        "newest": Bill.objects.select_related("jurisdiction", "session").order_by(
            "-latest_action_date", "-id"
        )[:RECENT],
    }
    return render(request, "bills/home.html", context)


def status_counts() -> list[tuple[str, str, int]]:
    """(status code, label, bills) in the vocabulary's order, from the maintained counts."""
    by_status = totals.status_counts()
    return [(code, STATUSES[code], by_status[code]) for code in STATUSES if code in by_status]
