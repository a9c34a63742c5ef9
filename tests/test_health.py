"""The stale-source alarm on /health/ and in the admin."""

from datetime import timedelta

import pytest
from django.utils import timezone

from bills.health import stale_sources
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
    alarms = stale_sources(["ny", "ca", "congress"])
    assert [a.source for a in alarms] == ["ca", "congress"]
    assert "has had no successful run ever" in alarms[1].message


def test_health_endpoint_reports_stale_sources_with_503(client, monkeypatch):
    monkeypatch.setattr("bills.health.stale_sources", lambda: [])
    monkeypatch.setattr("bills.views.health.stale_sources", lambda: [])
    assert client.get("/health/").json() == {"status": "ok", "stale_sources": []}
    _run("ny", "failed", 0)
    monkeypatch.setattr("bills.views.health.stale_sources", lambda: stale_sources(["ny"]))
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json()["stale_sources"][0]["source"] == "ny"
