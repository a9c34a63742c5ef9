"""Subscription pages: subscribe, confirm, manage, unsubscribe. Signed links, no login.

Thin: each validates its input and calls one function of ``subscriptions``.
Confirm and unsubscribe change state only on POST, so a mail scanner that
follows the links does not act for the reader; unsubscribe also accepts the
RFC 8058 one-click POST (``List-Unsubscribe=One-Click``) from mail clients,
which carries no CSRF token: the signed link is the credential.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from bills.models import Bill

from . import subscriptions, watchlist
from .forms import FiltersForm, SubscribeForm
from .tokens import BadToken, make_token, read_token

SENT = (
    "Thank you. If the address can receive mail, a confirmation link is on its way: "
    "follow it to start your digests. The link expires in 3 days."
)


@require_http_methods(["GET", "POST"])
def subscribe_page(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = SubscribeForm(request.POST)
        if form.is_valid():
            subscriptions.subscribe(
                form.cleaned_data["email"], form.cleaned_data["frequency"], **form.filters()
            )
            return render(
                request, "digests/message.html", {"title": "Check your inbox", "text": SENT}
            )
    else:
        form = SubscribeForm(initial=_initial_from_query(request))
    return render(
        request, "digests/subscribe.html", {"form": form}, status=400 if form.errors else 200
    )


@require_http_methods(["GET", "POST"])
def confirm_page(request: HttpRequest, token: str) -> HttpResponse:
    subscription = _read(token, "confirm")
    if subscription is None:
        return _bad_link(request)
    if request.method == "POST":
        subscription = subscriptions.confirm(subscription)
        return render(
            request,
            "digests/message.html",
            {
                "title": "Subscription confirmed"
                if subscription.state == "active"
                else "This subscription was cancelled",
                "text": "Your first digest will tell what changes from now on.",
                "manage_token": make_token(subscription, "manage"),
            },
        )
    return render(request, "digests/confirm.html", {"subscription": subscription})


@require_http_methods(["GET", "POST"])
def manage_page(request: HttpRequest, token: str) -> HttpResponse:
    subscription = _read(token, "manage")
    if subscription is None:
        return _bad_link(request)
    saved = False
    if request.method == "POST":
        form = FiltersForm(request.POST)
        if form.is_valid():
            subscriptions.update(subscription, form.cleaned_data["frequency"], **form.filters())
            saved = True
    else:
        form = FiltersForm(initial={**subscription.filters, "bills": _watched(subscription.bills),
                                    "frequency": subscription.frequency})  # fmt: skip
    context = {
        "form": form,
        "subscription": subscription,
        "saved": saved,
        "unsubscribe_token": make_token(subscription, "unsubscribe"),
    }
    return render(request, "digests/manage.html", context, status=400 if form.errors else 200)


@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe_page(request: HttpRequest, token: str) -> HttpResponse:
    subscription = _read(token, "unsubscribe")
    if subscription is None:
        return _bad_link(request)
    if request.method == "POST":
        subscriptions.unsubscribe(subscription)
        text = (
            f"{subscription.email} will receive no more RegTracker digests from this subscription."
        )
        return render(request, "digests/message.html", {"title": "Unsubscribed", "text": text})
    return render(request, "digests/unsubscribe.html", {"subscription": subscription})


def _read(token: str, purpose: str):
    try:
        return read_token(token, purpose)
    except BadToken:
        return None


def _bad_link(request: HttpRequest) -> HttpResponse:
    text = "This link is not valid or has expired. You can subscribe again at any time."
    return render(
        request, "digests/message.html", {"title": "Link not valid", "text": text}, status=400
    )


@require_http_methods(["GET"])
def watch_list_status(request: HttpRequest) -> HttpResponse:
    """The watch list as typed so far, entry by entry: the bill each names, or why none
    (htmx shows it under the field while one types; the form says the same on submit)."""
    text = request.GET.get("bills", "")
    entries = watchlist.split_entries(text)[: watchlist.MAX_ENTRIES]
    rows = [
        {"resolution": r, "choices": [(bill, _replaced(entries, n, bill)) for bill in r.choices]}
        for n, r in enumerate(watchlist.resolve_all(entries))
    ]
    if request.GET.get("part") == "field":  # a choice was clicked: the field with its new text
        field = FiltersForm(initial={"bills": text})["bills"]
        return render(request, "digests/_watch_list.html", {"field": field, "rows": rows})
    return render(request, "digests/_watch_list_status.html", {"rows": rows})


def _replaced(entries: list[str], n: int, bill: Bill) -> str:
    """Where choosing ``bill`` for entry ``n`` leads: the field, that entry replaced."""
    text = ", ".join(watchlist.reference(bill) if i == n else e for i, e in enumerate(entries))
    return f"{reverse('digests:watch-list')}?{urlencode({'bills': text, 'part': 'field'})}"


def _initial_from_query(request: HttpRequest) -> dict:
    """``/subscribe/?bills=12&jurisdictions=US-NY``: a bill or state page can link a ready form."""
    return {
        "bills": ", ".join(request.GET.getlist("bills")),
        "jurisdictions": request.GET.getlist("jurisdictions"),
        "query": request.GET.get("query", ""),
        "frequency": request.GET.get("frequency", "daily"),
    }


def _watched(ids: list[int]) -> str:
    """The watch list as the form shows it: each bill's full reference ("US-CA 2025-2026 SB 53")."""
    found = Bill.objects.select_related("jurisdiction", "session").in_bulk(ids)
    return ", ".join(watchlist.reference(found[i]) for i in ids if i in found)
