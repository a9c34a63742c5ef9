"""Senders take disjoint batches; a dead sender's unsent rest is sent by the next run, once.

The kill of a real worker process mid-batch is in ``test_digests_worker.py``
(PostgreSQL and Redis); these show the same rules on both databases, with a
sender that is really dead (PostgreSQL: a session that ended; SQLite: a
process that exited) and one that is really alive.
"""

from __future__ import annotations

import subprocess
import sys
from collections import Counter

import psycopg
import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone

from digests import holding
from digests.claiming import claim_due
from digests.models import Delivery, Subscription
from digests.sending import send_pending
from tests.factories import make_bill
from tests.test_digests import active, event
from tests.worker_helpers import wait_for

pytestmark = pytest.mark.django_db
READERS = 8


@pytest.fixture(autouse=True)
def _settle(settings):
    settings.DIGEST_SETTLE_SECONDS = 0


def claimed_digests(n: int = READERS) -> list[int]:
    for k in range(n):
        active(email=f"reader{k}@example.com")
    event(make_bill())
    assert claim_due("daily").claimed == n
    return list(Delivery.objects.order_by("id").values_list("id", flat=True))


class OtherSender:
    """A sender in another session (PostgreSQL) or process (SQLite), alive until ``end``."""

    def __init__(self):
        if connection.vendor == "postgresql":
            db = connection.settings_dict
            self.session = psycopg.connect(
                host=db["HOST"] or "127.0.0.1", port=db["PORT"] or 5432,
                user=db["USER"], password=db["PASSWORD"], dbname=db["NAME"], autocommit=True,
            )  # fmt: skip
            self.token = 4242
            self.session.execute(
                "SELECT pg_advisory_lock(%s, %s)", [holding.LOCK_CLASS, self.token]
            )
        else:
            self.process = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
            self.token = self.process.pid

    def _lock_freed(self) -> bool:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND classid = %s "
                "AND objid = %s AND objsubid = 2",
                [holding.LOCK_CLASS, self.token],
            )
            return cursor.fetchone()[0] == 0

    def take(self, ids: list[int]) -> None:
        Delivery.objects.filter(id__in=ids).update(state="sending", sender=self.token)

    def end(self) -> None:
        """Dies without giving anything back, as a killed worker does."""
        if connection.vendor == "postgresql":
            self.session.close()
            # The server ends the session (and frees its lock) a moment after the client is gone.
            wait_for(self._lock_freed, 10, "the closed session's advisory lock to be freed")
        else:
            self.process.kill()
            self.process.wait()


def test_two_senders_take_disjoint_batches_and_each_marks_only_what_it_sent():
    ids = claimed_digests()
    now = timezone.now()
    with holding.Sender() as first, holding.Sender() as second:
        assert first.token != second.token or connection.vendor == "sqlite"
        a, b = first.take(now, 5), second.take(now, 5)
        assert (a, b, second.take(now, 5)) == (ids[:5], ids[5:], [])
        holding.mark_sent(a[0], now)
        first.give_back(a)
        second.give_back(b)
    states = dict(Delivery.objects.values_list("id", "state"))
    assert Counter(states.values()) == Counter({"pending": READERS - 1, "sent": 1})
    assert states[a[0]] == "sent"


def test_a_dead_senders_unsent_rest_goes_out_with_the_next_run_and_nothing_twice():
    ids = claimed_digests()
    dead = OtherSender()
    dead.take(ids[:5])  # its batch: two accepted and marked before it died, three not
    for delivery_id in ids[:2]:
        holding.mark_sent(delivery_id, timezone.now())
    dead.end()
    report = send_pending()
    assert (report.recovered, report.sent) == (3, READERS - 2)
    received = Counter(m.to[0] for m in mail.outbox)
    emails = dict(Delivery.objects.values_list("id", "subscription__email"))
    assert received == Counter({emails[i]: 1 for i in ids[2:]})
    assert set(Delivery.objects.values_list("state", flat=True)) == {"sent"}
    assert send_pending().sent == 0


def test_a_live_senders_batch_is_left_to_it_until_it_gives_it_back():
    ids = claimed_digests()
    alive = OtherSender()
    try:
        alive.take(ids[:3])
        report = send_pending()
        assert (report.recovered, report.sent) == (0, READERS - 3)
        taken = Delivery.objects.filter(state="sending").values_list("id", flat=True)
        assert list(taken) == ids[:3]
    finally:
        alive.end()
    assert send_pending().sent == 3  # its session ended: the rest is given back and sent
    assert len(mail.outbox) == READERS
    assert len({m.to[0] for m in mail.outbox}) == READERS


def test_an_exception_mid_batch_gives_the_unsent_rest_back(monkeypatch):
    ids = claimed_digests()
    from django.core.mail.backends.locmem import EmailBackend

    real = EmailBackend.send_messages

    def breaking(self, messages):
        if len(mail.outbox) == 3:
            raise RuntimeError("a bug while sending")
        return real(self, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", breaking)
    with pytest.raises(RuntimeError):
        send_pending()
    states = dict(Delivery.objects.values_list("id", "state"))
    assert [states[i] for i in ids] == ["sent"] * 3 + ["pending"] * (READERS - 3)
    monkeypatch.setattr(EmailBackend, "send_messages", real)
    assert send_pending().sent == READERS - 3
    assert len({m.to[0] for m in mail.outbox}) == len(mail.outbox) == READERS


def test_an_unsubscribed_reader_in_a_taken_batch_is_cancelled_not_sent():
    ids = claimed_digests(3)
    Subscription.objects.filter(deliveries__id=ids[1]).update(state="unsubscribed")
    report = send_pending()
    assert (report.sent, report.cancelled) == (2, 1)
    assert Delivery.objects.get(id=ids[1]).state == "cancelled"
