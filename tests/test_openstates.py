"""scrapers.sources.openstates: the API v3 format, file dispatch and the live scrape.

Scraper output files and the shared helpers have their own modules:
test_openstates_bulk and test_openstates_common.
"""

import json
from datetime import date
from pathlib import Path

import pytest

from scrapers.errors import ParseError, ScrapeError
from scrapers.registry import ScrapeParams
from scrapers.sources import openstates
from scrapers.sources.openstates import parse as openstates_parse
from scrapers.sources.openstates.fetch import scrape, search_queries
from scrapers.sources.openstates.parse import parse_file, parse_search_page

FIXTURES = Path(__file__).parent / "fixtures" / "openstates"


def load(name: str) -> dict:
    return json.loads((FIXTURES / name).read_text())


# --------------------------------------------------------------- API v3 (hand-written fixtures)


def test_search_page_gives_records_and_pagination():
    records, pagination = parse_search_page(load("bills_ut_2024_page1.json"), "page1")
    assert (pagination.page, pagination.max_page, pagination.total_items) == (1, 2, 3)
    assert [r.key for r in records] == [("US-UT", "2024", "SB 149"), ("US-UT", "2024", "HB 280")]


def test_api_bill_is_parsed_with_actions_in_order_and_authoritative_status():
    (sb149, _), _ = parse_search_page(load("bills_ut_2024_page1.json"), "page1")
    assert sb149.title == "Artificial Intelligence Amendments"
    assert sb149.source_ids == {"openstates": "ocd-bill/2f1e0c9a-6b3d-4f8e-a2c1-5d7b9e3f1a01"}
    assert len(sb149.actions) == 15
    assert (sb149.actions[0].date, sb149.actions[0].text, sb149.actions[0].actor) == (
        date(2024, 1, 16),
        "Bill Numbered but not Distributed",
        "upper",
    )
    assert (sb149.actions[-1].text, sb149.actions[-1].actor) == ("Governor Signed", "executive")
    # "receipt" has no counterpart in our vocabulary and is dropped.
    assert sb149.actions[8].classification == []
    assert (sb149.status, sb149.status_date) == ("enacted", date(2024, 3, 13))
    assert sb149.subjects == ["Technology", "Consumer Protection"]
    assert sb149.sources[-1] == "https://openstates.org/ut/bills/2024/SB149/"


def test_api_sponsors_carry_chamber_party_and_person_id():
    (sb149, _), _ = parse_search_page(load("bills_ut_2024_page1.json"), "page1")
    cullimore, moss = sb149.sponsors
    assert (cullimore.name, cullimore.classification, cullimore.chamber, cullimore.party) == (
        "Kirk A. Cullimore",
        "primary",
        "upper",
        "Republican",
    )
    assert cullimore.source_id == "ocd-person/3c6a1f2b-9e8d-4b7a-a1c2-0d9e8f7a6b51"
    assert (moss.classification, moss.chamber) == ("cosponsor", "lower")


def test_api_versions_take_the_first_link_and_date():
    (sb149, _), _ = parse_search_page(load("bills_ut_2024_page1.json"), "page1")
    assert [(v.label, v.date) for v in sb149.versions] == [
        ("Introduced", date(2024, 1, 16)),
        ("Enrolled", date(2024, 3, 6)),
    ]
    assert sb149.versions[1].url == "https://le.utah.gov/Session/2024/bills/enrolled/SB0149.pdf"


def test_search_hits_are_assessed_for_ai_relevance_and_name_the_search():
    (sb149, water), _ = parse_search_page(
        load("bills_ut_2024_page1.json"), "page1", query='"machine learning"'
    )
    assert sb149.ai_relevant is True
    assert sb149.ai_relevance_reason.startswith("title: artificial intelligence")
    assert sb149.ai_relevance_reason.endswith('found by Open States search "machine learning"')
    assert water.ai_relevant is False


def test_api_related_bills_map_relation_types():
    (hb238,), _ = parse_search_page(load("bills_ut_2024_page2.json"), "page2")
    (companion,) = hb238.related_bills
    assert (companion.identifier, companion.relation, companion.session) == (
        "SB 131",
        "companion",
        "2024",
    )
    assert hb238.status == "failed"
    assert [s.source_id for s in hb238.sponsors] == ["", ""]
    assert hb238.versions[0].media_type == "text/html"


