"""Bounces: notifications read from a Maildir or mbox, matched to the digest they report,
counted, and N hard ones suspend the subscription (no more digests; the admin shows it)."""

from __future__ import annotations

import mailbox
import smtplib
from datetime import timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from bills.models import ChangeEvent
from digests import subscriptions
from digests.bounces import delivery_in_verp, envelope_sender, read_mailbox
from digests.dispatch import send_digests
from digests.models import Bounce, Delivery, Subscription
from digests.rendering import message_id
from tests.factories import make_bill

pytestmark = pytest.mark.django_db
FIXTURES = Path(__file__).parent / "fixtures" / "digests"
ADDRESS = "reader@example.com"


@pytest.fixture(autouse=True)
def _settings(settings):
    settings.DIGEST_SETTLE_SECONDS = 0
    settings.DIGEST_MAX_HARD_BOUNCES = 2
    settings.DIGEST_BOUNCE_ADDRESS = ""


def _sent_digest(email: str = ADDRESS) -> Delivery:
    """A subscription that has been sent one digest (a new change each call, the next day)."""
    sub = Subscription.objects.filter(email=email).first() or subscriptions.confirm(
        Subscription.objects.create(email=email)
    )
    days = Delivery.objects.filter(subscription=sub).count()
    ChangeEvent.objects.create(bill=make_bill(), kind="status_change", details={"to": "enacted"})
    send_digests("daily", now=timezone.now() + timedelta(days=days))
    return Delivery.objects.filter(subscription=sub).latest("id")


def _report(name: str, delivery: Delivery | None = None, **values) -> bytes:
    values = {
        "envelope_to": "alerts@regtracker.example",
        "recipient": delivery.subscription.email if delivery else ADDRESS,
        "message_id": message_id(delivery.pk) if delivery else "<unrelated@example.org>",
        **values,
    }
    return (FIXTURES / name).read_text().format(**values).encode()


def _maildir(tmp_path: Path, *messages: bytes) -> Path:
    box = mailbox.Maildir(tmp_path / "bounces", create=True)
    for data in messages:
        box.add(data)
    return tmp_path / "bounces"


def _run(path: Path, *args: str) -> str:
    out = StringIO()
    call_command("process_bounces", str(path), *args, stdout=out)
    return out.getvalue()


def test_a_hard_bounce_is_recorded_against_the_digest_once_however_often_it_is_read(tmp_path):
    delivery = _sent_digest()
    path = _maildir(tmp_path, _report("postfix_user_unknown.eml", delivery))
    assert _run(path).startswith("1 messages: 1 bounces recorded (0 temporary)")
    assert _run(path).startswith("1 messages: 0 bounces recorded (0 temporary), 1 already")
    [bounce] = Bounce.objects.all()
    assert (bounce.delivery, bounce.subscription, bounce.status, bounce.hard) == (
        delivery, delivery.subscription, "5.1.1", True,
    )  # fmt: skip
    assert bounce.report_id == "<20261130070112.4Q1a2b3c4d@mail.example.net>"
    assert Subscription.objects.get().bounces == 1


def test_n_hard_bounces_suspend_the_subscription_and_no_digest_goes_out_after(tmp_path):
    first, second = _sent_digest(), _sent_digest()
    ChangeEvent.objects.create(bill=make_bill(), kind="status_change", details={"to": "vetoed"})
    path = _maildir(
        tmp_path,
        _report("postfix_user_unknown.eml", first),
        _report("headers_only_mailbox_disabled.eml", second),
    )
    output = _run(path)
    assert "2 bounces recorded" in output and f"suspended: {ADDRESS}" in output
    sub = Subscription.objects.get()
    assert (sub.state, sub.bounces) == ("suspended", 2)
    outbox = len(mail.outbox)
    claimed, sent = send_digests("daily", now=timezone.now() + timedelta(days=5))
    assert (claimed.claimed, sent.sent, len(mail.outbox)) == (0, 0, outbox)


def test_suspending_cancels_a_digest_claimed_but_not_sent(tmp_path, settings):
    settings.DIGEST_MAX_HARD_BOUNCES = 1
    delivery = _sent_digest()
    claimed = Delivery.objects.create(subscription=delivery.subscription, period="weekly:x")
    read_mailbox(_maildir(tmp_path, _report("postfix_user_unknown.eml", delivery)))
    claimed.refresh_from_db()
    assert claimed.state == "cancelled"


def test_a_delay_is_recorded_but_not_counted_and_a_success_notice_is_not_a_bounce(tmp_path):
    delivery = _sent_digest()
    path = _maildir(
        tmp_path,
        _report("exim_delayed.eml", delivery),
        _report("delivered_notice.eml", delivery),
        _report("out_of_office.eml", delivery),
    )
    report = read_mailbox(path)
    assert (report.recorded, report.soft, report.delivered, report.not_reports) == (1, 1, 1, 1)
    assert Bounce.objects.get().hard is False
    assert Subscription.objects.get().bounces == 0


def test_a_report_naming_our_digest_for_another_address_is_not_that_readers_bounce(tmp_path):
    delivery = _sent_digest()
    data = _report("postfix_user_unknown.eml", delivery, recipient="stranger@example.net")
    report = read_mailbox(_maildir(tmp_path, data))
    assert (report.recorded, report.unmatched) == (0, 1)
    assert not Bounce.objects.exists()


