"""A watch list as people type it: "CA SB 53", "US-CA SB 53", "ny s8828", "CA 2025 SB 53", ids;
in the API, on the subscribe and manage pages, and in the autocomplete under the field."""

from __future__ import annotations

import pytest

from digests import subscriptions
from digests.models import Subscription
from digests.tokens import make_token
from digests.watchlist import reference, resolve, watched_ids
from tests.factories import make_bill, make_jurisdiction, make_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def bills() -> dict:
    ca = make_jurisdiction("US-CA")
    return {
        "sb53": make_bill("US-CA", "SB 53", session=make_session(ca, "2025-2026"),
                          title="Transparency in Frontier Artificial Intelligence Act"),
        "sb53_old": make_bill("US-CA", "SB 53", session=make_session(ca, "2023-2024"),
                              title="An act relating to something else"),
        "s8828": make_bill("US-NY", "S 8828", title="An act relating to AI companions"),
        "hr21": make_bill("US", "HR 21", session=make_session(make_jurisdiction("US"), "119"),
                          title="Federal frontier AI act"),
        "co": make_bill("US-CO", "SB 24-205", session=make_session(
            make_jurisdiction("US-CO"), "2024"), title="Colorado AI Act"),
    }  # fmt: skip


@pytest.mark.parametrize(
    ("entry", "wanted"),
    [
        ("CA 2025 SB 53", "sb53"),
        ("US-CA 2026 SB 53", "sb53"),
        ("ca 2023 sb53", "sb53_old"),
        ("California 2025-2026 S.B. 53", "sb53"),
        ("US-CA 2025-2026 SB 53", "sb53"),
        ("ny s8828", "s8828"),
        ("NY S 8828", "s8828"),
        ("S8828", "s8828"),
        ("New York S 8828", "s8828"),
        ("US HR 21", "hr21"),
        ("US 119 HR 21", "hr21"),
        ("federal hr21", "hr21"),
        ("CO SB 24-205", "co"),
        ("Colorado 2024 SB 24-205", "co"),
    ],
)
def test_an_entry_as_people_type_it_names_one_bill(bills, entry, wanted):
    assert resolve(entry).bill == bills[wanted]
    assert resolve(entry).error == ""


def test_every_bills_full_reference_reads_back_to_it(bills):
    for bill in bills.values():
        assert resolve(reference(bill)).bill == bill
    assert reference(bills["sb53"]) == "US-CA 2025-2026 SB 53"


def test_an_id_still_names_its_bill(bills):
    assert resolve(str(bills["s8828"].pk)).bill == bills["s8828"]
    assert resolve("999999").error == "No bill has the id 999999."


def test_a_number_in_two_sessions_is_refused_naming_both(bills):
    assert resolve("CA SB 53").error == (
        "“CA SB 53” could be US-CA 2025-2026 SB 53, US-CA 2023-2024 SB 53: "
        "add the state or the session."
    )
    assert resolve("SB 53").bills == [bills["sb53"], bills["sb53_old"]]


def test_an_unknown_number_is_refused_with_what_it_may_have_meant(bills):
    assert resolve("TX HB 149").error == "No bill is numbered “TX HB 149”."
    assert resolve("CA SB 5").error == (
        "No bill is numbered “CA SB 5”. Did you mean US-CA 2025-2026 SB 53, US-CA 2023-2024 SB 53?"
    )
    assert resolve("CA 2027 SB 53").bill is None


def test_an_entry_too_long_to_be_a_number_is_refused_without_a_lookup(bills):
    resolution = resolve("SB " + "5" * 200)
    assert resolution.bills == resolution.suggestions == []
    assert resolution.error.startswith("No bill is numbered “SB 555")


def test_a_typed_list_gives_ids_and_one_message_per_entry_in_error(bills):
    ids, errors = watched_ids(f"CA 2025 SB 53; ny s8828\n{bills['hr21'].pk}, ny s8828")
    assert ids == sorted([bills["sb53"].pk, bills["s8828"].pk, bills["hr21"].pk])
    assert errors == []
    assert watched_ids(["CA SB 53", "WY SF 1"])[1] == [
        "“CA SB 53” could be US-CA 2025-2026 SB 53, US-CA 2023-2024 SB 53: add the state or the "
        "session.",
        "No bill is numbered “WY SF 1”.",
    ]
    assert watched_ids(",".join(f"S {n}" for n in range(51)))[1] == [
        "A watch list has at most 50 bills."
    ]


