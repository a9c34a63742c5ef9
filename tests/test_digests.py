"""Subscriptions and digests without a mail server: opt-in, tokens, filters, wording, claims."""

from __future__ import annotations

import smtplib
from datetime import date, timedelta

import pytest
from django.core import mail, signing
from django.utils import timezone

from bills.models import Bill, ChangeEvent
from bills.search import index_bill
from digests import subscriptions
from digests.claiming import claim_due, period_key
from digests.dispatch import send_digests
from digests.models import Announcement, Delivery, Subscription
from digests.sending import backoff, is_bounce
from digests.tokens import BadToken, make_token, read_token
from digests.wording import change_phrase
from tests.factories import make_bill, make_obligation, make_version

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _settle(settings):
    settings.DIGEST_SETTLE_SECONDS = 0


def active(email="reader@example.com", frequency="daily", **filters) -> Subscription:
    sub = Subscription.objects.create(email=email, frequency=frequency, **filters)
    return subscriptions.confirm(sub)


def event(bill, kind="status_change", **details) -> ChangeEvent:
    return ChangeEvent.objects.create(bill=bill, kind=kind, details=details)


def test_the_penalty_change_reads_as_old_and_new_value_per_violation():
    phrase = change_phrase("civil_penalty", "penalty_max_usd", 10_000_000, 1_000_000)
    assert phrase == "Civil penalty: up to $10,000,000 → up to $1,000,000 per violation"


def test_a_deadline_change_reads_in_hours():
    assert change_phrase("incident_reporting", "deadline", "PT72H", "P15D") == (
        "Incident reporting: within 72 h → within 15 days"
    )


def test_subscribing_twice_answers_the_same_and_sends_nothing_but_confirmations(
    client, django_capture_on_commit_callbacks
):
    answers = []
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            answers.append(
                client.post("/subscribe/", {"email": "a@example.com", "frequency": "daily"})
            )
    subscriptions.confirm(Subscription.objects.get())
    with django_capture_on_commit_callbacks(execute=True):
        answers.append(client.post("/subscribe/", {"email": "a@example.com", "frequency": "daily"}))
    assert answers[0].content == answers[1].content == answers[2].content
    assert [m.subject for m in mail.outbox] == ["Confirm your RegTracker subscription"] * 3
    assert "/subscribe/confirm/" in mail.outbox[0].body


def test_the_api_answers_the_same_202_for_a_new_and_a_known_address(client):
    make_bill("US-NY", "S 1")
    body = {"email": "a@example.com", "jurisdictions": ["US-NY"], "frequency": "weekly"}
    first = client.post("/api/v1/subscriptions/", body, content_type="application/json")
    subscriptions.confirm(Subscription.objects.get())
    second = client.post("/api/v1/subscriptions/", body, content_type="application/json")
    assert first.status_code == second.status_code == 202
    assert (
        first.json()
        == second.json()
        == {
            "message": "Check your inbox: a confirmation link was sent if the address can receive mail."
        }
    )


def test_the_api_rejects_unknown_codes_in_the_error_shape(client):
    answer = client.post(
        "/api/v1/subscriptions/",
        {"email": "nope", "categories": ["teleportation"], "frequency": "hourly"},
        content_type="application/json",
    )
    assert answer.status_code == 400
    body = answer.json()
    assert body["message"] == "Invalid request parameters."
    assert set(body["errors"]) == {"email", "categories", "frequency"}
    assert not Subscription.objects.exists()


