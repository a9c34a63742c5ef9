"""jobs.scraping on folders of real responses: each file succeeds or fails on its own.

A folder run records one result per file (``ScrapeRun.files``); a malformed or
unsupported file fails alone and is named; files the source does not read are
listed, not skipped in silence; records of one bill from several files are one
record; and every failure, stored or dry run, is a failed ScrapeRun.
"""

from __future__ import annotations

import io
import json
import shutil

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from bills.models import Bill, ScrapeRun
from jobs.scraping import run_source
from scrapers.registry import ScrapeParams

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_extraction")]

WRAPPED_EO = "federal/federal_register_repo_wrapped/2026-20321_EO14434.json"
CONGRESS = "api_formats/congress_gov_api_v3_json"
LEGISCAN = "api_formats/legiscan_dataset_json"


def _run(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("scrape", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def _results(run: ScrapeRun) -> dict[str, dict]:
    return {entry["file"].rsplit("/", 1)[-1]: entry for entry in run.files}


def test_a_fields_subset_page_fails_alone_and_the_other_files_are_stored(corpus_dir, tmp_path):
    shutil.copy(corpus_dir / WRAPPED_EO, tmp_path / "eo_14434.json")
    subset = json.loads((corpus_dir / WRAPPED_EO).read_text())["document"]
    subset = {k: subset[k] for k in ("document_number", "title", "type")}  # fields[] subset
    (tmp_path / "subset.json").write_text(json.dumps({"results": [subset]}))
    (tmp_path / "notes.txt").write_text("saved by hand")

    run = run_source("federal_register", ScrapeParams(), from_dir=str(tmp_path))

    assert (run.status, run.inserted) == ("partial", 1)
    results = _results(run)
    assert results["eo_14434.json"] == {
        "file": str(tmp_path / "eo_14434.json"), "records": 1, "error": "", "skipped": False
    }  # fmt: skip
    assert "lacks publication_date" in results["subset.json"]["error"]
    assert results["notes.txt"]["skipped"] and "not read" in results["notes.txt"]["error"]
    assert "subset.json" in run.error
    assert Bill.objects.get().identifier == "EO 14434"


def test_a_legiscan_xml_dataset_file_is_reported_by_name(corpus_dir, tmp_path):
    shutil.copy(corpus_dir / LEGISCAN / "bill_HB1.json", tmp_path / "bill_HB1.json")
    (tmp_path / "HB3.xml").write_text('<?xml version="1.0"?><bill><bill_id>3</bill_id></bill>')

    run = run_source("legiscan", ScrapeParams(), from_dir=str(tmp_path))

    assert (run.status, run.inserted) == ("partial", 1)
    assert (
        "LegiScan XML datasets are not supported; download the JSON dataset"
        in (_results(run)["HB3.xml"]["error"])
    )


def test_one_bill_from_a_detail_file_and_a_list_page_is_one_record(corpus_dir, tmp_path):
    for name in ("bill_117_hr_21.json", "bill_117_hr_21_actions.json"):
        shutil.copy(corpus_dir / CONGRESS / name, tmp_path / name)
    listing = json.loads((corpus_dir / CONGRESS / "bill_117.json").read_text())
    listing["bills"][0].update(  # the same bill as the list shows it, an older latest action
        number="21", type="HR", title="FedRAMP Authorization Act",
        latestAction={"actionDate": "2021-01-06", "text": "Received in the Senate and Read "
                      "twice and referred to the Committee on Homeland Security."},
    )  # fmt: skip
    (tmp_path / "list.json").write_text(json.dumps(listing))

    out, _ = _run("congress", "--from-dir", str(tmp_path), "--dry-run", "--format", "jsonl")

    records = [json.loads(line) for line in out.splitlines()]
    hr21 = [r for r in records if r["identifier"] == "HR 21"]
    assert len(hr21) == 1 and len(records) == 20
    assert (hr21[0]["status"], hr21[0]["partial"]) == ("passed_one_chamber", False)


def test_a_hostile_file_is_a_failed_run_with_its_message_and_stores_nothing(tmp_path):
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 50_000 + "]" * 50_000)

    run = run_source("congress", ScrapeParams(), from_file=str(deep))

    assert run.status == "failed"
    assert "[congress]" in run.error and "deep.json" in run.error and "nested" in run.error
    assert Bill.objects.count() == 0


def test_a_failed_dry_run_is_a_failed_run_too(tmp_path):
    (tmp_path / "bad.json").write_text('{"bill": "not an object"}')
    with pytest.raises(CommandError, match="bad.json"):
        _run("congress", "--from-dir", str(tmp_path), "--dry-run")
    run = ScrapeRun.objects.get()
    assert (run.status, run.parameters["dry_run"]) == ("failed", True)
    assert _results(run)["bad.json"]["error"]


def test_a_too_long_value_fails_its_record_alike_on_every_database(corpus_dir, tmp_path):
    payload = json.loads((corpus_dir / WRAPPED_EO).read_text())
    payload["document"]["agency_names"] = ["Office " * 60]  # 420 characters
    (tmp_path / "long.json").write_text(json.dumps(payload))

    run = run_source("federal_register", ScrapeParams(), from_file=str(tmp_path / "long.json"))

    assert (run.status, run.failed, run.inserted) == ("failed", 1, 0)
    assert "sponsor.name is 419 characters, longer than the 300 stored" in run.error
