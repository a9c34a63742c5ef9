"""Extraction runs by itself (Celery, eager here) when ingest records a new text version."""

import pytest

from bills.ingest import ingest_record
from bills.models import ChangeEvent, Obligation
from scrapers.records import VersionRecord
from scrapers.text import clean_bill_text
from tests.record_factory import make_record

pytestmark = pytest.mark.django_db


def test_a_new_version_is_extracted_after_commit_and_a_re_import_is_a_no_op(
    corpus_dir, django_capture_on_commit_callbacks
):
    raw = (corpus_dir / "bill_texts/NY_S8828_2025-26_RAISE_Act_chapter96_of_2026.txt").read_text()
    text = clean_bill_text(raw).text
    record = make_record(identifier="S 8828", versions=[VersionRecord("S8828", text=text)])
    with django_capture_on_commit_callbacks(execute=True):
        ingest_record(record)
    incident = Obligation.objects.get(category="incident_reporting", attributes__deadline="PT72H")
    assert (incident.actor, incident.section) == ("frontier_developer", "1422(3)(a)")
    assert text[incident.start : incident.end] == incident.text
    penalty = Obligation.objects.get(category="civil_penalty", penalty_max_usd=1_000_000)
    assert penalty.attributes["penalty_repeat_max_usd"] == 3_000_000
    count, events = Obligation.objects.count(), ChangeEvent.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        assert ingest_record(record).result == "unchanged"
    assert (Obligation.objects.count(), ChangeEvent.objects.count()) == (count, events)
