"""Storing extracted obligations: no-op re-runs, change events, reviews kept."""

from dataclasses import dataclass, field
from datetime import date

import pytest
from django.utils import timezone

from bills.ingest import ingest_record
from bills.models import BillVersion, ChangeEvent, Obligation
from bills.obligations import diff_obligations, duration_seconds, extract_for_version
from scrapers.records import VersionRecord
from tests.record_factory import make_record

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_extraction")]


@dataclass
class Found:
    category: str
    actor: str
    text: str
    section: str = "1421(a)"
    attributes: dict = field(default_factory=dict)
    actor_text: str = "large developer"
    start: int = 0
    end: int = 10
    confidence: float = 0.9


def penalty_extractor(text: str) -> list[Found]:
    """Stands in for the extractor: one penalty whose cap is the number in the text."""
    cap = int(text.split("$")[1].split()[0].replace(",", ""))
    return [
        Found(
            "civil_penalty",
            "attorney_general",
            f"penalty up to ${cap:,}",
            "1425",
            {"penalty_max_usd": cap},
        ),
        Found(
            "incident_reporting",
            "frontier_developer",
            "report within 72 hours",
            attributes={"deadline": "PT72H"},
        ),
    ]


def _bill_with(*texts: str):
    versions = [VersionRecord(f"V{i}", date(2025, 1, 1 + i), text=t) for i, t in enumerate(texts)]
    outcome = ingest_record(make_record(versions=versions))
    return list(BillVersion.objects.filter(bill_id=outcome.bill_id).order_by("order"))


def test_obligations_are_stored_with_typed_columns():
    (version,) = _bill_with("penalty $10,000,000 here")
    summary = extract_for_version(version.pk, penalty_extractor)
    assert summary["obligations"] == 2 and summary["current"] is True
    report = Obligation.objects.get(category="incident_reporting")
    assert report.deadline_seconds == 72 * 3600
    assert Obligation.objects.get(category="civil_penalty").penalty_max_usd == 10_000_000


def test_rerunning_on_the_same_text_is_a_no_op():
    (version,) = _bill_with("penalty $10,000,000 here")
    extract_for_version(version.pk, penalty_extractor)
    ids = set(Obligation.objects.values_list("id", flat=True))
    assert extract_for_version(version.pk, penalty_extractor) == {
        "version": version.pk,
        "skipped": True,
    }
    assert set(Obligation.objects.values_list("id", flat=True)) == ids


def test_a_new_version_records_exactly_what_changed():
    first, second = _bill_with("penalty $10,000,000 here", "penalty $1,000,000 now")
    extract_for_version(first.pk, penalty_extractor)
    extract_for_version(second.pk, penalty_extractor)
    event = ChangeEvent.objects.filter(kind="obligations_changed").first()  # newest
    assert event.details["version"] == "V1"
    assert event.details["changed"] == [
        {"category": "civil_penalty", "actor": "attorney_general", "section": "1425",
         "attribute": "penalty_max_usd", "from": 10_000_000, "to": 1_000_000}
    ]  # fmt: skip
    assert set(Obligation.objects.filter(is_current=True).values_list("version", flat=True)) == {
        second.pk
    }


def test_an_editors_correction_survives_re_extraction():
    first, second = _bill_with("penalty $5,000,000 here", "penalty $5,000,000 here.")
    extract_for_version(first.pk, penalty_extractor)
    ob = Obligation.objects.get(category="incident_reporting")
    ob.actor, ob.review_state, ob.reviewed_at = "developer", "corrected", timezone.now()
    ob.save()
    extract_for_version(second.pk, penalty_extractor)
    again = Obligation.objects.get(version=second, category="incident_reporting")
    assert (again.actor, again.review_state) == ("developer", "corrected")


def test_diff_of_identical_sets_is_empty():
    assert diff_obligations([], []) == {"added": [], "removed": [], "changed": []}


@pytest.mark.parametrize(
    ("value", "seconds"),
    [("PT72H", 259200), ("P15D", 1296000), ("P1Y", 31536000), ("P", None), ("soon", None)],
)
def test_duration_seconds(value, seconds):
    assert duration_seconds(value) == seconds


def test_reextracting_everything_is_idempotent_and_keeps_reviews():
    from django.core.management import call_command

    (version,) = _bill_with(
        "Section 1. A developer of an artificial intelligence model shall publish a safety "
        "framework on its website."
    )
    call_command("extract_obligations", "--all", stdout=open("/dev/null", "w"))
    ob = Obligation.objects.get(version=version)
    assert (ob.category, ob.rule_id) == ("safety_framework", "safety_framework.protocol")
    assert ob.relevance.startswith("Section 1 names") or ob.relevance
    ob.review_state, ob.reviewed_at = "confirmed", timezone.now()
    ob.save()
    call_command("extract_obligations", "--all", stdout=open("/dev/null", "w"))
    call_command("extract_obligations", "--all", stdout=open("/dev/null", "w"))
    (again,) = Obligation.objects.filter(version=version)
    assert (again.category, again.review_state) == ("safety_framework", "confirmed")


def test_the_review_queue_lists_unsure_obligations_lowest_confidence_first(client):
    from tests.factories import make_bill, make_obligation

    bill = make_bill()
    sure = make_obligation(bill, confidence=0.9, needs_review=False)
    low = make_obligation(bill, confidence=0.4, needs_review=True, rule_id="inherit.reference")
    mid = make_obligation(bill, confidence=0.6, needs_review=True)
    body = client.get("/obligations/").content.decode()
    assert body.index(f"/obligations/{low.pk}/") < body.index(f"/obligations/{mid.pk}/")
    assert f"/obligations/{sure.pk}/" not in body
    detail = client.get(f"/obligations/{low.pk}/").content.decode()
    assert "Why this was extracted" in detail and "inherit.reference" in detail