def test_single_bill_detail_file_parses_with_colorado_style_identifier():
    (sb205,) = parse_file(FIXTURES / "bill_co_2024A_sb24-205.json")
    assert sb205.key == ("US-CO", "2024A", "SB 24-205")
    assert (sb205.status, sb205.status_date) == ("enacted", date(2024, 5, 17))
    assert len(sb205.actions) == 11
    assert [s.name for s in sb205.sponsors if s.classification == "primary"] == [
        "Robert Rodriguez",
        "Brianna Titone",
        "Manny Rutinel",
    ]
    assert sb205.related_bills[0].relation == "related"
    assert sb205.ai_relevant is True


# --------------------------------------------------------------- malformed input


def test_malformed_search_page_raises_parse_error_naming_where_and_what():
    with pytest.raises(ParseError, match=r"\[openstates\] page9: expected .*pagination"):
        parse_search_page({"results": [], "pagination": {"page": 1}}, "page9")


def test_bill_from_unknown_jurisdiction_raises_parse_error():
    bill = load("bill_co_2024A_sb24-205.json")
    bill["jurisdiction"]["id"] = "ocd-jurisdiction/country:ca/province:on/government"
    with pytest.raises(ParseError, match="a US state, DC or PR jurisdiction id"):
        openstates_parse.parse_api_bill(bill, "x.json")


def test_unrecognised_or_broken_files_raise_parse_error_naming_the_file(tmp_path):
    other = tmp_path / "other.json"
    other.write_text('{"hello": 1}')
    with pytest.raises(ParseError, match=r"other\.json: expected an Open States /bills response"):
        parse_file(other)
    broken = tmp_path / "broken.json"
    broken.write_text("{not json")
    with pytest.raises(ParseError, match=r"broken\.json: expected a readable JSON file"):
        parse_file(broken)


def test_bad_action_date_raises_parse_error():
    bill = load("bill_co_2024A_sb24-205.json")
    bill["actions"][0]["date"] = "April 10"
    with pytest.raises(ParseError, match="an ISO date, got 'April 10'"):
        openstates_parse.parse_api_bill(bill, "x.json")


# --------------------------------------------------------------- live scrape (fake client)


class FakeResponse:
    def __init__(self, data, url="https://v3.openstates.org/bills"):
        self.data, self.url = data, url

    def json(self):
        return self.data


class FakeClient:
    """Serves the two fixture pages for any query, recording each request."""

    def __init__(self):
        self.requests = []

    def get(self, url, params=None, headers=None):
        self.requests.append((url, params, headers))
        return FakeResponse(load(f"bills_ut_2024_page{params['page']}.json"))


def test_search_terms_are_ored_into_few_queries():
    assert search_queries(["a", "b", "c"], per_query=2) == ["a OR b", "c"]
    assert len(search_queries()) == 2


def test_scrape_pages_through_each_query_and_yields_each_bill_once(settings):
    settings.OPENSTATES_API_KEY = "test-key"
    client = FakeClient()
    records = list(scrape(ScrapeParams(jurisdiction="US-UT", session="2024"), client))
    assert [r.identifier for r in records] == ["SB 149", "HB 280", "HB 238"]
    assert len(client.requests) == 4  # 2 queries x 2 pages
    url, params, headers = client.requests[0]
    assert url == "https://v3.openstates.org/bills"
    assert headers == {"X-API-KEY": "test-key"}
    assert params["jurisdiction"] == "ocd-jurisdiction/country:us/state:ut/government"
    assert params["session"] == "2024"
    assert params["per_page"] == 20
    assert params["include"] == [
        "actions",
        "sponsorships",
        "versions",
        "sources",
        "abstracts",
        "related_bills",
    ]
    assert "updated_since" not in params


def test_scrape_without_session_asks_only_for_recently_updated_bills(settings):
    settings.OPENSTATES_API_KEY = "test-key"
    client = FakeClient()
    next(scrape(ScrapeParams(jurisdiction="US-UT"), client))
    assert client.requests[0][1]["updated_since"] > "2000-01-01"


def test_scrape_refuses_without_an_api_key_or_for_federal(settings):
    settings.OPENSTATES_API_KEY = ""
    with pytest.raises(ScrapeError, match="OPENSTATES_API_KEY is not set"):
        next(scrape(ScrapeParams(jurisdiction="US-UT"), FakeClient()))
    settings.OPENSTATES_API_KEY = "k"
    with pytest.raises(ScrapeError, match="not US"):
        next(scrape(ScrapeParams(jurisdiction="US"), FakeClient()))


def test_source_is_registered_with_the_api_rate_limit():
    assert openstates.SOURCE.name == "openstates"
    assert openstates.SOURCE.rate_per_minute == 10
    assert len(openstates.SOURCE.jurisdictions) == 52
