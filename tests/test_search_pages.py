"""The search page, the bills list, the saved-search feed and ``/api/v1/bills/?q=``."""

from __future__ import annotations

from datetime import date

import pytest
from rest_framework.test import APIClient

from bills.search import index_bills
from tests.factories import make_bill, make_version

pytestmark = pytest.mark.django_db


@pytest.fixture
def laws():
    ny = make_bill(
        "US-NY", "S 6953", popular_name="RAISE Act", status_date=date(2025, 12, 19),
        latest_action_date=date(2025, 12, 19), effective_date=date(2027, 1, 1),
    )  # fmt: skip
    make_version(
        ny,
        "Chapter 699",
        "Large developers shall report every critical safety incident to the agency",
    )
    ca = make_bill(
        "US-CA", "SB 53", popular_name="TFAIA", status="introduced",
        latest_action_date=date(2025, 9, 29), status_date=date(2025, 1, 7),
    )  # fmt: skip
    make_version(ca, "Introduced", "Frontier developers publish frameworks.")
    index_bills([ny.pk, ca.pk])
    return ny, ca


def test_api_search_answers_ranked_results_with_snippets_as_a_whole_body(laws):
    ny, _ = laws
    body = APIClient().get('/api/v1/bills/?q="critical safety incident"').json()
    assert body == {
        "count": 1,
        "next": None,
        "previous": None,
        "results": [
            {
                "id": ny.pk,
                "jurisdiction": "US-NY",
                "session": "2025-2026",
                "identifier": "S 6953",
                "title": "An act relating to artificial intelligence",
                "popular_name": "RAISE Act",
                "kind": "bill",
                "status": "enacted",
                "status_date": "2025-12-19",
                "latest_action_date": "2025-12-19",
                "effective_date": "2027-01-01",
                "chapter": "",
                "legal_state": ny.legal_state,  # enacted, from 2027-01-01 in force
                "legal_state_reason": ny.legal_state_reason,
                "legal_state_since": ny.legal_state_since.isoformat(),
                "in_force_from": "2027-01-01",
                "url": f"/bills/{ny.pk}/",
                "snippet": {
                    "version": "Chapter 699",
                    "html": "Large developers shall report every "
                    "<mark>critical safety incident</mark> to the agency",
                },
            }
        ],
    }


@pytest.mark.parametrize(
    ("q", "message"),
    [
        ("the", "The search has only common words (the); add a more telling one."),
        ("-ai", "Say what to look for as well as what to leave out (for example: ai -facial)."),
    ],
)
def test_api_search_that_cannot_run_is_a_400_naming_q(laws, q, message):
    response = APIClient().get("/api/v1/bills/", {"q": q})
    assert response.status_code == 400
    assert response.json() == {"message": "Invalid request parameters.", "errors": {"q": [message]}}


def test_api_search_combines_with_filters_and_sorts_by_date(laws):
    ny, ca = laws
    api = APIClient()
    assert [b["id"] for b in api.get("/api/v1/bills/?q=developer&sort=date").json()["results"]] == [
        ny.pk,
        ca.pk,
    ]
    filtered = api.get("/api/v1/bills/?q=developer&jurisdiction=US-CA").json()
    assert [b["id"] for b in filtered["results"]] == [ca.pk]


def test_the_search_page_shows_highlighted_snippets_and_keeps_the_query_in_links(client, laws):
    page = client.get("/search/", {"q": '"critical safety incident"'}).content.decode()
    assert "<mark>critical safety incident</mark>" in page
    assert "New York S 6953" in page and "SB 53" not in page
    assert 'href="/search/feed/?q=%22critical+safety+incident%22"' in page


def test_the_search_page_says_what_is_wrong_with_a_query_and_answers_400(client, laws):
    response = client.get("/search/", {"q": "the of"})
    assert response.status_code == 400
    assert "only common words (the, of)" in response.content.decode()


def test_the_bills_list_filters_by_status_with_labels_not_codes(client, laws):
    page = client.get("/bills/", {"status": "introduced"}).content.decode()
    assert "California SB 53" in page and "S 6953" not in page
    assert ">Introduced<" in page


def test_every_page_has_the_search_box_in_its_header(client, laws):
    for url in ("/", "/bills/", "/matrix/", "/compare/", "/applies/", "/federal/"):
        assert 'action="/search/" role="search"' in client.get(url).content.decode(), url


def test_a_saved_search_is_an_atom_feed_of_its_bills(client, laws):
    response = client.get("/search/feed/", {"q": "developer", "jurisdiction": "US-NY"})
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = response.content.decode()
    assert "<title>RegTracker search: developer</title>" in feed
    assert "New York S 6953: RAISE Act" in feed and "SB 53" not in feed


def test_a_saved_search_feed_without_a_runnable_query_is_a_400(client, laws):
    assert client.get("/search/feed/").status_code == 400
    assert client.get("/search/feed/", {"q": "the"}).status_code == 400
