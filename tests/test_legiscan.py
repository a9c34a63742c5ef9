"""scrapers.sources.legiscan: dataset and API files, change detection and the live scrape.

Payload parsing alone is tested in test_legiscan_parse.
"""

import json
from datetime import date

import pytest

from scrapers.errors import ParseError, ScrapeError
from scrapers.registry import ScrapeParams
from scrapers.sources import legiscan
from scrapers.sources.legiscan.fetch import changed_bill_ids, master_lists, scrape
from scrapers.sources.legiscan.parse import parse_file
from scrapers.sources.legiscan.payloads import MasterListEntry
from tests.legiscan_helpers import DATASET, FIXTURES, load

# --------------------------------------------------------------- dataset files (real samples)


@pytest.fixture
def hb1(corpus_dir):
    (record,) = parse_file(corpus_dir / DATASET / "bill_HB1.json")
    return record


@pytest.fixture
def hb3(corpus_dir):
    (record,) = parse_file(corpus_dir / DATASET / "bill_HB3.json")
    return record


def test_dataset_bill_gets_jurisdiction_session_identifier_and_title(hb1):
    assert hb1.key == ("US-AK", "2011-2012", "HB 1")
    assert hb1.title == "Policy For Securing Health Care Services"
    assert hb1.abstract.startswith("An Act stating a public policy")
    assert hb1.session_name == "27th Legislature"
    assert hb1.kind == "bill"
    assert hb1.subjects == [
        "Attorney General",
        "Insurance",
        "Intergovernmental Relations",
        "Medical Care",
    ]


def test_dataset_bill_keeps_legiscan_ids_and_change_hash(hb1):
    assert hb1.source_ids == {
        "legiscan": "230084",
        "legiscan_change_hash": "38558907f12c02a238b1cd43d2a37393",
    }
    assert hb1.sources == [
        "https://legiscan.com/AK/bill/HB1/2011",
        "http://www.legis.state.ak.us/basis/get_bill.asp?session=27&bill=HB1",
    ]


def test_engrossed_status_code_means_passed_one_chamber_on_the_status_date(hb1, hb3):
    assert (hb1.status, hb1.status_date) == ("passed_one_chamber", date(2011, 4, 11))
    assert (hb3.status, hb3.status_date) == ("passed_one_chamber", date(2011, 2, 28))


def test_dataset_bill_keeps_every_history_entry_in_order(hb1, hb3):
    assert len(hb1.actions) == 27
    assert (hb1.actions[0].date, hb1.actions[0].text) == (
        date(2011, 1, 18),
        "PREFILE RELEASED 1/7/11",
    )
    assert (hb1.actions[-1].date, hb1.actions[-1].text) == (
        date(2011, 4, 12),
        "REFERRED TO HEALTH & SOCIAL SERVICES",
    )
    assert len(hb3.actions) == 36
    assert hb3.actions[0].text == "PREFILE RELEASED 1/7/11"
    assert (hb3.actions[-1].date, hb3.actions[-1].text) == (
        date(2011, 3, 1),
        "REFERRED TO STATE AFFAIRS",
    )


def test_alaska_history_texts_are_classified_by_the_rules(hb1):
    by_text = {a.text: a.classification for a in hb1.actions}
    assert by_text["READ THE FIRST TIME - REFERRALS"] == ["reading-1"]
    assert by_text["READ THE THIRD TIME CSHB 1(JUD)"] == ["reading-3"]
    assert by_text["PASSED Y24 N16"] == ["passage"]
    assert by_text["REFERRED TO HEALTH & SOCIAL SERVICES"] == ["referral-committee"]


def test_dataset_sponsors_list_the_prime_sponsor_first_when_types_are_unknown(hb1, hb3):
    assert [(s.name, s.classification) for s in hb1.sponsors] == [
        ("Carl Gatto", "primary"),
        ("Robert Lynn", "cosponsor"),
        ("Craig Johnson", "cosponsor"),
        ("Peggy Wilson", "cosponsor"),
        ("Alan Dick", "cosponsor"),
    ]
    assert (hb1.sponsors[0].chamber, hb1.sponsors[0].party, hb1.sponsors[0].source_id) == (
        "lower",
        "R",
        "6033",
    )
    assert len(hb3.sponsors) == 19
    fairclough = next(s for s in hb3.sponsors if s.name == "Anna Fairclough MacKinnon")
    assert fairclough.chamber == "upper"


