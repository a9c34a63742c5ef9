"""bills.runs: ingest_many records a run, and one bad record or a broken source fails alone."""

import pytest

from bills.models import Bill, BillAction, ScrapeRun
from bills.runs import ingest_many
from scrapers.records import ActionRecord, RecordError
from tests.record_factory import make_record

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_extraction")]


def test_bad_record_fails_alone_and_the_run_is_recorded():
    items = [make_record(), RecordError("line 2: not JSON"), make_record(identifier="S 2")]
    run = ingest_many(items, source="test")
    assert (run.inserted, run.failed, run.status) == (2, 1, "partial")
    assert "line 2: not JSON" in run.error
    assert Bill.objects.count() == 2


def test_a_record_that_breaks_midway_leaves_nothing_half_written():
    record = make_record()
    record.actions.append(ActionRecord(None, "no date", ""))
    run = ingest_many([record], source="test")
    assert (run.failed, run.status) == (1, "failed")
    assert Bill.objects.count() == 0 and BillAction.objects.count() == 0


def test_a_source_that_breaks_marks_the_run_failed():
    def broken():
        yield make_record()
        raise ValueError("page layout changed: no history table")

    run = ingest_many(broken(), source="test")
    assert run.status == "failed" and "no history table" in run.error
    assert ScrapeRun.objects.get().inserted == 1
