"""Pages written for people: bill page, redline, home, jurisdictions map and pages, feeds, 404."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import override_settings

from bills.formatting import attribute_sentences, chamber_name
from bills.ingest import ingest_record
from bills.models import Bill, ChangeEvent
from scrapers.records import ActionRecord, VersionRecord
from tests.factories import make_bill, make_obligation, make_version
from tests.record_factory import make_record

pytestmark = pytest.mark.django_db


def test_attributes_are_sentences_for_people():
    assert attribute_sentences(
        {
            "deadline": "PT72H",
            "frequency": "P1Y",
            "penalty_max_usd": 1_000_000,
            "penalty_repeat_max_usd": 3_000_000,
            "compute_threshold_flop": 1e26,
            "negated": True,
        }
    ) == [
        ("Deadline", "within 72 hours"),
        ("How often", "yearly"),
        ("Penalty", "up to $1,000,000 per violation, $3,000,000 for later ones"),
        ("Applies to models trained with", "at least 10^26 operations"),
        ("Effect", "does not apply (the text says it does not)"),
    ]


def test_chambers_are_named_as_each_legislature_names_them():
    assert chamber_name("US-NY", "upper") == "Senate"
    assert chamber_name("US-NY", "lower") == "Assembly"
    assert chamber_name("US-TX", "lower") == "House"
    assert chamber_name("US-VA", "lower") == "House of Delegates"
    assert chamber_name("US-CO", "executive") == "Governor"


def test_bill_page_reads_for_people_and_never_prints_codes(client):
    bill = make_bill("US-NY", "S 6953", popular_name="RAISE Act")
    make_obligation(
        bill,
        category="incident_reporting",
        actor="frontier_developer",
        attributes={"deadline": "PT72H", "negated": True},
        text="A developer shall report an incident within 72 hours.",
    )
    make_obligation(
        bill, category="safety_framework", actor="frontier_developer", text="Publish a framework."
    )
    bill.actions.create(date=date(2025, 3, 27), actor="upper", text="REFERRED", order=0)
    page = client.get(bill.get_absolute_url()).content.decode()
    for machine in ("PT72H", "negated=True", "frontier_developer", "incident_reporting", ">upper<"):
        assert machine not in page
    assert "within 72 hours" in page and "Frontier developer" in page
    assert page.index("Safety framework") < page.index("Incident reporting")  # taxonomy order
    assert '<th scope="col">Where</th>' in page and "<td>Senate</td>" in page
    assert f'href="/obligations/{bill.obligations.first().pk}/#span"' in page
    assert bill.get_legal_state_display() in page


def test_redline_defaults_to_the_last_two_versions(client):
    bill = make_bill()
    make_version(bill, "Introduced", "Section 1. A developer shall report within 15 days.\n")
    make_version(bill, "Amended", "Section 1. A developer shall report within 72 hours.\n")
    bill.versions.filter(label="Amended").update(order=1)
    page = client.get(f"/bills/{bill.pk}/diff/").content.decode()
    assert "<del>15 days" in page and "<ins>72 hours" in page
    assert "Section 1." in page
    response = client.get(f"/bills/{bill.pk}/diff/", {"from": "Nope"})
    assert response.status_code == 400
    assert "No version labelled &#x27;Nope&#x27;" in response.content.decode()


def test_redline_of_a_bill_with_one_version_says_so(client):
    bill = make_bill()
    make_version(bill)
    assert "only one text version" in client.get(f"/bills/{bill.pk}/diff/").content.decode()


def test_home_shows_status_counts_linking_to_lists_and_legislative_changes_only(
    client, no_extraction
):
    outcome = ingest_record(make_record())
    actions = make_record().actions + [ActionRecord(date(2025, 12, 19), "SIGNED CHAP.699", "")]
    ingest_record(make_record(actions=actions))
    page = client.get("/").content.decode()
    assert 'href="/bills/?status=' in page
    assert "New action: SIGNED CHAP.699" in page
    assert ChangeEvent.objects.filter(bill_id=outcome.bill_id, kind="new_bill").exists()
    assert "New bill" not in page  # import bookkeeping is not a legislative change


def test_jurisdictions_index_is_a_map_of_52_linked_tiles_with_a_legend(client):
    make_bill("US-CA", "SB 53", status="enacted")
    page = client.get("/jurisdictions/").content.decode()
    assert page.count("<rect ") == 52 + 4  # tiles, then four legend swatches
    assert 'href="/jurisdictions/US-PR/"' in page and 'href="/jurisdictions/US-DC/"' in page
    assert "California: 1 AI law" in page
    assert "4 or more laws" in page


def test_a_state_page_leads_with_its_own_bills_and_lists_federal_items_once(client):
    ca = make_bill("US-CA", "SB 53", popular_name="TFAIA")
    eo = make_bill("US", "EO 14179", kind="executive_order", popular_name="EO on AI")
    make_obligation(eo, category="preemption", actor="government_agency", text="States shall not.")
    page = client.get("/jurisdictions/US-CA/").content.decode()
    assert page.index("TFAIA") < page.index("Federal items that reach California")
    assert page.count(">EO 14179</a>") == 1
    assert ca.get_absolute_url() in page


def test_a_state_with_nothing_tracked_has_a_page_and_an_unknown_code_is_404(client):
    assert "No AI law in force" in client.get("/jurisdictions/US-WY/").content.decode()
    assert client.get("/jurisdictions/US-ZZ/").status_code == 404


def test_feeds_list_legislative_changes(client, no_extraction):
    outcome = ingest_record(make_record())
    versions = make_record().versions + [
        VersionRecord("S6953B", date(2025, 6, 1), "https://example.org/b", "text/plain", "New.")
    ]
    ingest_record(make_record(versions=versions))
    for url in (
        "/feeds/changes/",
        "/feeds/jurisdictions/US-NY/",
        f"/bills/{outcome.bill_id}/feed/",
    ):
        response = client.get(url)
        assert response["Content-Type"].startswith("application/atom+xml"), url
        assert "Version S6953B: new text" in response.content.decode(), url
    assert client.get("/feeds/jurisdictions/US-CA/").status_code == 404
    assert Bill.objects.count() == 1


@override_settings(DEBUG=False)
def test_a_missing_page_is_a_friendly_404_with_a_search_box(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "We could not find that page" in response.content.decode()
    assert client.get("/favicon.ico")["Location"].endswith("favicon.svg")
