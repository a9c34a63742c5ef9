from datetime import date

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from bills.models import ChangeEvent
from bills.vocabulary.taxonomy import ACTORS, ATTRIBUTES, CATEGORIES, CATEGORY_BY_CODE
from tests.factories import make_bill, make_obligation

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def two_laws():
    ny = make_bill("US-NY", "S 6953", popular_name="RAISE Act")
    ca = make_bill("US-CA", "SB 53", popular_name="TFAIA", status_date=date(2025, 9, 29))
    a = make_obligation(
        ny,
        text="report within 72 hours to the attorney general",
        attributes={"deadline": "PT72H", "recipient": "attorney general"},
    )
    b = make_obligation(ca, text="report within 15 days", attributes={"deadline": "P15D"})
    return ny, ca, a, b


def test_taxonomy_lists_every_category_actor_and_attribute(api):
    body = api.get("/api/v1/taxonomy/").json()
    assert body == {
        "categories": [
            {"code": t.code, "label": t.label, "description": t.description, "group": t.group}
            for t in CATEGORIES
        ],
        "actors": [
            {"code": t.code, "label": t.label, "description": t.description} for t in ACTORS
        ],
        "attributes": [
            {"name": n, "type": kind, "description": text} for n, (kind, text) in ATTRIBUTES.items()
        ],
    }
    assert body["categories"][0] == {
        "code": "safety_framework",
        "label": "Safety framework",
        "description": "Write, implement, follow and/or publish a safety and security protocol or frontier AI framework.",
        "group": "Governance and safety",
    }


def test_matrix_for_one_category_returns_the_whole_expected_body(api, two_laws):
    ny, ca, a, b = two_laws
    response = api.get(
        "/api/v1/matrix/?category=incident_reporting&status=enacted&as_of=2026-06-30"
    )
    assert response.status_code == 200
    assert response.json() == {
        "filters": {
            "status": "enacted",
            "date_field": "status_date",
            "category": "incident_reporting",
            "as_of": "2026-06-30",
        },
        "as_of": "2026-06-30",
        "jurisdictions": [
            {"code": "US-CA", "name": "California", "kind": "state"},
            {"code": "US-NY", "name": "New York", "kind": "state"},
        ],
        "categories": [
            {
                "code": "incident_reporting",
                "label": "Incident reporting",
                "group": "Reporting and records",
                "description": CATEGORY_BY_CODE["incident_reporting"].description,
            }
        ],
        "cells": [
            _cell("US-CA", ca, b, 15 * 86400, ["15 days"]),
            _cell("US-NY", ny, a, 72 * 3600, ["72 h"]),
        ],
        "bills": {
            str(ca.pk): {
                "id": ca.pk,
                "identifier": "SB 53",
                "name": "TFAIA",
                "status": "enacted",
                "session": "2025-2026",
                "legal_state": "in_force",
                "legal_state_reason": "in force since 2025-09-29 (no later effective date "
                "recorded); enacted 2025-09-29",
            },
            str(ny.pk): {
                "id": ny.pk,
                "identifier": "S 6953",
                "name": "RAISE Act",
                "status": "enacted",
                "session": "2025-2026",
                "legal_state": "in_force",
                "legal_state_reason": "in force since 2025-12-19 (no later effective date "
                "recorded); enacted 2025-12-19",
            },
        },
        "federal_items": [],
        "federal_items_total": 0,
        "upcoming": [],
    }


def _cell(code, bill, ob, seconds, labels):
    query = "status=enacted&date_field=status_date&as_of=2026-06-30"
    return {
        "jurisdiction": code,
        "category": "incident_reporting",
        "obligation_count": 1,
        "bill_count": 1,
        "deadline_seconds": seconds,
        "penalty_max_usd": None,
        "compute_threshold_flop": None,
        "revenue_threshold_usd": None,
        "labels": labels,
        "strictest": {
            "deadline": {
                "value": seconds,
                "label": labels[0],
                "obligation_id": ob.pk,
                "bill_id": bill.pk,
                "bill": bill.identifier,
                "section": "§ 1421",
                "legal_state": "in_force",
                "from": None,
            }
        },
        "pending": None,
        "url": f"/api/v1/matrix/cell/?jurisdiction={code}&category=incident_reporting&{query}",
    }


