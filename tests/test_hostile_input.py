"""Hostile input never answers 500: every page and API parameter gets out-of-range numbers, NUL
bytes, huge and malformed values; the API answers 400 in its JSON error shape.

Runs on both passes (the NUL byte only fails on PostgreSQL, which refuses it in
text). The count of inputs tried is printed for the test report's summary.
"""

from __future__ import annotations

import json

import pytest
from django.test import override_settings

from tests.factories import make_bill, make_obligation
from tests.summary import report

pytestmark = pytest.mark.django_db

HOSTILE = [
    "99999999999999999999",
    "9223372036854775808",
    "-9223372036854775809",
    "-1.79e308",
    "1.79e308",
    "1e400",
    "NaN",
    "-inf",
    "\x00",
    "a\x00b",
    "%00",
    "'; DROP TABLE bills_bill; --",
    "<script>alert(1)</script>",
    "x" * 5000,
    "1,2,3,4,5,6,7,8,9",
    ",,,",
    "0",
    "-1",
    "2025-13-45",
    "99999-01-01",
]
PAGES = {
    "/": ["q", "page"],
    "/matrix/": ["jurisdiction", "bill", "category", "actor", "status", "kind", "session",
                 "date_from", "date_to", "date_field"],
    "/jurisdictions/US-NY/": ["bill", "category", "date_from"],
    "/federal/": ["bill"],
    "/compare/": ["bills"],
    "/search/": ["q", "jurisdiction", "status", "kind", "session", "date_from", "date_to",
                 "category", "actor", "sort", "page"],
    "/bills/": ["q", "page", "status"],
    "/patchwork/": ["roles", "states", "as_of", "include_pending"],
    "/search/feed/": ["q"],
    "/applies/": ["roles", "annual_revenue_usd", "training_compute_flop", "training_cost_usd",
                  "states", "sectors", "include_pending"],
}  # fmt: skip
API = {
    "/api/v1/bills/": ["q", "jurisdiction", "session", "status", "kind", "date_from", "date_to",
                       "category", "actor", "page", "format"],
    "/api/v1/obligations/": ["bill", "jurisdiction", "category", "actor", "status",
                             "review_state", "rule_id", "needs_review", "cursor", "page"],
    "/api/v1/matrix/": ["jurisdiction", "bill", "category", "actor", "status", "kind", "session",
                        "date_from", "date_to", "date_field", "format"],
    "/api/v1/compare/": ["bills", "format"],
    "/api/v1/changes/": ["since", "kind", "jurisdiction", "cursor"],
    "/api/v1/jurisdictions/": ["page"],
    "/api/v1/taxonomy/": ["format"],
    "/api/v1/patchwork/": ["roles", "states", "as_of", "include_pending", "format"],
}  # fmt: skip
PATHS = [
    "/bills/{v}/",
    "/obligations/{v}/",
    "/jurisdictions/{v}/",
    "/api/v1/bills/{v}/",
    "/api/v1/obligations/{v}/",
    "/api/v1/jurisdictions/{v}/",
]


@pytest.fixture
def data():
    bill = make_bill(identifier="S 1")
    make_obligation(bill)
    make_obligation(make_bill(jurisdiction="US-CA", identifier="SB 53"))
    return bill


def _assert_no_server_error(response, what: str) -> None:
    assert response.status_code < 500, (what, response.status_code, response.content[:300])


def _assert_api_error_shape(response, what: str) -> None:
    if response.status_code >= 400:
        assert response["Content-Type"].startswith("application/json"), what
        body = response.json()
        assert set(body) == {"message", "errors"}, (what, body)


def test_no_parameter_value_of_any_page_or_api_address_answers_500(client, data):
    tried = 0
    for address, names in {**PAGES, **API}.items():
        for name in names:
            for value in HOSTILE:
                response = client.get(address, {name: value})
                what = f"{address}?{name}={value[:40]!r}"
                _assert_no_server_error(response, what)
                if address.startswith("/api/"):
                    _assert_api_error_shape(response, what)
                tried += 1
    for template in PATHS:
        for value in HOSTILE:
            address = template.format(v=value.replace("/", "%2F").replace("?", "%3F"))
            response = client.get(address)
            _assert_no_server_error(response, address)
            if address.startswith("/api/"):
                _assert_api_error_shape(response, address)
            tried += 1
    report(f"FUZZ query and path parameters: {tried} hostile inputs tried, 0 server errors")


def test_the_issues_examples_answer_400_in_the_json_error_shape(client, data):
    for address in [
        "/api/v1/compare/?bills=99999999999999999999,1",
        "/api/v1/obligations/?bill=9223372036854775808",
        "/api/v1/obligations/?bill=-1.79e308",
        "/api/v1/bills/?jurisdiction=%00",
    ]:
        response = client.get(address)
        assert response.status_code == 400, (address, response.content[:200])
        _assert_api_error_shape(response, address)
    assert client.get("/compare/?bills=99999999999999999999,1").status_code == 400
    assert client.get("/jurisdictions/%00/").status_code in (400, 404)


def _post(client, body: str | bytes):
    return client.post("/api/v1/applicability/", body, content_type="application/json")


def test_a_50000_deep_json_body_answers_400_in_the_error_shape(client, data):
    response = _post(client, "[" * 50_000 + "]" * 50_000)
    assert response.status_code == 400
    _assert_api_error_shape(response, "deep JSON")
    assert "nested" in response.json()["message"]


def test_a_5_mb_post_answers_in_the_json_error_shape_not_an_html_page(client, data):
    response = _post(client, json.dumps({"roles": ["developer"], "pad": "x" * 5_000_000}))
    assert response.status_code in (400, 413)
    _assert_api_error_shape(response, "5 MB POST")


@pytest.mark.parametrize(
    "body",
    [
        '{"roles": ["developer"], "training_compute_flop": -1.79e308}',
        '{"roles": ["developer"], "training_compute_flop": 1.79e308}',
        '{"roles": ["developer"], "training_compute_flop": 1e400}',
        '{"roles": ["developer"], "annual_revenue_usd": 99999999999999999999999}',
        '{"roles": ["developer"], "training_cost_usd": -9223372036854775809}',
        '{"roles": ["developer"], "states": ["US-NY\\u0000"]}',
        '{"roles": ["developer"], "sectors": ["\\ud800"]}',
        '{"roles": "developer"}',
        '{"roles": [["developer"]]}',
        '{"roles": [null]}',
        "[]",
        "null",
        "1",
        '"roles"',
        "{",
        "\x00",
        '{"roles": ["developer"], "states": "' + "US-NY," * 10000 + '"}',
    ],
)
def test_hostile_applicability_profiles_answer_400_or_200_never_500(client, data, body):
    response = _post(client, body)
    _assert_no_server_error(response, body[:60])
    _assert_api_error_shape(response, body[:60])


@override_settings(DEBUG=False)
def test_a_too_large_form_post_to_a_page_is_refused_cleanly(client, data):
    response = client.post("/applies/", {"roles": "developer", "pad": "x" * 5_000_000})
    _assert_no_server_error(response, "5 MB form post")
