"""``/api/v1/patchwork/`` (GET and POST, JSON and CSV), its research view, and the ``/patchwork/`` page."""

import csv
import io
from datetime import date

import pytest
from rest_framework.test import APIClient

from tests.factories import make_bill, make_obligation

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def two_laws():
    ny = make_bill("US-NY", "S 6953", effective_date=date(2027, 1, 1))
    ca = make_bill("US-CA", "SB 53", effective_date=date(2026, 1, 1))
    a = make_obligation(ny, section="1422(3)", attributes={"deadline": "PT72H"})
    b = make_obligation(ca, section="22757.13(b)", attributes={"deadline": "P15D"})
    return a, b


QUERY = "roles=frontier_developer&states=US-NY&states=US-CA&as_of=2026-11-30"


def test_get_answers_the_report_for_the_profile(api, two_laws):
    a, b = two_laws
    body = api.get(f"/api/v1/patchwork/?{QUERY}").json()
    assert body["as_of"] == "2026-11-30"
    assert body["include_pending"] is False
    assert body["states"] == [
        {"code": "US-CA", "name": "California"},
        {"code": "US-NY", "name": "New York"},
    ]
    (incident,) = body["categories"]
    assert incident["program"] == [
        {
            "name": "deadline",
            "label": "Deadline",
            "value": "PT72H",
            "value_label": "72 h",
            "set_by": ["US-NY"],
            "satisfies": ["US-CA", "US-NY"],
            "silent": [],
            "unordered": False,
        }
    ]
    assert [
        (c["jurisdiction"], c["legal_state"], c["values"]["deadline"]["label"])
        for c in incident["states"]
    ] == [  # fmt: skip
        ("US-CA", "in_force", "15 days"),
        ("US-NY", "enacted_not_effective", "72 h"),
    ]
    assert incident["states"][1]["duties"][0]["obligation_id"] == a.pk
    law = {
        "states": 2,
        "obligations": 2,
        "state_duties": 2,
        "program_duties": 1,
        "covered": 2,
        "state_specific": 2,
        "conflicts": 0,
    }
    assert body["totals"] == {"law": law, "with_pending": law}
    assert set(body["federal"]) == {"targets", "stated_aims", "standards", "deference"}


def test_post_takes_the_same_profile_as_json(api, two_laws):
    response = api.post(
        "/api/v1/patchwork/",
        {"roles": ["frontier_developer"], "states": ["US-NY", "US-CA"], "as_of": "2026-11-30"},
        format="json",
    )
    assert response.status_code == 200
    assert response.json() == api.get(f"/api/v1/patchwork/?{QUERY}").json()


def test_csv_has_a_row_per_duty_program_value_specific_item_and_totals(api, two_laws):
    response = api.get(f"/api/v1/patchwork/?{QUERY}&format=csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [r["part"] for r in rows] == [
        "state duty",
        "state duty",
        "one program",
        "state-specific",
        "state-specific",
        "totals (law)",
        "totals (with_pending)",
    ]
    assert (rows[2]["attribute"], rows[2]["value"], rows[2]["satisfies"]) == (
        "deadline",
        "72 h",
        "US-CA; US-NY",
    )


@pytest.mark.parametrize(
    "query, errors",
    [
        ("states=US-NY", {"roles": ["This field is required."]}),
        (
            "roles=frontier_developer&as_of=tomorrow",
            {"as_of": ["Date has wrong format. Use one of these formats instead: YYYY-MM-DD."]},
        ),
        ("roles=frontier_developer&states=US-ZZ", {"states": ["Unknown jurisdictions: US-ZZ."]}),
    ],
)
def test_bad_profiles_are_400_with_the_field_named(api, two_laws, query, errors):
    response = api.get(f"/api/v1/patchwork/?{query}")
    assert response.status_code == 400
    assert response.json() == {"message": "Invalid request parameters.", "errors": errors}


def test_research_view_answers_for_the_whole_country(api, two_laws):
    body = api.get("/api/v1/patchwork/research/?as_of=2026-11-30").json()
    assert body["states"] == 2
    assert body["diverging"] == ["incident_reporting"]
    assert body["growth"] == [["2026-01-01", 1], ["2027-01-01", 2]]


def test_the_schema_lists_the_patchwork_endpoints(api):
    paths = api.get("/api/schema/?format=json").json()["paths"]
    assert {"get", "post"} <= set(paths["/api/v1/patchwork/"])
    assert "get" in paths["/api/v1/patchwork/research/"]


def test_the_page_shows_the_report_heatmap_exports_and_research(client, two_laws):
    response = client.get(f"/patchwork/?{QUERY}")
    page = response.content.decode()
    assert response.status_code == 200
    assert "<svg" in page and 'class="heatmap"' in page and 'class="growth"' in page
    assert "The one program" in page and "Deadline: <strong>72 h</strong>" in page
    assert "Profile: frontier developer in California, New York" in page
    assert f'href="/api/v1/patchwork/?{QUERY.replace("&", "&amp;")}&amp;format=csv"' in page
    assert 'href="/patchwork/"' in page  # the nav link


def test_the_page_without_a_profile_shows_the_form_and_the_research_view(client, two_laws):
    page = client.get("/patchwork/").content.decode()
    assert 'name="roles"' in page and "Research view" in page
    assert "The one program" not in page


def test_the_page_names_a_bad_field(client, two_laws):
    response = client.get("/patchwork/?roles=astronaut")
    assert response.status_code == 400
    assert "roles" in response.content.decode()