def test_dataset_texts_become_versions_pointing_at_the_state_documents(hb1, hb3):
    assert [(v.label, v.date) for v in hb1.versions] == [
        ("Introduced", date(2011, 1, 18)),
        ("Comm Sub", date(2011, 3, 16)),
        ("Comm Sub", date(2011, 4, 7)),
    ]
    assert hb1.versions[0].url == "http://www.legis.state.ak.us/PDF/27/Bills/HB0001A.PDF"
    assert hb1.versions[0].media_type == "application/pdf"
    assert [v.url.rsplit("/", 1)[-1] for v in hb3.versions] == ["HB0003A.PDF", "HB0003B.PDF"]
    assert hb3.key == ("US-AK", "2011-2012", "HB 3")
    assert hb3.title == "Requirements For Driver's License"
    assert hb3.related_bills == []


def test_dataset_bills_about_health_and_licences_are_not_ai_relevant(hb1, hb3):
    assert hb1.ai_relevant is False and hb3.ai_relevant is False


@pytest.mark.parametrize("name", ["text_105736.json", "vote_154366.json", "people_8630.json"])
def test_dataset_files_without_a_bill_give_no_records(corpus_dir, name):
    assert parse_file(corpus_dir / DATASET / name) == []


def test_bill_file_picks_up_the_text_of_a_sibling_text_file(tmp_path, corpus_dir):
    bill = json.loads((corpus_dir / DATASET / "bill_HB1.json").read_text())
    bill["bill"].update(bill_id=212667, texts=[{"doc_id": 105736, "type": "Amended"}])
    (tmp_path / "bill_AB50.json").write_text(json.dumps(bill))
    (tmp_path / "text_105736.json").write_text(
        (corpus_dir / DATASET / "text_105736.json").read_text()
    )
    (record,) = parse_file(tmp_path / "bill_AB50.json")
    assert record.versions[0].text.startswith("BILL NUMBER: AB 50 AMENDED")


# --------------------------------------------------------------- live API shapes (fixtures)


def test_live_get_bill_response_is_unwrapped_and_parsed():
    (sb53,) = parse_file(FIXTURES / "getBill_1898765.json")
    assert sb53.key == ("US-CA", "2025-2026", "SB 53")
    assert sb53.title == "Artificial intelligence models: large developers."
    assert sb53.source_ids["legiscan"] == "1898765"
    assert (sb53.status, sb53.status_date) == ("enacted", date(2025, 9, 29))
    assert sb53.chapter == "Chapter 138 of 2025"
    assert len(sb53.actions) == 11
    assert (sb53.actions[0].text, sb53.actions[0].actor) == (
        "Introduced. Read first time. To Com. on RLS. for assignment. To print.",
        "upper",
    )
    assert sb53.actions[4].actor == "lower"  # chamber "A", the Assembly
    assert sb53.actions[-1].classification == ["became-law"]
    assert sb53.ai_relevant is True


def test_live_bill_sponsor_types_and_same_as_relations():
    (sb53,) = parse_file(FIXTURES / "getBill_1898765.json")
    assert [(s.name, s.classification, s.chamber) for s in sb53.sponsors] == [
        ("Scott Wiener", "primary", "upper"),
        ("Susan Rubio", "cosponsor", "upper"),
        ("Buffy Wicks", "cosponsor", "lower"),
    ]
    (similar,) = sb53.related_bills
    assert (similar.identifier, similar.relation) == ("SB 1047", "related")


# --------------------------------------------------------------- change detection


def test_changed_bill_ids_are_new_bills_and_bills_whose_hash_differs():
    entries = [
        MasterListEntry(1, "HB1", "aaa"),
        MasterListEntry(2, "HB2", "bbb"),
        MasterListEntry(3, "HB3", "ccc"),
    ]
    known = {"1": "aaa", "2": "old"}
    assert changed_bill_ids(entries, known) == [2, 3]
    assert changed_bill_ids(entries, {"1": "aaa", "2": "bbb", "3": "ccc"}) == []
    assert changed_bill_ids(entries, {}) == [1, 2, 3]


# --------------------------------------------------------------- malformed input


