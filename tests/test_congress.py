"""scrapers.sources.congress: congress.gov API v3 files, file dispatch and the live scrape.

BILLSTATUS XML and the shared record helpers have their own modules:
test_congress_billstatus and test_congress_records.
"""

from __future__ import annotations

import json
import shutil
from datetime import date

import pytest

from scrapers.errors import ParseError
from scrapers.registry import ScrapeParams
from scrapers.sources.congress import fetch as congress_fetch
from scrapers.sources.congress import parse as congress_parse
from tests.congress_helpers import only


@pytest.fixture
def api_dir(corpus_dir):
    return corpus_dir / "api_formats" / "congress_gov_api_v3_json"


# --------------------------------------------------------------------------- H.R. 21 detail


def test_detail_file_merges_its_sibling_sub_resources(api_dir):
    bill = only(congress_parse.parse_file(api_dir / "bill_117_hr_21.json"))
    assert (bill.jurisdiction, bill.session, bill.identifier) == ("US", "117", "HR 21")
    assert bill.title == "FedRAMP Authorization Act"
    assert bill.kind == "bill"
    assert bill.status == "passed_one_chamber"
    assert bill.status_date == date(2021, 1, 5)
    assert bill.source_ids == {"congress": "117/hr/21"}
    assert bill.sources == ["https://www.congress.gov/bill/117th-congress/house-bill/21"]
    assert bill.subjects[0] == "Government Operations and Politics"
    assert len(bill.subjects) == 14
    assert bill.abstract.startswith("Federal Risk and Authorization Management Program")


def test_detail_actions_keep_both_source_systems_but_drop_exact_repeats(api_dir):
    actions = only(congress_parse.parse_file(api_dir / "bill_117_hr_21.json")).actions
    # Ten in the file; "Introduced in House" is given twice by the Library of Congress.
    assert len(actions) == 9
    assert (actions[0].date, actions[0].text) == (date(2021, 1, 4), "Introduced in House")
    assert actions[0].classification == ["introduction"]
    assert actions[-1].date == date(2021, 1, 6)
    assert actions[-1].text.startswith("Received in the Senate and Read twice and referred")
    assert actions[-1].actor == "upper"
    passages = [a for a in actions if "passage" in a.classification]
    assert [(a.actor, a.text[:25]) for a in passages] == [("lower", "Passed/agreed to in House")]


def test_detail_versions_sponsors_and_related_bill(api_dir):
    bill = only(congress_parse.parse_file(api_dir / "bill_117_hr_21.json"))
    assert [(v.label, v.date) for v in bill.versions] == [
        ("Introduced in House", date(2021, 1, 4)),
        ("Engrossed in House", date(2021, 1, 5)),
        ("Referred in Senate", date(2021, 1, 6)),
    ]
    assert bill.versions[0].url == "https://www.congress.gov/117/bills/hr21/BILLS-117hr21ih.htm"
    assert bill.versions[0].media_type == "text/html"
    assert [(s.name, s.classification, s.party, s.source_id) for s in bill.sponsors] == [
        ("Connolly, Gerald E.", "primary", "D", "C001078"),
        ("Comer, James", "cosponsor", "R", "C001108"),
        ("Hice, Jody B.", "cosponsor", "R", "H001071"),
    ]
    assert [(r.identifier, r.relation, r.session) for r in bill.related_bills] == [
        ("S 3099", "related", "")
    ]


def test_hr_21_is_not_about_ai(api_dir):
    bill = only(congress_parse.parse_file(api_dir / "bill_117_hr_21.json"))
    assert bill.ai_relevant is False
    assert bill.ai_relevance_reason


def test_detail_file_alone_is_a_partial_record_from_its_latest_action(api_dir, tmp_path):
    shutil.copy(api_dir / "bill_117_hr_21.json", tmp_path / "bill_117_hr_21.json")
    bill = only(congress_parse.parse_file(tmp_path / "bill_117_hr_21.json"))
    assert bill.title == "FedRAMP Authorization Act"
    # Ten actions are linked, not given: what the detail says is kept, and the record is
    # partial so it never overwrites the full history.
    assert bill.partial and bill.versions == []
    assert [(a.date, a.text) for a in bill.actions] == [
        (date(2021, 1, 4), "Introduced in House"),
        (date(2021, 1, 6), "Received in the Senate and Read twice and referred to the "
         "Committee on Homeland Security and Governmental Affairs."),
    ]  # fmt: skip
    assert (bill.status, bill.status_date) == ("in_committee", date(2021, 1, 6))
    assert [s.name for s in bill.sponsors] == ["Connolly, Gerald E."]
    assert bill.subjects == ["Government Operations and Politics"]