def test_a_matrix_cell_lists_its_obligations_a_page_at_a_time(api, two_laws):
    ny, ca, a, b = two_laws
    url = "/api/v1/matrix/cell/?jurisdiction=US-NY&category=incident_reporting&as_of=2026-06-30"
    response = api.get(url)
    assert response.status_code == 200
    assert response.json() == {
        "filters": {
            "status": "all",
            "date_field": "status_date",
            "jurisdiction": "US-NY",
            "category": "incident_reporting",
            "as_of": "2026-06-30",
        },
        "as_of": "2026-06-30",
        "cell": {k: v for k, v in _cell("US-NY", ny, a, 72 * 3600, ["72 h"]).items() if k != "url"},
        "count": 1,
        "page": 1,
        "pages": 1,
        "next": None,
        "previous": None,
        "results": [
            {
                "id": a.pk,
                "bill_id": ny.pk,
                "category": "incident_reporting",
                "actor": "frontier_developer",
                "section": "§ 1421",
                "text": "report within 72 hours to the attorney general",
                "attributes": {"deadline": "PT72H", "recipient": "attorney general"},
                "labels": ["72 h to AG"],
                "review_state": "extracted",
                "legal_state": "in_force",
                "in_force_from": ny.in_force_from.isoformat(),
                "layer": "law",
            }
        ],
        "bills": {
            str(ny.pk): {
                "id": ny.pk,
                "identifier": "S 6953",
                "name": "RAISE Act",
                "status": "enacted",
                "session": "2025-2026",
                "legal_state": "in_force",
                "legal_state_reason": "in force since 2025-12-19 (no later effective date "
                "recorded); enacted 2025-12-19",
            }
        },
    }


def test_a_matrix_cell_needs_a_jurisdiction_and_a_category(api, two_laws):
    response = api.get("/api/v1/matrix/cell/?jurisdiction=US-NY&page=0")
    assert response.status_code == 400
    assert response.json() == {
        "message": "Invalid request parameters.",
        "errors": {
            "category": ["This field is required."],
            "page": ["Ensure this value is greater than or equal to 1."],
        },
    }


def test_matrix_csv_has_one_row_per_obligation_when_zoomed(api, two_laws):
    ny, *_ = two_laws
    response = api.get("/api/v1/matrix/?jurisdiction=US-NY&format=csv")
    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode().splitlines()
    assert (
        lines[0]
        == "jurisdiction,category,bill_id,bill,session,status,name,obligation_id,actor,section,key_values"
    )
    assert lines[1].startswith(
        f"US-NY,incident_reporting,{ny.pk},S 6953,2025-2026,enacted,RAISE Act,"
    )
    assert lines[1].endswith(",frontier_developer,§ 1421,72 h to AG")


@pytest.mark.parametrize(
    ("query", "errors"),
    [
        ("status=passed", {"status": ['"passed" is not a valid choice.']}),
        ("actor=robot", {"actor": ['"robot" is not a valid choice.']}),
        ("jurisdiction=US-ZZ", {"jurisdiction": ["Unknown jurisdiction 'US-ZZ'."]}),
        (
            "jurisdiction=new+york",
            {"jurisdiction": ["This value does not match the required pattern."]},
        ),
        ("bill=abc", {"bill": ["A valid integer is required."]}),
        (
            "date_from=2025-13-01",
            {"date_from": ["Date has wrong format. Use one of these formats instead: YYYY-MM-DD."]},
        ),
        ("date_from=2025-06-01&date_to=2025-01-01", {"date_to": ["Must not be before date_from."]}),
    ],
)
def test_bad_matrix_filters_are_400_with_the_field_named(api, query, errors):
    response = api.get(f"/api/v1/matrix/?{query}")
    assert response.status_code == 400
    assert response.json() == {"message": "Invalid request parameters.", "errors": errors}