def test_api_error_responses_raise_parse_error_with_the_message():
    with pytest.raises(ParseError, match=r"error_unknown_bill\.json: .*Unknown bill id: 99999999"):
        parse_file(FIXTURES / "error_unknown_bill.json")


# --------------------------------------------------------------- live scrape (fake client)


class FakeResponse:
    def __init__(self, data):
        self.data, self.url = data, "https://api.legiscan.com/"

    def json(self):
        return self.data


class FakeClient:
    """Answers each LegiScan op from the fixtures, recording (op, params)."""

    def __init__(self):
        self.calls = []

    def get(self, url, params=None, headers=None):
        op = params["op"]
        self.calls.append((op, {k: v for k, v in params.items() if k not in ("op", "key")}))
        if op == "getBill" and params["id"] != 1898765:
            return FakeResponse(load("error_unknown_bill.json"))
        names = {
            "getSearch": "getSearch_CA.json",
            "getMasterListRaw": "getMasterListRaw_CA.json",
            "getSessionList": "getSessionList_CA.json",
            "getBill": "getBill_1898765.json",
            "getBillText": "getBillText_3277042.json",
        }
        return FakeResponse(load(names[op]))


def test_scrape_fetches_only_changed_ai_bills_with_their_latest_text(settings):
    settings.LEGISCAN_API_KEY = "test-key"
    client = FakeClient()
    unchanged_ab1018 = {"1895432": "9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b"}
    records = list(
        scrape(ScrapeParams(jurisdiction="US-CA"), client, known_hashes=lambda: unchanged_ab1018)
    )
    assert [r.identifier for r in records] == ["SB 53"]
    assert [op for op, _ in client.calls] == [
        "getSearch",
        "getMasterListRaw",
        "getSessionList",
        "getBill",
        "getBillText",
    ]
    assert client.calls[0][1]["state"] == "CA"
    assert client.calls[4][1] == {"id": 3277042}
    assert "Transparency in Frontier" in records[0].versions[-1].text


def test_scrape_with_all_hashes_known_fetches_no_bill(settings):
    settings.LEGISCAN_API_KEY = "test-key"
    client = FakeClient()
    known = {
        "1898765": "6d1f0a3b9c8e7d5f4a2b1c0e9d8f7a6b",
        "1895432": "9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b",
    }
    assert (
        list(scrape(ScrapeParams(jurisdiction="US-CA"), client, known_hashes=lambda: known)) == []
    )
    assert [op for op, _ in client.calls] == ["getSearch", "getMasterListRaw", "getSessionList"]


@pytest.mark.parametrize(
    ("today", "extra_calls"),
    [
        (date(2025, 2, 1), [("getMasterListRaw", {"id": 2016})]),  # 2023-2024's late actions
        (date(2025, 9, 1), []),
    ],
)
def test_the_previous_regular_session_is_read_during_the_grace_period(settings, today, extra_calls):
    settings.LEGISCAN_API_KEY, settings.SCRAPER_PREVIOUS_SESSION_DAYS = "k", 120
    client = FakeClient()
    lists = master_lists(client, "CA", today)
    assert client.calls[2:] == extra_calls
    assert len(lists) == 1 + len(extra_calls)


def test_scrape_refuses_without_a_key_or_for_puerto_rico(settings):
    settings.LEGISCAN_API_KEY = ""
    with pytest.raises(ScrapeError, match="LEGISCAN_API_KEY is not set"):
        next(scrape(ScrapeParams(jurisdiction="US-CA"), FakeClient()))
    settings.LEGISCAN_API_KEY = "k"
    with pytest.raises(ScrapeError, match="does not cover US-PR"):
        next(scrape(ScrapeParams(jurisdiction="US-PR"), FakeClient()))


def test_error_messages_never_contain_the_api_key(settings):
    settings.LEGISCAN_API_KEY = "secret-key"

    class BrokenClient(FakeClient):
        def get(self, url, params=None, headers=None):
            class NotJson(FakeResponse):
                def json(self):
                    raise ValueError("not json")

            return NotJson(None)

    with pytest.raises(ParseError) as caught:
        next(scrape(ScrapeParams(jurisdiction="US-CA"), BrokenClient()))
    assert "secret-key" not in str(caught.value)


def test_source_is_registered():
    assert legiscan.SOURCE.name == "legiscan"
    assert "US-PR" not in legiscan.SOURCE.jurisdictions
