"""Anonymous API reads answered from the cache until the data changes (regtracker/api_cache.py).

Runs on whatever cache the settings give: the process's own memory on the embedded
default (with the cache switched on here), Redis in CI's second pass.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.db import connection, transaction
from django.test import override_settings

from bills import generation
from bills.api.throttling import SlidingWindowAnonThrottle
from bills.models import Bill, ScrapeRun
from tests.factories import make_bill, make_obligation

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("cache_on")]


@pytest.fixture
def cache_on():
    with override_settings(API_CACHE_SECONDS=300):
        yield


@pytest.fixture
def bill():
    bill = make_bill("US-CA", "SB 53", title="Frontier AI")
    make_obligation(bill)
    return bill


def test_a_second_read_is_the_same_answer_without_a_query(client, bill, django_assert_num_queries):
    first = client.get("/api/v1/bills/")
    with django_assert_num_queries(0):
        second = client.get("/api/v1/bills/")
    assert second.status_code == 200
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"] == "application/json"
    assert second["ETag"] == first["ETag"] and second["Cache-Control"] == "public, no-cache"
    assert "script-src 'self'" in second["Content-Security-Policy"]  # the stack's headers kept


@pytest.mark.parametrize(
    "write",
    [
        lambda bill: make_obligation(bill),
        lambda bill: Bill.objects.filter(pk=bill.pk).update(title="Renamed"),
        lambda bill: connection.cursor().execute(
            "UPDATE bills_bill SET title = 'Renamed' WHERE id = %s", [bill.pk]
        ),
        lambda bill: bill.delete(),
    ],
    ids=["orm-create", "queryset-update", "raw-sql", "delete"],
)
def test_any_write_to_the_data_makes_the_next_read_fresh(client, bill, write):
    addresses = ["/api/v1/bills/", f"/api/v1/obligations/?bill={bill.pk}"]
    before = [client.get(a).content for a in addresses]
    write(bill)
    after = [client.get(a).content for a in addresses]
    assert after != before
    with override_settings(API_CACHE_SECONDS=0):  # what the whole stack answers now
        assert after == [client.get(a).content for a in addresses]


def test_an_unchanged_answer_is_a_304_until_the_data_changes(client, bill):
    etag = client.get(f"/api/v1/bills/{bill.pk}/")["ETag"]
    unchanged = client.get(f"/api/v1/bills/{bill.pk}/", HTTP_IF_NONE_MATCH=etag)
    assert unchanged.status_code == 304 and unchanged.content == b""
    assert unchanged["ETag"] == etag
    Bill.objects.filter(pk=bill.pk).update(title="Renamed")
    changed = client.get(f"/api/v1/bills/{bill.pk}/", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag
    assert changed.json()["title"] == "Renamed"


def test_formats_and_queries_are_kept_apart(client, bill):
    as_json = client.get("/api/v1/obligations/")
    as_csv = client.get("/api/v1/obligations/?format=csv")
    by_accept = client.get("/api/v1/obligations/", HTTP_ACCEPT="text/csv")
    assert as_json["Content-Type"] == "application/json"
    assert as_csv["Content-Type"].startswith("text/csv")
    assert by_accept["Content-Type"].startswith("text/csv")
    assert client.get("/api/v1/obligations/?jurisdiction=US-NY").json()["results"] == []
    assert client.get("/api/v1/obligations/?jurisdiction=US-CA").json()["count"] == 1


def test_errors_and_signed_in_readers_are_not_cached(client, bill, django_assert_num_queries):
    assert client.get("/api/v1/bills/?status=nope").status_code == 400
    assert "ETag" not in client.get("/api/v1/bills/?status=nope")
    assert client.get("/api/v1/bills/999999/").status_code == 404
    client.force_login(User.objects.create_user("editor", password="x" * 12))
    client.get("/api/v1/bills/")
    signed_in = client.get("/api/v1/bills/")
    assert "ETag" not in signed_in  # served by the whole stack, for this user


def test_the_anonymous_rate_counts_cached_answers_once_each(client, bill, monkeypatch):
    monkeypatch.setattr(SlidingWindowAnonThrottle, "rate", "3/minute", raising=False)
    answers = [client.get("/api/v1/taxonomy/") for _ in range(4)]
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert answers[3].json() == {
        "message": answers[3].json()["message"],
        "errors": {},
    } and answers[3].json()["message"].startswith("Request was throttled.")
    assert int(answers[3]["Retry-After"]) in range(1, 2 * 60 + 1)  # the window slides


def test_the_generation_moves_at_a_write_and_again_at_its_commit(transactional_db):
    start = generation.current()
    with transaction.atomic():
        make_bill("US-NY", "S 1")
        during = generation.current()
    assert during > start
    assert generation.current() > during  # the commit moved it again


def test_heartbeats_of_scrape_runs_do_not_move_the_generation(transactional_db):
    run = ScrapeRun.objects.create(source="demo")
    start = generation.current()
    ScrapeRun.objects.filter(pk=run.pk).update(status="succeeded")
    assert generation.current() == start


@pytest.mark.parametrize(
    ("sql", "writes"),
    [
        ('INSERT INTO "bills_bill" ("title") VALUES (%s)', True),
        ('UPDATE "bills_obligation" SET "review_state" = %s', True),
        ("  update bills_searchpassage set document = 1", True),
        ('DELETE FROM "bills_sponsorship" WHERE id = 1', True),
        ('UPDATE "bills_scraperun" SET "heartbeat_at" = now()', False),
        ('INSERT INTO "django_session" VALUES (1)', False),
        ('SELECT * FROM "bills_bill" FOR UPDATE', False),
    ],
)
def test_which_statements_write_the_data(sql, writes):
    assert generation.writes_data(sql) is writes