def test_a_sub_resource_file_on_its_own_yields_nothing(api_dir):
    assert congress_parse.parse_file(api_dir / "bill_117_hr_21_actions.json") == []
    assert congress_parse.parse_file(api_dir / "bill_117_hr_21_committees.json") == []


# --------------------------------------------------------------------------- lists


@pytest.mark.parametrize("name", ["bill.json", "bill_117.json", "bill_117_hr.json"])
def test_list_response_gives_a_minimal_record_per_bill(api_dir, name):
    records = congress_parse.parse_file(api_dir / name)
    assert len(records) == 20
    first = records[0].validate()
    assert (first.identifier, first.session, first.title) == ("HR 3617", "117", "MORE Act")
    assert [(a.date, a.text) for a in first.actions] == [
        (date(2022, 4, 1), "Motion to reconsider laid on the table Agreed to without objection.")
    ]
    assert all(r.ai_relevant is False for r in records)


def test_list_entries_without_a_title_get_a_placeholder_and_resolutions_their_kind(api_dir):
    records = {r.identifier: r for r in congress_parse.parse_file(api_dir / "bill.json")}
    assert records["HR 7343"].title == "HR 7343 (117th Congress)"
    assert records["HR 7343"].status == "in_committee"
    assert records["HRES 1021"].kind == "resolution"


# --------------------------------------------------------------------------- wrapped 119th bills


def test_wrapped_senate_ai_bill(api_dir):
    bill = only(congress_parse.parse_file(api_dir / "ai_bills_repo_wrapped" / "119-s-2938.json"))
    assert (bill.session, bill.identifier) == ("119", "S 2938")
    assert bill.title == "Artificial Intelligence Risk Evaluation Act of 2025"
    assert bill.ai_relevant is True
    assert "artificial intelligence" in bill.ai_relevance_reason
    assert (bill.status, bill.status_date) == ("in_committee", date(2025, 9, 29))
    assert [(a.date, a.text[:30]) for a in bill.actions] == [
        (date(2025, 9, 29), "Introduced in Senate"),
        (date(2025, 9, 29), "Read twice and referred to the"),
        (date(2026, 9, 30), "Committee on Homeland Security"),
    ]
    assert [(s.name, s.chamber, s.party) for s in bill.sponsors] == [("Hawley, Josh", "upper", "R")]
    assert bill.sources == ["https://www.congress.gov/bill/119th-congress/senate-bill/2938"]


def test_wrapped_house_ai_bill(api_dir):
    bill = only(congress_parse.parse_file(api_dir / "ai_bills_repo_wrapped" / "119-hr-9363.json"))
    assert (bill.identifier, bill.title) == ("HR 9363", "AI Security and Innovation Act")
    assert bill.ai_relevant is True
    assert (bill.status, bill.status_date) == ("in_committee", date(2026, 6, 18))
    assert len(bill.actions) == 4  # five given, "Introduced in House" twice
    assert bill.actions[0].text == "Introduced in House"
    assert bill.actions[-1].text.startswith("Ordered to be Reported in the Nature of a Substitute")
    assert bill.subjects == ["Science, Technology, Communications"]


# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"{not json", "JSON or BILLSTATUS XML"),
        (b"[1, 2]", "a JSON object"),
        (b'{"bills": [{"congress": 117, "type": "HR"}]}', "congress, type and number"),
        (b'{"bill": {"congress": 117, "type": "HR", "number": "x1"}}', "numeric congress"),
        (b'{"hello": "world"}', "a congress.gov bill"),
        (b"<billStatus><version>3</version></billStatus>", "<bill> element"),
        (b"<billStatus><bill>", "well-formed BILLSTATUS XML"),
    ],
)
def test_malformed_input_raises_a_parse_error_naming_the_file(tmp_path, content, expected):
    path = tmp_path / "broken.json"
    path.write_bytes(content)
    with pytest.raises(ParseError) as error:
        congress_parse.parse_file(path)
    assert str(path) in str(error.value)
    assert expected in str(error.value)


# --------------------------------------------------------------------------- live


class FakeClient:
    """Answers get_json from saved payloads keyed by URL; records what was asked."""

    def __init__(self, payloads):
        self.payloads, self.asked = payloads, []

    def get_json(self, url, params=None):
        self.asked.append(url)
        return json.loads(json.dumps(self.payloads.get(url, {})))


