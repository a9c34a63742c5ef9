"""Email messages from Django templates: the digest (HTML and plain text) and the confirmation.

Every digest carries ``List-Unsubscribe`` with its signed one-click link and
``List-Unsubscribe-Post: List-Unsubscribe=One-Click`` (RFC 8058), a manage
link, and a Message-ID derived from the delivery, so a receiver that sees a
redelivered copy can tell it is the same message.

Ten thousand readers share a few dozen distinct digests, so what they share
is rendered once per sending run: the body once per distinct content (the
same events, dates and narrowing filters), the surrounding template once per
period as a ``Frame`` with slots for what differs per reader (the body and
the two signed links). A reader's message is the frame filled in: a join of
strings, the same text the template renders for that reader.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe

from .bounces import envelope_sender
from .building import BillEntry, Digest, build_digest
from .links import absolute, confirm_url, signed_link_maker
from .mime import PreparedEmail
from .models import Delivery, Subscription
from .window import Window

LIST_ID = "RegTracker digests <digests.regtracker>"
READER_SLOTS = ("body", "manage_url", "unsubscribe_url")
# Marks a slot in a rendered frame; random per process, so no text can contain it by accident.
_MARK = f"slot{secrets.token_hex(8)}"
_SLOT = re.compile(f"{_MARK}([a-z_]+){_MARK}")


@dataclass(frozen=True)
class Frame:
    """A rendered template with named slots: ``chunks`` around ``slots``, one more chunk."""

    chunks: tuple[str, ...]
    slots: tuple[str, ...]

    @classmethod
    def render(cls, template: str, context: dict, slots: tuple[str, ...]) -> Frame:
        marked = {name: mark_safe(f"{_MARK}{name}{_MARK}") for name in slots}  # noqa: S308 our marks
        pieces = _SLOT.split(render_to_string(template, {**context, **marked}))
        return cls(tuple(pieces[0::2]), tuple(pieces[1::2]))

    def fill(self, values: dict[str, str]) -> str:
        out = [self.chunks[0]]
        for name, chunk in zip(self.slots, self.chunks[1:], strict=True):
            out += (values[name], chunk)
        return "".join(out)


@dataclass(frozen=True)
class Content:
    """What every reader of one distinct digest shares."""

    digest: Digest
    subject: str
    text_body: str
    html_body: str


class DigestRenderer:
    """Renders deliveries; one renderer serves a whole sending run, batch after batch."""

    def __init__(self, window: Window):
        self.window = window
        self._contents: dict[tuple, Content] = {}
        self._entries: dict[tuple, BillEntry] = {}
        self._fragments: dict[tuple, str] = {}
        self._frames: dict[str, tuple[Frame, Frame]] = {}
        self._manage_url = signed_link_maker("manage", "manage")
        self._unsubscribe_url = signed_link_maker("unsubscribe", "unsubscribe")

    def use(self, window: Window) -> None:
        """Render from now on with ``window`` (a later batch's, a superset of this one's)."""
        self.window = window

    def message(self, delivery: Delivery) -> PreparedEmail:
        sub = delivery.subscription
        content = self._content(delivery)
        text_frame, html_frame = self._frame(_period_label(delivery))
        links = {"manage_url": self._manage_url(sub), "unsubscribe_url": self._unsubscribe_url(sub)}
        text = text_frame.fill({**links, "body": content.text_body})
        html = html_frame.fill(
            {**{k: escape(v) for k, v in links.items()}, "body": content.html_body}
        )
        return PreparedEmail(
            content.subject,
            text,
            html,
            envelope_sender(delivery.pk),
            sub.email,
            headers={
                "From": settings.DEFAULT_FROM_EMAIL,
                "List-Unsubscribe": f"<{links['unsubscribe_url']}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
                "List-Id": LIST_ID,
                "Message-ID": message_id(delivery.pk),
                "Auto-Submitted": "auto-generated",
            },
        )

    def _content(self, delivery: Delivery) -> Content:
        sub = delivery.subscription
        key = (
            delivery.period,
            tuple(delivery.event_ids),
            tuple(tuple(a) for a in delivery.announcements),
            tuple(sub.categories),
            tuple(sub.actors),
        )
        if key not in self._contents:
            digest = build_digest(
                sub, self.window, delivery.event_ids, delivery.announcements, self._entries
            )
            self._contents[key] = Content(
                digest,
                _subject(delivery, digest),
                self._body(digest, "txt"),
                self._body(digest, "html"),
            )
        return self._contents[key]

    def _body(self, digest: Digest, kind: str) -> str:
        """The body template over sections whose bill entries are rendered once each."""
        sections = [
            {
                "name": section.name,
                "bills": [self._fragment(entry, kind) for entry in section.bills],
                "upcoming": section.upcoming,
            }
            for section in digest.sections
        ]
        return render_to_string(
            f"digests/email/body.{kind}", {"sections": sections, "site": _site()}
        )

    def _fragment(self, entry: BillEntry, kind: str) -> str:
        if (entry.key, kind) not in self._fragments:
            context = {"entry": entry, "site": _site()}
            html = render_to_string(f"digests/email/_bill.{kind}", context)
            self._fragments[entry.key, kind] = mark_safe(html)  # noqa: S308 rendered by our own template
        return self._fragments[entry.key, kind]

    def _frame(self, period: str) -> tuple[Frame, Frame]:
        if period not in self._frames:
            context = {"period": period, "site": _site()}
            self._frames[period] = (
                Frame.render("digests/email/digest.txt", context, READER_SLOTS),
                Frame.render("digests/email/digest.html", context, READER_SLOTS),
            )
        return self._frames[period]


def message_id(delivery_id: int) -> str:
    """Stable per delivery: a redelivered copy has the same; a bounce names the delivery by it."""
    return f"<digest-{delivery_id}@{_domain()}>"


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


def _site() -> str:
    return settings.SITE_URL.rstrip("/")


def _domain() -> str:
    address = settings.DEFAULT_FROM_EMAIL.rsplit("@", 1)[-1]
    return address.strip("> ") or "regtracker.localhost"
