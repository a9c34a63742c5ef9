"""The whole digest flow against a real SMTP server on localhost (aiosmtpd, started here).

subscribe → confirm → a new version of a watched bill changes a penalty → the
digest arrives with both parts, the old and new values and the unsubscribe
headers → ``send_digests`` again sends nothing → one-click unsubscribe →
nothing more.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from urllib.parse import urlparse

import pytest
from django.core.management import call_command
from django.utils import timezone

from bills.ingest import ingest_record
from bills.models import Bill, ChangeEvent
from digests.dispatch import send_digests
from digests.models import Delivery, Subscription
from scrapers.records import VersionRecord
from tests.record_factory import make_record
from tests.smtp_helpers import parts, smtp_inbox, smtp_server  # noqa: F401

PENALTY = (
    "Section 5. A large developer of a frontier artificial intelligence model that violates this article shall be liable for a civil "
    "penalty in an amount not to exceed {amount} dollars for each violation, to be recovered "
    "by the attorney general."
)
ADDRESS = "officer@example.com"


def _version(label: str, amount: str, day: int) -> VersionRecord:
    return VersionRecord(
        label, date(2025, 6, day), f"https://example.org/{label}", "text/plain",
        PENALTY.format(amount=amount),
    )  # fmt: skip


def _path(url: str) -> str:
    return urlparse(url).path


@pytest.fixture
def watched_bill(settings) -> Bill:
    settings.DIGEST_SETTLE_SECONDS = 0
    ingest_record(make_record(versions=[_version("S6953", "ten million", 1)]))
    bill = Bill.objects.get()
    assert bill.obligations.filter(category="civil_penalty", penalty_max_usd=10_000_000).exists()
    return bill


def _subscribe_and_confirm(client, inbox, bill: Bill) -> Subscription:
    answer = client.post(
        "/subscribe/", {"email": ADDRESS, "bills": str(bill.pk), "frequency": "daily"}
    )
    assert answer.status_code == 200 and b"Check your inbox" in answer.content
    [confirmation] = inbox.to(ADDRESS)
    assert confirmation["Subject"] == "Confirm your RegTracker subscription"
    link = re.search(r"http\S+/subscribe/confirm/\S+/", parts(confirmation)[0]).group(0)
    assert Subscription.objects.get().state == "pending"
    assert (
        client.get(_path(link)).status_code == 200
    )  # a scanner following the link confirms nothing
    assert Subscription.objects.get().state == "pending"
    assert client.post(_path(link)).status_code == 200
    inbox.clear()
    return Subscription.objects.get()


@pytest.mark.django_db(transaction=True)
def test_a_watched_bills_penalty_change_arrives_once_and_stops_after_one_click_unsubscribe(
    client,
    smtp_inbox,  # noqa: F811 (the fixture imported above)
    watched_bill,
):
    subscription = _subscribe_and_confirm(client, smtp_inbox, watched_bill)
    assert subscription.state == "active"

    ingest_record(
        make_record(
            versions=[_version("S6953", "ten million", 1), _version("S6953A", "one million", 9)]
        )
    )
    assert ChangeEvent.objects.filter(kind="obligations_changed").exists()
    call_command("send_digests", frequency="daily")

    [digest] = smtp_inbox.to(ADDRESS)
    text, html = parts(digest)
    for body in (text, html):
        assert "Civil penalty: up to $10,000,000 → up to $1,000,000 per violation" in body
        assert "S 6953" in body and "New York" in body
    assert "<a href=" in html and "<a href=" not in text
    assert f"/bills/{watched_bill.pk}/diff/?from=S6953&to=S6953A" in text  # the redline
    assert "/obligations/" in text  # each diff line links its cited span
    assert digest["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe = re.fullmatch(r"<(http\S+)>", digest["List-Unsubscribe"].strip()).group(1)
    assert "/subscribe/manage/" in text

    call_command("send_digests", frequency="daily")
    assert len(smtp_inbox.to(ADDRESS)) == 1

    answer = client.post(
        _path(unsubscribe), "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )  # fmt: skip
    assert answer.status_code == 200
    assert Subscription.objects.get().state == "unsubscribed"

    ingest_record(
        make_record(
            versions=[
                _version("S6953", "ten million", 1),
                _version("S6953A", "one million", 9),
                _version("S6953B", "five million", 20),
            ]
        )
    )
    tomorrow = timezone.now() + timedelta(days=1)
    for frequency in ("daily", "weekly", "immediate"):
        send_digests(frequency, now=tomorrow)
    assert len(smtp_inbox.to(ADDRESS)) == 1
    assert Delivery.objects.filter(state="sent").count() == 1


@pytest.mark.django_db(transaction=True)
def test_an_immediate_subscription_is_alerted_when_the_change_commits(
    client,
    smtp_inbox,  # noqa: F811 (the fixture imported above)
    watched_bill,
):
    client.post("/subscribe/", {"email": ADDRESS, "frequency": "immediate"})
    link = re.search(r"http\S+/subscribe/confirm/\S+/", parts(smtp_inbox.to(ADDRESS)[0])[0])
    client.post(_path(link.group(0)))
    smtp_inbox.clear()

    ingest_record(
        make_record(
            versions=[_version("S6953", "ten million", 1), _version("S6953A", "one million", 9)]
        )
    )

    alerts = smtp_inbox.to(ADDRESS)
    assert alerts, "the commit of the change queued (eagerly, here) the immediate alert"
    assert all(m["Subject"].startswith("RegTracker alert") for m in alerts)
    assert any("$1,000,000 per violation" in parts(m)[0] for m in alerts)
    before = len(alerts)
    send_digests("immediate")
    assert len(smtp_inbox.to(ADDRESS)) == before


@pytest.mark.django_db
def test_a_batch_shares_one_smtp_connection(smtp_inbox, settings):  # noqa: F811 (fixture above)
    from tests.factories import make_bill

    settings.DIGEST_SETTLE_SECONDS, settings.DIGEST_BATCH_SIZE = 0, 2
    for n in range(5):
        Subscription.objects.create(email=f"r{n}@example.com", state="active")
    ChangeEvent.objects.create(bill=make_bill(), kind="status_change", details={"to": "enacted"})
    claimed, sent = send_digests("daily")
    assert (claimed.claimed, sent.sent, len(smtp_inbox.messages)) == (5, 5, 5)
    assert smtp_inbox.sessions == 3  # batches of 2, 2 and 1


@pytest.mark.django_db
def test_with_verp_each_digest_carries_its_own_bounce_address_and_a_refusal_is_a_bounce(
    smtp_inbox,  # noqa: F811 (the fixture imported above)
    settings,
):
    from digests.bounces import delivery_in_verp
    from digests.models import Bounce
    from tests.factories import make_bill

    settings.DIGEST_SETTLE_SECONDS, settings.DIGEST_BOUNCE_ADDRESS = 0, "bounces@regtracker.example"
    for address in ("good@example.com", "gone@example.com"):
        Subscription.objects.create(email=address, state="active")
    ChangeEvent.objects.create(bill=make_bill(), kind="status_change", details={"to": "enacted"})
    smtp_inbox.reply = lambda rcpt, message: (
        "550 5.1.1 <gone@example.com>: Recipient address rejected"
        if rcpt.startswith("gone")
        else None
    )
    claimed, sent = send_digests("daily")
    assert (claimed.claimed, sent.sent, sent.failed) == (2, 1, 1)
    [digest] = smtp_inbox.messages
    assert digest["From"] == settings.DEFAULT_FROM_EMAIL  # the reader sees the usual sender
    senders = {rcpts[0]: mail_from for mail_from, rcpts in smtp_inbox.envelopes}
    for address, mail_from in senders.items():
        delivery = Delivery.objects.get(subscription__email=address)
        assert delivery_in_verp(mail_from) == delivery.pk
    bounce = Bounce.objects.get()
    assert (bounce.recipient, bounce.status, bounce.hard) == ("gone@example.com", "5.1.1", True)