def test_bad_filter_with_csv_format_still_answers_json(api):
    response = api.get("/api/v1/matrix/?status=passed&format=csv")
    assert response.status_code == 400
    assert response.json()["errors"] == {"status": ['"passed" is not a valid choice.']}


def test_compare_returns_the_whole_expected_body(api, two_laws):
    ny, ca, a, b = two_laws
    response = api.get(f"/api/v1/compare/?bills={ny.pk},{ca.pk}&as_of=2026-06-30")
    assert response.status_code == 200
    in_force = "in force since {} (no later effective date recorded); enacted {}"
    assert response.json() == {
        "as_of": "2026-06-30",
        "upcoming": [],
        "bills": [
            {
                "id": ny.pk,
                "jurisdiction": "US-NY",
                "identifier": "S 6953",
                "name": "RAISE Act",
                "status": "enacted",
                "chapter": "",
                "effective_date": None,
                "legal_state": "in_force",
                "legal_state_reason": in_force.format("2025-12-19", "2025-12-19"),
            },
            {
                "id": ca.pk,
                "jurisdiction": "US-CA",
                "identifier": "SB 53",
                "name": "TFAIA",
                "status": "enacted",
                "chapter": "",
                "effective_date": None,
                "legal_state": "in_force",
                "legal_state_reason": in_force.format("2025-09-29", "2025-09-29"),
            },
        ],
        "categories": [
            {
                "code": "incident_reporting",
                "label": "Incident reporting",
                "group": "Reporting and records",
                "obligations": {
                    str(ny.pk): [_compared(a, ["72 h to AG"])],
                    str(ca.pk): [_compared(b, ["15 days"])],
                },
                "attributes": [
                    {
                        "name": "deadline",
                        "label": "Deadline",
                        "values": {str(ny.pk): "72 h", str(ca.pk): "15 days"},
                        "differ": True,
                        "strictest": [ny.pk],
                    },
                    {
                        "name": "recipient",
                        "label": "Recipient",
                        "values": {str(ny.pk): "to AG", str(ca.pk): ""},
                        "differ": True,
                        "strictest": [],
                    },
                ],
            }
        ],
    }


def _compared(ob, labels):
    return {
        "id": ob.pk,
        "bill_id": ob.bill_id,
        "category": ob.category,
        "actor": ob.actor,
        "section": ob.section,
        "text": ob.text,
        "attributes": ob.attributes,
        "start": ob.start,
        "end": ob.end,
        "legal_state": "in_force",
        "legal_state_reason": ob.legal_state_reason,
        "counts": True,
        "labels": labels,
    }


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("bills=1", "Ensure this field has at least 2 elements."),
        ("bills=1,2,3,4,5", "Ensure this field has no more than 4 elements."),
        ("bills=1,x", None),
        ("", "Ensure this field has at least 2 elements."),
    ],
)
def test_bad_compare_lists_are_400(api, query, message):
    response = api.get(f"/api/v1/compare/?{query}")
    assert response.status_code == 400
    body = response.json()
    assert body["message"] == "Invalid request parameters."
    assert "bills" in body["errors"]
    if message:
        assert body["errors"]["bills"] == [message]


def test_compare_names_unknown_bills(api, two_laws):
    ny, *_ = two_laws
    response = api.get(f"/api/v1/compare/?bills={ny.pk},99999")
    assert response.json() == {
        "message": "Invalid request parameters.",
        "errors": {"bills": ["Unknown bill ids: 99999."]},
    }


def test_applicability_accepts_a_posted_profile(api, two_laws):
    response = api.post(
        "/api/v1/applicability/",
        {"roles": ["frontier_developer"], "states": ["US-NY"], "training_compute_flop": 1e27},
        format="json",
    )
    assert response.status_code == 200
    body = response.json()
    assert [(c["code"], [f["bill"] for f in c["findings"]]) for c in body["categories"]] == [
        ("incident_reporting", ["S 6953"])
    ]


