"""What readers share is rendered once; each reader's message is still what the templates say."""

from __future__ import annotations

import re
import time

import pytest
from django.conf import settings
from django.core import signing
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe

from bills.models import ChangeEvent
from digests import subscriptions
from digests.claiming import claim_due
from digests.links import manage_url, signed_link_maker, unsubscribe_url
from digests.models import Delivery, Subscription
from digests.rendering import DigestRenderer, Frame
from digests.tokens import read_token
from digests.window import empty_window, load_for_deliveries
from tests.factories import make_bill, make_obligation

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _settle(settings):
    settings.DIGEST_SETTLE_SECONDS = 0


def _claimed(*filters: dict) -> list[Delivery]:
    ny, ca = make_bill("US-NY", "S 1"), make_bill("US-CA", "SB 53")
    make_obligation(ny, "civil_penalty", "attorney_general")
    for n, f in enumerate(filters):
        subscriptions.confirm(Subscription.objects.create(email=f"r{n}@example.com", **f))
    diff = {"version": "B", "added": [], "removed": [], "changed": [
        {"category": "civil_penalty", "actor": "attorney_general", "section": "§ 1",
         "attribute": "penalty_max_usd", "from": 10_000_000, "to": 1_000_000}]}  # fmt: skip
    ChangeEvent.objects.create(bill=ny, kind="obligations_changed", details=diff)
    ChangeEvent.objects.create(bill=ca, kind="status_change", details={"to": "vetoed"})
    claim_due("daily")
    return list(Delivery.objects.select_related("subscription").order_by("id"))


def _renderer(deliveries: list[Delivery]) -> DigestRenderer:
    events = {i for d in deliveries for i in d.event_ids}
    return DigestRenderer(load_for_deliveries(events, set(), timezone.localdate()))


@pytest.fixture
def one_second(monkeypatch):
    """Links are signed with the second they are made: the same second for what is compared,
    or a test that crosses a second's edge compares two different links."""
    now = signing.b62_encode(int(time.time()))
    monkeypatch.setattr(signing.TimestampSigner, "timestamp", lambda self: now)


@pytest.mark.usefixtures("one_second")
def test_each_readers_message_is_the_template_rendered_for_that_reader():
    deliveries = _claimed({}, {}, {"categories": ["civil_penalty"]})
    renderer = _renderer(deliveries)
    for delivery in deliveries:
        message = renderer.message(delivery)
        content = renderer._content(delivery)
        context = {
            "period": f"daily digest, {delivery.period.split(':')[1]}",
            "site": settings.SITE_URL.rstrip("/"),
            "manage_url": manage_url(delivery.subscription),
            "unsubscribe_url": unsubscribe_url(delivery.subscription),
        }
        text = render_to_string("digests/email/digest.txt", {**context, "body": content.text_body})
        html = render_to_string(
            "digests/email/digest.html", {**context, "body": mark_safe(content.html_body)}
        )
        assert (message.body, message.alternatives[0][0]) == (text, html)
        assert message.to == [delivery.subscription.email]


def test_readers_with_the_same_digest_share_one_rendering_and_get_their_own_links():
    deliveries = _claimed({}, {}, {"categories": ["civil_penalty"]})
    renderer = _renderer(deliveries)
    first, second, narrowed = (renderer.message(d) for d in deliveries)
    assert renderer._content(deliveries[0]) is renderer._content(deliveries[1])
    assert renderer._content(deliveries[2]) is not renderer._content(deliveries[0])
    assert "California" in first.body and "California" not in narrowed.body
    for message, delivery in ((first, deliveries[0]), (second, deliveries[1])):
        manage = re.search(r"/subscribe/manage/([^/]+)/", message.body).group(1)
        unsubscribe = re.search(r"/unsubscribe/([^/]+)/", message.extra_headers["List-Unsubscribe"])
        assert read_token(manage, "manage") == delivery.subscription
        assert read_token(unsubscribe.group(1), "unsubscribe") == delivery.subscription
        assert f"/subscribe/manage/{manage}/" in message.alternatives[0][0]


@pytest.mark.usefixtures("one_second")
def test_a_signed_link_made_for_many_is_the_link_reversed_for_one():
    sub = Subscription.objects.create(email="reader@example.com")
    assert signed_link_maker("manage", "manage")(sub) == manage_url(sub)
    assert signed_link_maker("unsubscribe", "unsubscribe")(sub) == unsubscribe_url(sub)


def test_a_frame_fills_its_slots_in_order_and_escapes_nothing_itself():
    frame = Frame(("<p>", " and ", "</p>"), ("a", "b"))
    assert frame.fill({"a": "x & y", "b": "z"}) == "<p>x & y and z</p>"


def test_an_empty_window_covers_nothing_until_loaded():
    window = empty_window(timezone.localdate())
    assert window.covers(set(), set())
    assert not window.covers({1}, set())
