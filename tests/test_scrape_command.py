"""`scrape SOURCE --from-file` on every real recorded sample: print, store, store nothing new."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from bills.models import Bill, ScrapeRun

SAMPLES = {
    "congress": [
        "api_formats/congress_gov_api_v3_json/*.json",
        "api_formats/congress_gov_api_v3_json/ai_bills_repo_wrapped/*.json",
        "api_formats/govinfo_billstatus_xml/*.xml",
    ],
    "legiscan": ["api_formats/legiscan_dataset_json/*.json"],
    "ny": ["api_formats/ny_legislation_mirror_jehiah/*.json"],
    "openstates": ["api_formats/openstates_scraper_output_wy2025/*.json"],
    "federal_register": [
        "federal/federal_register_repo_wrapped/*.json",
        "federal/FR_daily_issue_2016-04-15_GPO_bulk.xml",
    ],
}
REQUIRED = {"jurisdiction", "session", "identifier", "title", "status", "status_date",
            "actions", "versions", "sponsors", "source_ids"}  # fmt: skip


def _samples(corpus_dir):
    for source, patterns in SAMPLES.items():
        for pattern in patterns:
            for path in sorted(corpus_dir.glob(pattern)):
                yield source, path


def _run(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("scrape", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_every_sample_prints_records_in_jsonl(corpus_dir):
    printed = 0
    for source, path in _samples(corpus_dir):
        out, _ = _run(source, "--from-file", str(path), "--dry-run", "--format", "jsonl")
        for line in out.splitlines():
            record = json.loads(line)
            assert REQUIRED <= record.keys(), (path, REQUIRED - record.keys())
            assert all({"date", "text", "classification"} <= a.keys() for a in record["actions"])
            assert all({"label", "date", "url"} <= v.keys() for v in record["versions"])
            assert all("name" in s for s in record["sponsors"])
            printed += 1
    assert printed >= 15


@pytest.mark.django_db
@pytest.mark.usefixtures("no_extraction")
def test_every_sample_stores_its_records_and_a_second_run_stores_nothing_new(
    corpus_dir,
):
    for source, path in _samples(corpus_dir):
        out, _ = _run(source, "--from-file", str(path))
        assert f"{source}: succeeded" in out, (path, out)
    stored = Bill.objects.count()
    assert stored >= 12
    for source, path in _samples(corpus_dir):
        out, _ = _run(source, "--from-file", str(path))
        assert ": 0 inserted, 0 updated" in out, (path, out)
    assert Bill.objects.count() == stored


@pytest.mark.django_db
@pytest.mark.usefixtures("no_extraction")
def test_the_raise_act_comes_out_right_when_stored(corpus_dir):
    _run("ny", "--from-dir", str(corpus_dir / "api_formats/ny_legislation_mirror_jehiah"))
    s6953 = Bill.objects.get(jurisdiction__code="US-NY", identifier="S 6953")
    assert (s6953.status, str(s6953.status_date), s6953.chapter) == (
        "enacted",
        "2025-12-19",
        "Chapter 699 of 2025",
    )
    a6453 = Bill.objects.get(identifier="A 6453")
    assert a6453.status == "substituted"
    companions = {r.related.identifier for r in s6953.related_bills.all() if r.related}
    assert "A 6453" in companions


@pytest.mark.django_db
@pytest.mark.usefixtures("no_extraction")
def test_a_malformed_file_fails_the_run_and_changes_nothing(tmp_path, corpus_dir):
    good = corpus_dir / "api_formats/ny_legislation_mirror_jehiah/2025_S6953.json"
    _run("ny", "--from-file", str(good))
    before = list(Bill.objects.values_list("identifier", "status", "title"))
    broken = tmp_path / "2025_S6953.json"
    broken.write_text(good.read_text()[:500])
    with pytest.raises(CommandError, match="ny"):
        _run("ny", "--from-file", str(broken))
    run = ScrapeRun.objects.order_by("-id").first()
    assert run.status == "failed" and str(broken) in run.error
    assert list(Bill.objects.values_list("identifier", "status", "title")) == before


@pytest.mark.django_db
def test_an_offline_run_without_cached_responses_fails_cleanly(tmp_path, settings):
    settings.SCRAPER_CACHE_DIR = str(tmp_path)
    with pytest.raises(CommandError, match="offline and not cached"):
        _run("federal_register", "--offline")
    run = ScrapeRun.objects.get()
    assert (run.status, run.parameters["offline"]) == ("failed", True)
    assert Bill.objects.count() == 0


@pytest.mark.django_db
def test_offline_replay_needs_a_cache_folder_and_the_dry_run_records_the_failure(settings):
    settings.SCRAPER_CACHE_DIR = ""
    with pytest.raises(CommandError, match="needs SCRAPER_CACHE_DIR"):
        _run("federal_register", "--offline", "--dry-run")
    run = ScrapeRun.objects.get()
    assert (run.status, run.parameters["dry_run"]) == ("failed", True)
    assert "needs SCRAPER_CACHE_DIR" in run.error