def test_applicability_accepts_query_parameters_and_rejects_unknown_roles(api, two_laws):
    ok = api.get("/api/v1/applicability/?roles=deployer,employer&states=US-CA")
    bad = api.get("/api/v1/applicability/?roles=wizard&states=US-CA")
    assert ok.status_code == 200
    assert bad.status_code == 400
    assert bad.json() == {
        "message": "Invalid request parameters.",
        "errors": {"roles": {"0": ['"wizard" is not a valid choice.']}},
    }


def test_jurisdictions_list_codes_names_and_kinds(api, two_laws):
    assert api.get("/api/v1/jurisdictions/").json() == [
        {"code": "US-CA", "name": "California", "kind": "state"},
        {"code": "US-NY", "name": "New York", "kind": "state"},
    ]


def test_bills_filter_by_jurisdiction_and_text(api, two_laws):
    body = api.get("/api/v1/bills/?jurisdiction=US-NY&q=raise").json()
    assert [b["identifier"] for b in body["results"]] == ["S 6953"]
    assert api.get("/api/v1/bills/?status=nonsense").status_code == 400


def test_bill_detail_lists_its_shown_obligations(api, two_laws):
    ny, _, a, _ = two_laws
    body = api.get(f"/api/v1/bills/{ny.pk}/").json()
    assert [o["id"] for o in body["obligations"]] == [a.pk]
    assert body["obligations"][0]["labels"] == ["72 h to AG"]
    why = {key: body["obligations"][0][key] for key in ("rule_id", "trigger", "ai_reason")}
    assert why == {"rule_id": "", "trigger": None, "ai_reason": ""}  # stored before rule ids


def test_changes_feed_filters_by_since(api, two_laws):
    ny, *_ = two_laws
    ChangeEvent.objects.create(bill=ny, kind="new_bill")
    assert len(api.get("/api/v1/changes/?since=2000-01-01T00:00:00Z").json()["results"]) == 1
    assert api.get("/api/v1/changes/?since=2999-01-01T00:00:00Z").json()["results"] == []
    assert api.get("/api/v1/changes/?since=yesterday").status_code == 400


def test_schema_and_docs_are_served(api):
    assert api.get("/api/schema/").status_code == 200
    docs = api.get("/api/docs/")
    assert docs.status_code == 200
    assert b"/api/v1/matrix/" in docs.content


def test_bills_and_obligations_filter_by_legal_state_today_or_on_a_date(api):
    law = make_bill(
        "US-NY", "S 8828", status_date=date(2026, 3, 27), effective_date=date(2027, 1, 1)
    )
    vetoed = make_bill("US-CA", "SB 1047", status="vetoed", status_date=date(2024, 9, 29))
    duty = make_obligation(law)
    make_obligation(vetoed)

    def ids(url):
        return [row["id"] for row in api.get(url).json()["results"]]

    assert ids("/api/v1/bills/?legal_state=dead") == [vetoed.pk]
    assert ids("/api/v1/bills/?legal_state=in_force&as_of=2027-01-02") == [law.pk]
    assert ids("/api/v1/bills/?legal_state=in_force&as_of=2026-06-30") == []
    rows = api.get("/api/v1/obligations/?legal_state=enacted_not_effective&as_of=2026-06-30")
    (row,) = rows.json()["results"]
    assert (row["id"], row["legal_state"], row["in_force_from"]) == (
        duty.pk,
        "enacted_not_effective",
        "2027-01-01",
    )
    assert row["legal_state_reason"] == "enacted 2026-03-27; takes effect 2027-01-01"


def test_a_bad_as_of_or_legal_state_is_a_400_naming_the_field(api):
    for query, field in (("as_of=2026-13-01", "as_of"), ("legal_state=alive", "legal_state")):
        response = api.get(f"/api/v1/obligations/?{query}")
        assert response.status_code == 400
        assert field in response.json()["errors"]
    response = api.get("/api/v1/matrix/?as_of=someday")
    assert response.status_code == 400
    assert "as_of" in response.json()["errors"]