def test_the_api_is_documented_in_the_schema(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    operation = schema["paths"]["/api/v1/subscriptions/"]["post"]
    assert {"202", "400"} <= set(operation["responses"])  # + the shared error answers


def test_a_confirmation_link_expires_and_cannot_be_used_to_unsubscribe(monkeypatch):
    sub = Subscription.objects.create(email="a@example.com")
    token = make_token(sub, "confirm")
    assert read_token(token, "confirm") == sub
    with pytest.raises(BadToken):
        read_token(token, "unsubscribe")
    later = timezone.now().timestamp() + 4 * 86400
    monkeypatch.setattr(signing.time, "time", lambda: later)
    with pytest.raises(BadToken, match="expired"):
        read_token(token, "confirm")


def test_a_tampered_link_is_refused_by_the_page(client):
    sub = Subscription.objects.create(email="a@example.com")
    token = make_token(sub, "manage")
    assert client.get(f"/subscribe/manage/{token[:-2]}xx/").status_code == 400


def test_the_manage_page_changes_filters_and_frequency(client):
    make_bill("US-CA", "SB 53")
    sub = active()
    token = make_token(sub, "manage")
    answer = client.post(
        f"/subscribe/manage/{token}/",
        {"jurisdictions": ["US-CA"], "categories": ["civil_penalty"], "frequency": "weekly"},
    )
    assert answer.status_code == 200
    sub.refresh_from_db()
    assert (sub.jurisdictions, sub.categories, sub.frequency) == (
        ["US-CA"],
        ["civil_penalty"],
        "weekly",
    )


def test_nothing_is_sent_before_confirmation():
    bill = make_bill()
    Subscription.objects.create(email="a@example.com")
    event(bill)
    claimed, sent = send_digests("daily")
    assert (claimed.claimed, sent.sent, len(mail.outbox)) == (0, 0, 0)


def test_a_digest_goes_out_once_per_period_and_the_next_period_starts_where_it_ended():
    bill = make_bill()
    sub = active()
    first = event(bill, "status_change", **{"from": "introduced", "to": "enacted"})
    send_digests("daily")
    send_digests("daily")
    assert len(mail.outbox) == 1
    second = event(
        bill, "new_action", actions=[{"date": "2026-01-02", "text": "Chapter amendment"}]
    )
    send_digests("daily", now=timezone.now() + timedelta(days=1))
    assert len(mail.outbox) == 2
    assert [d.event_ids for d in Delivery.objects.order_by("id")] == [[first.pk], [second.pk]]
    sub.refresh_from_db()
    assert sub.last_event_id == second.pk


def test_nothing_is_sent_when_nothing_matched():
    active(jurisdictions=["US-CA"])
    event(make_bill("US-NY"))
    claimed, sent = send_digests("daily")
    assert (claimed.claimed, claimed.nothing_new, sent.sent) == (0, 1, 0)
    assert mail.outbox == []


def test_filters_combine_and_categories_narrow_the_obligation_diff():
    ny, ca = make_bill("US-NY"), make_bill("US-CA")
    make_obligation(ny, "civil_penalty", "attorney_general")
    make_obligation(ca, "incident_reporting")
    active(categories=["civil_penalty"])
    diff = {
        "version": "B",
        "added": [],
        "removed": [],
        "changed": [
            {"category": "civil_penalty", "actor": "attorney_general", "section": "§ 1421",
             "attribute": "penalty_max_usd", "from": 10_000_000, "to": 1_000_000},
            {"category": "incident_reporting", "actor": "frontier_developer", "section": "§ 1421",
             "attribute": "deadline", "from": "PT72H", "to": "P15D"},
        ],
    }  # fmt: skip
    event(ny, "obligations_changed", **diff)
    event(ca, "status_change", **{"from": "introduced", "to": "vetoed"})
    send_digests("daily")
    [message] = mail.outbox
    assert "up to $1,000,000 per violation" in message.body
    assert "Incident reporting" not in message.body
    assert "California" not in message.body


def test_a_query_and_a_watch_list_select_bills():
    wanted = make_bill(title="Frontier model safety act")
    other = make_bill(title="Deepfake elections act")
    active(email="q@example.com", query='"frontier model" -elections')
    active(email="w@example.com", bills=[other.pk])
    event(wanted)
    event(other)
    send_digests("daily")
    by_address = {m.to[0]: m.body for m in mail.outbox}
    assert wanted.identifier in by_address["q@example.com"]
    assert other.identifier not in by_address["q@example.com"]
    assert other.identifier in by_address["w@example.com"]
    assert wanted.identifier not in by_address["w@example.com"]


def test_a_saved_query_uses_the_sites_search_over_the_bills_text():
    from digests.query import bills_matching

    said = make_bill(title="An act concerning models")
    make_version(said, "Enrolled", "A developer of a frontier artificial intelligence model "
                 "shall report a critical safety incident within 72 hours.")  # fmt: skip
    index_bill(said.pk)
    silent = make_bill(title="An act concerning deepfakes in elections")
    bills = Bill.objects.filter(pk__in=[said.pk, silent.pk])
    assert bills_matching('"critical safety incident"', bills) == {said.pk}
    assert bills_matching("deepfakes or incident", bills) == {said.pk, silent.pk}
    assert bills_matching("incident -frontier", bills) == set()


def test_a_saved_query_sees_a_bill_whose_search_indexing_has_not_run_yet(
    django_capture_on_commit_callbacks,
):
    from bills.ingest import ingest_record
    from digests.query import bills_matching
    from scrapers.records import VersionRecord
    from tests.record_factory import make_record

    record = make_record(identifier="S 6953", related_bills=[], versions=[
        VersionRecord("A", text="A frontier developer shall report a critical safety incident.")])  # fmt: skip
    with django_capture_on_commit_callbacks(execute=False):  # the indexing task never runs
        bill = Bill.objects.get(pk=ingest_record(record).bill_id)
    assert bill.search_pending_since is not None
    assert bills_matching('"critical safety incident"', [bill]) == {bill.pk}
    bill.refresh_from_db()
    assert bill.search_pending_since is None


def test_a_query_the_search_cannot_run_is_refused_when_saved(client):
    answer = client.post(
        "/api/v1/subscriptions/",
        {"email": "a@example.com", "query": "the and of"},
        content_type="application/json",
    )
    assert answer.status_code == 400
    assert answer.json()["errors"]["query"] == [
        "The search has only common words (the, and, of); add a more telling one."
    ]


def test_an_upcoming_effective_date_is_announced_once():
    bill = make_bill(effective_date=timezone.localdate() + timedelta(days=10))
    active()
    send_digests("daily")
    send_digests("daily", now=timezone.now() + timedelta(days=1))
    send_digests("weekly")
    assert len(mail.outbox) == 1
    assert "Coming up" in mail.outbox[0].body and "takes effect" in mail.outbox[0].body
    assert Announcement.objects.get().bill_id == bill.pk


def test_an_unknown_event_kind_renders_generically():
    bill = make_bill()
    active()
    event(bill, "court_order_filed", **{"from": "in_force", "to": "enjoined_in_part",
                                        "court": "D. Colo."})  # fmt: skip
    send_digests("daily")
    body = mail.outbox[0].body
    assert "Court order filed: in force → enjoined in part" in body
    assert "Court: D. Colo." in body


def test_a_legal_state_change_names_the_duties_that_moved_and_why():
    bill = make_bill(identifier="S 6953")
    duty = make_obligation(bill, "incident_reporting", section="§ 1421")
    make_obligation(bill, "civil_penalty", "attorney_general")
    active(email="all@example.com")
    active(email="penalties@example.com", categories=["civil_penalty"])
    moves = [{"id": duty.pk, "category": "incident_reporting", "section": "§ 1421",
              "from": "enacted_not_effective", "to": "superseded",
              "reason": "superseded by S 8828, chapter 96 of 2026"}]  # fmt: skip
    event(bill, "legal_state_changed", **{"from": "enacted_not_effective", "to": "superseded",
          "reason": "superseded by S 8828, chapter 96 of 2026", "bill_changed": True,
          "obligations": moves})  # fmt: skip
    send_digests("daily")
    bodies = {m.to[0]: m.body for m in mail.outbox}
    everything = bodies["all@example.com"]
    assert "Legal state: Enacted, not yet effective → Superseded" in everything
    assert (
        "Incident reporting (§ 1421): Enacted, not yet effective → Superseded — superseded by "
        "S 8828, chapter 96 of 2026" in everything
    )
    assert f"/obligations/{duty.pk}/" in everything
    assert "Legal state: Enacted, not yet effective → Superseded" in bodies["penalties@example.com"]
    assert "Incident reporting (§ 1421)" not in bodies["penalties@example.com"]


def test_the_legal_states_filter_reads_the_stored_legal_state():
    law, dead = make_bill(), make_bill()
    Bill.objects.filter(pk=law.pk).update(legal_state="in_force")
    Bill.objects.filter(pk=dead.pk).update(legal_state="dead")  # as bills.legal_state stores them
    active(legal_states=["in_force", "enacted_not_effective"])
    event(law)
    event(dead)
    send_digests("daily")
    [message] = mail.outbox
    assert law.identifier in message.body and dead.identifier not in message.body


def test_a_section_taking_effect_on_its_own_date_is_announced_once():
    soon = timezone.localdate() + timedelta(days=12)
    bill = make_bill()
    make_obligation(bill, "incident_reporting")
    make_obligation(bill, "civil_penalty", "attorney_general")
    bill.obligations.update(
        in_force_from=soon
    )  # a section's own date, as bills.legal_state stores it
    active()
    send_digests("daily")
    send_digests("daily", now=timezone.now() + timedelta(days=1))
    [message] = mail.outbox
    assert f"{soon:%Y-%m-%d}: {bill.identifier}" in message.body
    assert "2 duties take effect" in message.body


def test_bookkeeping_details_are_not_news():
    active()
    event(make_bill(), "details_changed", fields={"source_urls": [[], ["https://x.example"]]})
    assert send_digests("daily")[0].claimed == 0


def test_an_smtp_error_is_recorded_and_retried_with_backoff_while_the_rest_go_on(monkeypatch):
    bill = make_bill()
    active(email="bad@example.com")
    active(email="good@example.com")
    event(bill)
    from django.core.mail.backends.locmem import EmailBackend

    real = EmailBackend.send_messages

    def refusing(self, messages):
        if messages[0].to == ["bad@example.com"]:
            raise smtplib.SMTPRecipientsRefused({"bad@example.com": (550, b"no such user")})
        return real(self, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", refusing)
    now = timezone.now()
    claimed, sent = send_digests("daily", now=now)
    assert (sent.sent, sent.failed) == (1, 1)
    failed = Delivery.objects.get(subscription__email="bad@example.com")
    assert (failed.state, failed.attempts) == ("pending", 1)
    assert "no such user" in failed.last_error
    assert failed.next_attempt_at == now + backoff(1)
    assert Subscription.objects.get(email="bad@example.com").bounces == 1
    monkeypatch.setattr(EmailBackend, "send_messages", real)
    assert send_digests("daily", now=now)[1].sent == 0  # not due yet
    assert send_digests("daily", now=now + backoff(1))[1].sent == 1
    assert sorted(m.to[0] for m in mail.outbox) == ["bad@example.com", "good@example.com"]


def test_backoff_doubles_and_is_capped():
    assert [backoff(n).total_seconds() / 60 for n in (1, 2, 3)] == [2, 4, 8]
    assert backoff(30) == timedelta(hours=6)
    assert is_bounce(smtplib.SMTPDataError(554, b"rejected"))
    assert not is_bounce(smtplib.SMTPServerDisconnected("gone"))


def test_unsubscribing_cancels_a_claimed_digest(client):
    sub = active()
    event(make_bill())
    claim_due("daily")
    client.post(f"/subscribe/unsubscribe/{make_token(sub, 'unsubscribe')}/",
                "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded")  # fmt: skip
    assert send_digests("daily")[1].sent == 0
    assert Delivery.objects.get().state == "cancelled"


def test_periods_are_days_iso_weeks_and_the_immediate_cursor():
    now = timezone.make_aware(timezone.datetime(2026, 11, 30, 9))
    assert period_key("daily", now) == "daily:2026-11-30"
    assert period_key("weekly", now) == "weekly:2026-W49"
    assert period_key("immediate", now, 42) == "immediate:42"


def test_a_young_event_waits_for_the_next_run_when_commits_may_arrive_out_of_order(settings):
    settings.DIGEST_SETTLE_SECONDS = 300
    bill = make_bill()
    active()
    old = event(bill)
    ChangeEvent.objects.filter(pk=old.pk).update(occurred_at=timezone.now() - timedelta(hours=1))
    young = event(bill)
    send_digests("daily")
    assert Delivery.objects.get().event_ids == [old.pk]
    later = timezone.now() + timedelta(days=1)
    send_digests("daily", now=later)
    assert [d.event_ids for d in Delivery.objects.order_by("id")] == [[old.pk], [young.pk]]


def test_confirming_starts_the_cursor_at_the_newest_change():
    bill = make_bill()
    before = event(bill)
    sub = Subscription.objects.create(email="a@example.com", created_at=date(2025, 1, 1))
    sub = subscriptions.confirm(sub)
    assert sub.last_event_id == before.pk
    assert send_digests("daily")[0].claimed == 0


def test_beat_sends_daily_and_weekly_digests_and_sweeps_immediate_alerts_and_retries():
    from jobs.schedule import beat_schedule

    schedule = beat_schedule()
    assert {schedule[k]["args"] for k in ("digests-daily", "digests-weekly", "digests-immediate")} == {
        ("daily",), ("weekly",), ("immediate",)
    }  # fmt: skip
    assert {schedule[k]["task"] for k in schedule if k.startswith("digests-")} == {
        "jobs.tasks.send_digests"
    }


def test_a_committed_change_queues_the_immediate_alerts_once_per_transaction(
    django_capture_on_commit_callbacks,
):
    from jobs.queueing import enqueue_alerts

    bill = make_bill()
    active(frequency="immediate")
    with django_capture_on_commit_callbacks() as callbacks:
        event(bill)
        event(bill)
    assert [c for c in callbacks if c is enqueue_alerts] == [enqueue_alerts]


def test_no_alert_is_queued_while_nobody_wants_immediate_alerts(django_capture_on_commit_callbacks):
    active(frequency="daily")
    with django_capture_on_commit_callbacks() as callbacks:
        event(make_bill())
    assert callbacks == []


def test_the_subscribe_page_offers_every_filter_with_labels(client):
    make_bill("US-CA", "SB 53")
    page = client.get("/subscribe/?bills=7&frequency=weekly").content.decode()
    for text in ('name="email"', "California", "Civil penalty", "Frontier developer",
                 "Enacted, not yet effective", "Immediately", 'value="7"', 'name="query"'):  # fmt: skip
        assert text in page


def test_the_manage_page_shows_the_current_choices_and_an_unsubscribe_link(client):
    bill = make_bill("US-CA", "SB 53")
    sub = active(jurisdictions=["US-CA"], bills=[bill.pk], frequency="weekly")
    page = client.get(f"/subscribe/manage/{make_token(sub, 'manage')}/").content.decode()
    assert 'value="US-CA 2025-2026 SB 53"' in page  # the watch list by reference
    assert 'value="weekly" required id="id_frequency_2" checked' in page
    assert 'value="US-CA" id="id_jurisdictions_0" checked' in page  # the only jurisdiction
    assert "/subscribe/unsubscribe/" in page
