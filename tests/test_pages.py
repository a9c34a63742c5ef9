"""The home page lists bills; a bill page shows its history, texts and obligations."""

import pytest

from bills.ingest import ingest_record
from tests.record_factory import make_record

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_extraction")]


def test_home_lists_the_stored_bills(client):
    ingest_record(make_record())
    ingest_record(make_record(jurisdiction="US-CA", identifier="SB 53", related_bills=[]))
    page = client.get("/").content.decode()
    assert "S 6953" in page and "SB 53" in page and "RAISE Act" in page
    assert "2 bills and federal items tracked" in page


def test_home_says_how_to_load_data_when_empty(client):
    assert "make run" in client.get("/").content.decode()


def test_bill_page_shows_actions_versions_sponsors_and_links(client):
    outcome = ingest_record(make_record())
    ingest_record(make_record(identifier="A 6453", related_bills=[]))
    page = client.get(f"/bills/{outcome.bill_id}/").content.decode()
    for text in ["PASSED SENATE", "S6953", "Andrew Gounardes", "Companion (same as)", "A 6453"]:
        assert text in page


def test_unknown_bill_is_404(client):
    assert client.get("/bills/999999/").status_code == 404