def test_the_api_takes_numbers_and_ids(client, bills):
    body = {"email": "a@example.com", "bills": ["CA 2025 SB 53", "ny s8828", bills["hr21"].pk]}
    answer = client.post("/api/v1/subscriptions/", body, content_type="application/json")
    assert answer.status_code == 202
    assert Subscription.objects.get().bills == sorted(
        [bills["sb53"].pk, bills["s8828"].pk, bills["hr21"].pk]
    )


def test_the_api_refuses_unknown_and_ambiguous_numbers_in_the_error_shape(client, bills):
    body = {"email": "a@example.com", "bills": ["CA SB 53", "WY SF 1", 999999]}
    answer = client.post("/api/v1/subscriptions/", body, content_type="application/json")
    assert answer.status_code == 400
    assert answer.json() == {
        "message": "Invalid request parameters.",
        "errors": {
            "bills": [
                "“CA SB 53” could be US-CA 2025-2026 SB 53, US-CA 2023-2024 SB 53: add the state "
                "or the session.",
                "No bill is numbered “WY SF 1”.",
                "No bill has the id 999999.",
            ]
        },
    }
    assert not Subscription.objects.exists()


def test_the_api_refuses_an_entry_of_the_wrong_type(client, bills):
    for entry in (True, {"id": 1}, "", "x" * 81):
        body = {"email": "a@example.com", "bills": [entry]}
        answer = client.post("/api/v1/subscriptions/", body, content_type="application/json")
        assert answer.status_code == 400, entry
        assert list(answer.json()["errors"]) == ["bills"]


def test_the_schema_says_an_entry_is_an_id_or_a_number(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    body = schema["components"]["schemas"]["Subscription"]["properties"]["bills"]
    assert body["items"]["oneOf"] == [
        {"type": "integer", "minimum": 1},
        {"type": "string", "minLength": 1, "maxLength": 80},
    ]


def test_the_subscribe_page_takes_numbers_without_javascript(client, bills):
    answer = client.post(
        "/subscribe/", {"email": "a@example.com", "bills": "CA 2025 SB 53, ny s8828",
                        "frequency": "daily"},
    )  # fmt: skip
    assert answer.status_code == 200 and b"Check your inbox" in answer.content
    assert Subscription.objects.get().bills == sorted([bills["sb53"].pk, bills["s8828"].pk])


def test_the_subscribe_page_says_which_entries_name_no_bill_or_several(client, bills):
    answer = client.post(
        "/subscribe/", {"email": "a@example.com", "bills": "CA SB 53, WY SF 1",
                        "frequency": "daily"},
    )  # fmt: skip
    assert answer.status_code == 400
    page = answer.content.decode()
    assert "could be US-CA 2025-2026 SB 53, US-CA 2023-2024 SB 53" in page
    assert "No bill is numbered “WY SF 1”." in page
    assert 'value="CA SB 53, WY SF 1"' in page  # what was typed stays to be corrected
    assert not Subscription.objects.exists()


def test_the_manage_page_shows_the_watch_list_by_reference_and_saves_it_unchanged(client, bills):
    sub = subscriptions.confirm(
        Subscription.objects.create(email="a@example.com", bills=[bills["s8828"].pk])
    )
    url = f"/subscribe/manage/{make_token(sub, 'manage')}/"
    page = client.get(url).content.decode()
    assert 'value="US-NY 2025-2026 S 8828"' in page
    assert 'hx-get="/subscribe/watch-list/"' in page
    answer = client.post(url, {"bills": "US-NY 2025-2026 S 8828, CA 2023 SB 53",
                               "frequency": "daily"})  # fmt: skip
    assert answer.status_code == 200
    sub.refresh_from_db()
    assert sub.bills == sorted([bills["s8828"].pk, bills["sb53_old"].pk])


def test_the_autocomplete_tells_each_entry_and_offers_the_bills_an_entry_may_mean(client, bills):
    answer = client.get("/subscribe/watch-list/", {"bills": "ny s8828, CA SB 53"})
    html = answer.content.decode()
    assert "✓ New York S 8828" in html
    assert "could be US-CA 2025-2026 SB 53" in html
    # Choosing one replaces the entry by the bill's full reference and gives the field back.
    assert "bills=ny+s8828%2C+US-CA+2025-2026+SB+53&amp;part=field" in html
    field = client.get(
        "/subscribe/watch-list/", {"bills": "ny s8828, US-CA 2025-2026 SB 53", "part": "field"}
    ).content.decode()
    assert field.startswith('<div id="watch-list">')
    assert 'value="ny s8828, US-CA 2025-2026 SB 53"' in field
    assert field.count("✓") == 2
