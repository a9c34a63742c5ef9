"""A bill's page: legal state, obligations by category, timeline, versions, related bills.

Everything a reader sees is worded for people: chamber names instead of
``upper``/``lower``, obligation attributes as sentences (``bills.formatting``),
category and actor labels instead of codes. ``?as_of=`` shows the legal state
on another date.
"""

from __future__ import annotations

from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from rest_framework.exceptions import ValidationError

from bills.api.serializers import AsOfField
from bills.formatting import attribute_sentences, chamber_name
from bills.legal_state import amendment_chain, period_on
from bills.models import Bill, BillVersion, Obligation, RelatedBill
from bills.vocabulary.taxonomy import CATEGORIES

# How a link from another bill to this one reads from this bill's side.
INVERSE_RELATIONS = {
    "chapter_amendment_of": "Amended by (chapter amendment)",
    "amended_by": "Amends",
    "replaces": "Replaced by",
    "replaced_by": "Replaces",
    "revokes": "Revoked by",
    "revoked_by": "Revokes",
    "companion": "Companion (same as)",
    "prior_session": "Version in a later session",
    "related": "Related",
}


def bill_detail(request: HttpRequest, pk: int) -> HttpResponse:
    current = Obligation.objects.shown().order_by("start", "id")
    bill = get_object_or_404(
        Bill.objects.select_related("jurisdiction", "session").prefetch_related(
            "actions",
            # The page lists the versions, never their texts (up to megabytes each).
            Prefetch("versions", queryset=BillVersion.objects.defer("text")),
            "sponsorships",
            "related_bills__related__jurisdiction",
            Prefetch("obligations", queryset=current, to_attr="current_obligations"),
        ),
        pk=pk,
    )
    as_of = _as_of(request)
    code = bill.jurisdiction.code
    versions = list(bill.versions.all())
    context = {
        "bill": bill,
        "obligation_groups": obligation_groups(bill.current_obligations, as_of),
        "as_of": as_of,
        "state_on": period_on(bill.legal_timeline, as_of) if as_of else None,
        "chain": amendment_chain(bill),
        "actions": [(a, chamber_name(code, a.actor)) for a in bill.actions.all()],
        "versions": versions,
        "related": related_links(bill),
        "diff_from": versions[-2].label if len(versions) > 1 else "",
        "diff_to": versions[-1].label if versions else "",
    }
    return render(request, "bills/bill_detail.html", context)


def _as_of(request: HttpRequest):
    """``?as_of=YYYY-MM-DD`` (the stored state, today's, when absent or unreadable)."""
    raw = request.GET.get("as_of")
    if not raw:
        return None
    try:
        return AsOfField().run_validation(raw)
    except ValidationError:  # a bad date shows today's state; the page still renders
        return None


def obligation_groups(obligations, as_of=None) -> list[tuple]:
    """(category, obligations) in the taxonomy's order; each obligation gets ``sentences``
    (and ``legal_state_on`` when the page asks about another date)."""
    by_category: dict[str, list] = {}
    for ob in obligations:
        ob.sentences = attribute_sentences(ob.attributes)
        if as_of:
            ob.legal_state_on = period_on(ob.legal_timeline, as_of)
        by_category.setdefault(ob.category, []).append(ob)
    return [(c, by_category[c.code]) for c in CATEGORIES if c.code in by_category]


def related_links(bill: Bill) -> list[tuple[str, Bill | None, str]]:
    """(how related, the other bill if stored, its name) both ways: this bill's own links
    and the bills that point at it (a chapter amendment names the law it amends)."""
    links = [
        (r.get_relation_display(), r.related, f"{r.jurisdiction_code} {r.identifier}")
        for r in bill.related_bills.all()
    ]
    seen = {other.pk for _, other, _ in links if other}
    incoming = RelatedBill.objects.filter(related=bill).select_related("bill__jurisdiction")
    for r in incoming:
        if r.bill_id not in seen:
            other = r.bill
            name = f"{other.jurisdiction.code} {other.identifier}"
            links.append((INVERSE_RELATIONS.get(r.relation, "Related"), other, name))
    return links