@pytest.mark.django_db
def test_the_api_root_lists_every_endpoint_of_the_version(client):
    body = client.get("/api/v1/", HTTP_ACCEPT="application/json").json()
    expected = {
        "jurisdictions", "bills", "obligations", "matrix", "compare", "applicability",
        "patchwork", "patchwork/research", "changes", "taxonomy", "subscriptions",
    }  # fmt: skip
    assert expected <= set(body)
    assert all(url.startswith("http://testserver/api/v1/") for url in body.values())
    for url in body.values():
        assert (
            client.get(
                url.removeprefix("http://testserver"), HTTP_ACCEPT="application/json"
            ).status_code
            != 404
        )


@pytest.mark.django_db
def test_since_at_any_iso_offset_is_compared_in_utc(client):
    # PostgreSQL refuses offsets past ±15:59 that ISO 8601 allows: this answered 500 there.
    ok = client.get("/api/v1/changes/", {"since": "1438-02-27T05:50:14.4+19:05"})
    assert ok.status_code == 200
    off_the_calendar = client.get("/api/v1/changes/", {"since": "0001-01-01T00:00:00+19:00"})
    assert off_the_calendar.status_code == 400
    assert "since" in off_the_calendar.json()["errors"]


def test_obligations_say_why_they_were_extracted_and_filter_by_rule_and_review(api):
    bill = make_bill("US-CA", "SB 53", popular_name="TFAIA", status_date=date(2025, 9, 29))
    text = "A large frontier developer shall report any critical safety incident to the Office."
    trigger = 100 + text.index("report any critical safety incident")
    found = make_obligation(
        bill,
        text=text,
        start=100,
        end=100 + len(text),
        rule_id="incident.report",
        trigger_start=trigger,
        trigger_end=trigger + 35,
        relevance="the text is about AI (opening: artificial intelligence)",
        confidence=0.96,
    )
    make_obligation(bill, rule_id="fallback.agency_directive", needs_review=True, confidence=0.6)

    body = api.get("/api/v1/obligations/?rule_id=incident.report&needs_review=false").json()

    assert body == {
        "count": 1,
        "next": None,
        "previous": None,
        "results": [
            {
                "id": found.pk,
                "bill": bill.pk,
                "jurisdiction": "US-CA",
                "version": found.version.label,
                "category": "incident_reporting",
                "actor": "frontier_developer",
                "actor_text": "",
                "section": "§ 1421",
                "start": 100,
                "end": 100 + len(text),
                "text": text,
                "attributes": {},
                "labels": [],
                "confidence": 0.96,
                "needs_review": False,
                "rule_id": "incident.report",
                "trigger": {
                    "start": trigger,
                    "end": trigger + 35,
                    "text": "report any critical safety incident",
                },
                "ai_reason": "the text is about AI (opening: artificial intelligence)",
                "review_state": "extracted",
                "legal_state": "in_force",
                "legal_state_reason": "in force since 2025-09-29 (no later effective date "
                "recorded); enacted 2025-09-29",
                "legal_state_since": "2025-09-29",
                "in_force_from": "2025-09-29",
            }
        ],
    }
    queued = api.get("/api/v1/obligations/?needs_review=true").json()["results"]
    assert [(o["rule_id"], o["needs_review"], o["trigger"]) for o in queued] == [
        ("fallback.agency_directive", True, None)
    ]
    assert api.get("/api/v1/obligations/?needs_review=maybe").status_code == 400


def test_the_obligations_count_is_cached_until_the_data_changes(api, two_laws):
    ny, *_ = two_laws
    assert api.get("/api/v1/obligations/").json()["count"] == 2
    make_obligation(ny, "civil_penalty", "other", attributes={"penalty_max_usd": 1_000_000})
    assert api.get("/api/v1/obligations/").json()["count"] == 3
    assert api.get("/api/v1/obligations/?category=civil_penalty").json()["count"] == 1
