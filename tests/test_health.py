"""The stale-source alarm on /health/ and in the admin."""

from datetime import timedelta

import pytest
from django.utils import timezone

from bills.health import not_started_sources, stale_sources
from bills.models import ScrapeRun

pytestmark = pytest.mark.django_db


def _run(source: str, status: str, days_ago: float) -> None:
    run = ScrapeRun.objects.create(source=source, status=status)
    ScrapeRun.objects.filter(pk=run.pk).update(
        finished_at=timezone.now() - timedelta(days=days_ago)
    )


def test_a_source_that_never_succeeded_recently_is_stale(settings):
    settings.SCRAPER_STALE_AFTER_DAYS = 3
    _run("ny", "succeeded", 1)
    _run("ca", "succeeded", 10)
    _run("ca", "failed", 0.1)
    _run("legiscan", "failed", 0.1)
    alarms = stale_sources(["ny", "ca", "legiscan", "congress"])
    assert [a.source for a in alarms] == ["ca", "legiscan"]
    assert "has had no successful run ever" in alarms[1].message


def test_a_source_that_never_ran_is_not_started_and_no_alarm(client):
    _run("ny", "succeeded", 0)
    assert not_started_sources(["ny", "congress"]) == ["congress"]
    assert stale_sources(["ny", "congress"]) == []
    body = client.get("/health/").json()
    assert "congress" in body["not_started"] and "ny" not in body["not_started"]
    assert body["stale_sources"] == []


def test_health_endpoint_reports_stale_sources_with_503(client, monkeypatch):
    monkeypatch.setattr("bills.health.stale_sources", lambda: [])
    monkeypatch.setattr("bills.views.health.stale_sources", lambda: [])
    body = client.get("/health/").json()
    assert (body["status"], body["stale_sources"]) == ("ok", [])
    assert body["services"]["database"]["status"] == "ok"
    _run("ny", "failed", 0)
    monkeypatch.setattr("bills.views.health.stale_sources", lambda: stale_sources(["ny"]))
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json()["stale_sources"][0]["source"] == "ny"


def test_health_reports_an_unreachable_redis_as_degraded_but_answers(client, settings, monkeypatch):
    monkeypatch.setattr("bills.views.health.stale_sources", lambda: [])
    settings.REDIS_URL = "redis://127.0.0.1:9/0"  # the discard port: nothing listens
    response = client.get("/health/")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "degraded"
    assert body["services"]["redis"]["status"] == "unreachable"
    assert "Connection" in body["services"]["redis"]["error"]
    assert body["services"]["database"]["status"] == "ok"


def test_health_reports_an_unreachable_database_as_down(client, monkeypatch):
    from django.db import connection

    def refuse():
        raise OSError("connection refused")

    monkeypatch.setattr(connection, "ensure_connection", refuse)
    response = client.get("/health/")
    assert (response.status_code, response.json()["status"]) == (503, "down")
    assert "connection refused" in response.json()["services"]["database"]["error"]