def test_without_a_message_id_the_address_we_sent_to_is_matched(tmp_path):
    delivery = _sent_digest()
    data = _report("postfix_user_unknown.eml", delivery, message_id="<lost@example.org>")
    read_mailbox(_maildir(tmp_path, data))
    assert Bounce.objects.get().delivery == delivery
    # An address we never sent a digest to matches nothing.
    other = _report("postfix_user_unknown.eml", None, recipient="never@example.com")
    assert read_mailbox(_maildir(tmp_path, other)).unmatched == 1


def test_with_verp_a_forwarded_address_bounce_is_matched_by_the_signed_envelope(tmp_path, settings):
    settings.DIGEST_BOUNCE_ADDRESS = "bounces@regtracker.example"
    delivery = _sent_digest()
    verp = envelope_sender(delivery.pk)
    assert verp.startswith(f"bounces+{delivery.pk}-") and verp.endswith("@regtracker.example")
    assert delivery_in_verp(verp) == delivery.pk
    signature = verp.split("-", 1)[1].split("@")[0]
    another = f"bounces+{delivery.pk + 1}-{signature}@regtracker.example"
    forged = f"bounces+{delivery.pk}-0000000000@regtracker.example"
    assert delivery_in_verp(another) is None and delivery_in_verp(forged) is None
    # The reader's address forwards to another that bounces: only the envelope tells whose.
    data = _report(
        "headers_only_mailbox_disabled.eml",
        delivery,
        envelope_to=verp,
        recipient="forwarded@elsewhere.example",
        message_id="<stripped@example.org>",
    )
    read_mailbox(_maildir(tmp_path, data))
    assert Bounce.objects.get().delivery == delivery


def test_an_mbox_is_read_too_and_delete_removes_only_the_recorded_reports(tmp_path):
    delivery = _sent_digest()
    box = mailbox.mbox(tmp_path / "bounces.mbox")
    for name in ("postfix_user_unknown.eml", "out_of_office.eml"):
        box.add(_report(name, delivery))
    box.flush()
    box.close()
    assert "1 bounces recorded" in _run(tmp_path / "bounces.mbox", "--delete")
    left = mailbox.mbox(tmp_path / "bounces.mbox")
    assert [m["Subject"] for m in left] == ["Automatic reply: RegTracker daily digest, 2026-11-30"]


def test_a_missing_mailbox_is_an_error_naming_it(tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="no Maildir or mbox at"):
        _run(tmp_path / "nowhere")


def test_a_refusal_at_send_time_is_a_bounce_that_counts_toward_suspension(monkeypatch, settings):
    from django.core.mail.backends.locmem import EmailBackend

    settings.DIGEST_MAX_HARD_BOUNCES = 1
    refusal = smtplib.SMTPRecipientsRefused(
        {ADDRESS: (550, b"5.1.1 <reader@example.com>: Recipient address rejected")}
    )

    def refuse(self, messages):
        raise refusal

    monkeypatch.setattr(EmailBackend, "send_messages", refuse)
    subscriptions.confirm(Subscription.objects.create(email=ADDRESS))
    ChangeEvent.objects.create(bill=make_bill(), kind="status_change", details={"to": "enacted"})
    claimed, sent = send_digests("daily")
    assert (claimed.claimed, sent.failed) == (1, 1)
    bounce = Bounce.objects.get()
    assert (bounce.status, bounce.action, bounce.hard) == ("5.1.1", "failed", True)
    assert bounce.report_id == f"smtp:{bounce.delivery_id}:1"
    assert bounce.diagnostic == "smtp; 550 5.1.1 <reader@example.com>: Recipient address rejected"
    assert Subscription.objects.get().state == "suspended"
    assert Delivery.objects.get().state == "cancelled"  # no retry for a suspended address


def test_the_admin_lists_suspended_subscriptions_with_their_bounces_and_can_reactivate(
    admin_client, tmp_path, settings
):
    settings.DIGEST_MAX_HARD_BOUNCES = 1
    delivery = _sent_digest()
    read_mailbox(_maildir(tmp_path, _report("postfix_user_unknown.eml", delivery)))
    listing = admin_client.get("/admin/digests/subscription/?state__exact=suspended")
    assert ADDRESS in listing.content.decode()
    page = admin_client.get(f"/admin/digests/subscription/{delivery.subscription_id}/change/")
    html = page.content.decode()
    assert "Suspended: the address bounced" in html and "5.1.1" in html
    assert "User unknown in virtual mailbox table" in html
    admin_client.post(
        "/admin/digests/subscription/",
        {"action": "reactivate", "_selected_action": [delivery.subscription_id]},
    )
    sub = Subscription.objects.get()
    assert (sub.state, sub.bounces) == ("active", 0)
    assert (
        admin_client.get(f"/admin/digests/bounce/{Bounce.objects.get().pk}/change/").status_code
        == 200
    )


def test_the_job_task_reads_the_configured_mailbox_and_beat_runs_it_when_one_is_set(
    tmp_path, settings
):
    from jobs.schedule import beat_schedule
    from jobs.tasks import process_bounces

    assert process_bounces.apply().get() == {"skipped": "DIGEST_BOUNCE_MAILBOX is not set"}
    assert "digests-bounces" not in beat_schedule()
    delivery = _sent_digest()
    settings.DIGEST_BOUNCE_MAILBOX = str(
        _maildir(tmp_path, _report("postfix_user_unknown.eml", delivery))
    )
    result = process_bounces.apply().get()
    assert (result["messages"], result["recorded"]) == (1, 1)
    assert beat_schedule()["digests-bounces"]["task"] == "jobs.tasks.process_bounces"
