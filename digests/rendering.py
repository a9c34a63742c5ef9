"""Email messages from Django templates: the digest (HTML and plain text) and the confirmation.

Every digest carries ``List-Unsubscribe`` with its signed one-click link and
``List-Unsubscribe-Post: List-Unsubscribe=One-Click`` (RFC 8058), a manage
link, and a Message-ID derived from the delivery, so a receiver that sees a
redelivered copy can tell it is the same message. The part of a digest that
depends only on its events, dates and narrowing filters is rendered once per
distinct content and reused across subscribers who share it.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe

from .building import Digest, build_digest
from .links import absolute, confirm_url, manage_url, unsubscribe_url
from .models import Delivery, Subscription
from .window import Window

LIST_ID = "RegTracker digests <digests.regtracker>"


class DigestRenderer:
    """Renders the deliveries of one batch; the window holds what they name."""

    def __init__(self, window: Window):
        self.window = window
        self._bodies: dict[tuple, tuple[Digest, str, str]] = {}

    def message(self, delivery: Delivery) -> EmailMultiAlternatives:
        sub = delivery.subscription
        digest, text_body, html_body = self._body(delivery)
        context = {
            "subscription": sub,
            "digest": digest,
            "period": _period_label(delivery),
            "manage_url": manage_url(sub),
            "unsubscribe_url": unsubscribe_url(sub),
            "site": settings.SITE_URL.rstrip("/"),
        }
        text = render_to_string("digests/email/digest.txt", {**context, "body": text_body})
        html = render_to_string("digests/email/digest.html", {**context, "body": html_body})
        message = EmailMultiAlternatives(
            subject=_subject(delivery, digest),
            body=text,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[sub.email],
            headers={
                "List-Unsubscribe": f"<{context['unsubscribe_url']}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
                "List-Id": LIST_ID,
                "Message-ID": f"<digest-{delivery.pk}@{_domain()}>",
                "Auto-Submitted": "auto-generated",
            },
        )
        message.attach_alternative(html, "text/html")
        return message

    def _body(self, delivery: Delivery) -> tuple[Digest, str, str]:
        sub = delivery.subscription
        key = (
            tuple(delivery.event_ids),
            tuple(tuple(a) for a in delivery.announcements),
            tuple(sub.categories),
            tuple(sub.actors),
        )
        if key not in self._bodies:
            digest = build_digest(sub, self.window, delivery.event_ids, delivery.announcements)
            context = {"digest": digest, "site": settings.SITE_URL.rstrip("/")}
            self._bodies[key] = (
                digest,
                render_to_string("digests/email/body.txt", context),
                mark_safe(render_to_string("digests/email/body.html", context)),  # noqa: S308 rendered by our own autoescaping template
            )
        return self._bodies[key]


def confirmation_message(subscription: Subscription) -> EmailMultiAlternatives:
    context = {
        "subscription": subscription,
        "confirm_url": confirm_url(subscription),
        "site": settings.SITE_URL.rstrip("/"),
        "subscribe_url": absolute("/subscribe/"),
    }
    message = EmailMultiAlternatives(
        subject="Confirm your RegTracker subscription",
        body=render_to_string("digests/email/confirm.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[subscription.email],
        headers={"Auto-Submitted": "auto-generated"},
    )
    message.attach_alternative(render_to_string("digests/email/confirm.html", context), "text/html")
    return message


def _subject(delivery: Delivery, digest: Digest) -> str:
    places = ", ".join(digest.jurisdiction_names[:3])
    if len(digest.jurisdiction_names) > 3:
        places += f" and {len(digest.jurisdiction_names) - 3} more"
    what = _count(digest.changes, "change") if digest.changes else "upcoming dates"
    if delivery.period.startswith("immediate:"):
        return f"RegTracker alert: {what} in {places}"
    return f"RegTracker {_period_label(delivery)}: {what} in {places}"


def _period_label(delivery: Delivery) -> str:
    kind, _, value = delivery.period.partition(":")
    if kind == "daily":
        return f"daily digest, {value}"
    if kind == "weekly":
        return f"weekly digest, {value}"
    return f"alert of {timezone.localtime(delivery.created_at):%Y-%m-%d %H:%M} UTC"


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _domain() -> str:
    address = settings.DEFAULT_FROM_EMAIL.rsplit("@", 1)[-1]
    return address.strip("> ") or "regtracker.localhost"