def test_scrape_fetches_and_yields_only_ai_bills_from_the_list(api_dir):
    wrapped = json.loads((api_dir / "ai_bills_repo_wrapped" / "119-s-2938.json").read_text())
    base = "https://api.congress.gov/v3/bill/119"
    listing = {
        "bills": [
            {"congress": 119, "type": "S", "number": "2938", "title": wrapped["bill"]["title"]},
            {"congress": 119, "type": "HR", "number": "1", "title": "One Big Beautiful Bill Act"},
        ],
        "pagination": {"count": 2},
    }
    client = FakeClient(
        {
            base: listing,
            f"{base}/s/2938": {"bill": wrapped["bill"]},
            f"{base}/s/2938/actions": {"actions": wrapped["actions"]},
        }
    )
    records = list(congress_fetch.scrape(ScrapeParams(session="119"), client))
    assert [r.identifier for r in records] == ["S 2938"]
    assert len(records[0].actions) == 3
    assert not any("/hr/1" in url for url in client.asked)


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2025, 1, 10), ["119", "118"]),  # a week into the 119th: the 118th's late actions
        (date(2025, 9, 1), ["119"]),
        (date(2026, 2, 1), ["119"]),
    ],
)
def test_the_previous_congress_is_scraped_for_a_while_after_a_new_one_starts(
    today, expected, settings
):
    settings.SCRAPER_PREVIOUS_SESSION_DAYS = 120
    assert congress_fetch.congresses_to_scrape(today) == expected


# --------------------------------------------------------------------------- real responses


def _detail(api_dir, **changes) -> dict:
    """The real H.R. 21 detail response with some of its bill fields changed."""
    payload = json.loads((api_dir / "bill_117_hr_21.json").read_text())
    payload["bill"].update(changes)
    return payload


def _write(folder, name: str, payload: dict):
    path = folder / name
    path.write_text(json.dumps(payload))
    return path


@pytest.mark.parametrize(
    ("latest", "law"),
    [
        ("Became Public Law No: 119-21.", "119-21"),
        ("Became Public Law No. 82-416", "82-416"),  # the older wording
    ],
)
def test_detail_only_response_with_laws_is_enacted_and_partial(api_dir, tmp_path, latest, law):
    payload = _detail(
        api_dir,
        laws=[{"number": law, "type": "Public Law"}],
        latestAction={"actionDate": "2025-07-04", "text": latest},
    )
    bill = only(congress_parse.parse_file(_write(tmp_path, "detail.json", payload)))
    assert (bill.status, bill.status_date) == ("enacted", date(2025, 7, 4))
    assert bill.chapter == f"Public Law {law}"
    assert bill.partial  # ten actions are linked, not given
    assert bill.actions[0] == bill.actions[0].__class__(
        date(2021, 1, 4), "Introduced in House", "lower", ["introduction"]
    )


def test_laws_element_makes_a_bill_enacted_whatever_its_latest_action(api_dir, tmp_path):
    payload = _detail(api_dir, laws=[{"number": "119-21", "type": "Public Law"}])
    bill = only(congress_parse.parse_file(_write(tmp_path, "detail.json", payload)))
    assert (bill.status, bill.chapter) == ("enacted", "Public Law 119-21")


def test_text_version_dates_are_the_eastern_date_of_the_utc_stamp(api_dir, tmp_path):
    text = json.loads((api_dir / "bill_117_hr_21_text.json").read_text())
    text["textVersions"][0]["date"] = "2025-07-05T03:59:59Z"  # 11:59 pm on July 4 in DC
    shutil.copy(api_dir / "bill_117_hr_21.json", tmp_path / "bill_117_hr_21.json")
    _write(tmp_path, "bill_117_hr_21_text.json", text)
    bill = only(congress_parse.parse_file(tmp_path / "bill_117_hr_21.json"))
    assert date(2025, 7, 4) in [v.date for v in bill.versions]
    assert date(2025, 7, 5) not in [v.date for v in bill.versions]


def test_sponsor_names_lose_the_rep_and_sen_prefixes(api_dir):
    bill = only(congress_parse.parse_file(api_dir / "bill_117_hr_21.json"))
    assert all(not s.name.startswith(("Rep.", "Sen.")) for s in bill.sponsors)
    assert bill.sponsors[0].chamber == "lower"


def test_a_sub_resource_page_alone_says_it_needs_its_bills_detail_file(api_dir, tmp_path):
    shutil.copy(api_dir / "bill_117_hr_21_text.json", tmp_path / "text.json")
    with pytest.raises(ParseError, match=r"detail response \(bill/117/hr/21\) beside this /text"):
        congress_parse.parse_file(tmp_path / "text.json")


def test_a_sub_resource_page_under_any_name_is_merged_with_its_bill(api_dir, tmp_path):
    shutil.copy(api_dir / "bill_117_hr_21.json", tmp_path / "hr21.json")
    shutil.copy(api_dir / "bill_117_hr_21_text.json", tmp_path / "text.json")
    shutil.copy(api_dir / "bill_117_hr_21_actions.json", tmp_path / "actions.json")
    assert congress_parse.parse_file(tmp_path / "text.json") == []
    bill = only(congress_parse.parse_file(tmp_path / "hr21.json"))
    assert len(bill.versions) == 3 and not bill.partial
    assert bill.status == "passed_one_chamber"
