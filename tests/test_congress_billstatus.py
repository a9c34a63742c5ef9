"""scrapers.sources.congress.billstatus: govinfo BILLSTATUS XML, on the real samples in the corpus."""

from __future__ import annotations

from datetime import date

import pytest

from scrapers.sources.congress import parse as congress_parse
from tests.congress_helpers import only


@pytest.fixture
def billstatus_dir(corpus_dir):
    return corpus_dir / "api_formats" / "govinfo_billstatus_xml"


def test_billstatus_hr_2471_became_public_law_117_103(billstatus_dir):
    bill = only(congress_parse.parse_file(billstatus_dir / "BILLSTATUS-117hr2471.xml"))
    assert (bill.session, bill.identifier) == ("117", "HR 2471")
    assert bill.title == "Consolidated Appropriations Act, 2022"
    assert (bill.status, bill.status_date) == ("enacted", date(2022, 3, 15))
    assert bill.chapter == "Public Law 117-103"
    assert bill.ai_relevant is False


def test_billstatus_hr_2471_keeps_every_distinct_action(billstatus_dir):
    actions = only(congress_parse.parse_file(billstatus_dir / "BILLSTATUS-117hr2471.xml")).actions
    # 56 items; four exact repeats (two "Became Public Law", two "Signed by President",
    # two "Introduced in House", the Senate's and the Library's identical discharge).
    assert len(actions) == 52
    assert (actions[0].date, actions[0].text) == (date(2021, 4, 13), "Introduced in House")
    assert (actions[-1].date, actions[-1].text) == (
        date(2022, 3, 15),
        "Became Public Law No: 117-103.",
    )
    assert actions[-1].actor == "executive"
    assert "became-law" in actions[-1].classification
    signed = [a for a in actions if a.text == "Signed by President."]
    assert len(signed) == 1 and "executive-signature" in signed[0].classification


def test_a_withdrawn_motion_is_not_a_withdrawn_bill(billstatus_dir):
    actions = only(congress_parse.parse_file(billstatus_dir / "BILLSTATUS-117hr2471.xml")).actions
    withdrawn = [a for a in actions if "withdrawn in Senate" in a.text]
    assert len(withdrawn) == 2
    assert all("withdrawal" not in a.classification for a in withdrawn)


def test_billstatus_hr_2471_versions_sponsors_and_related(billstatus_dir):
    bill = only(congress_parse.parse_file(billstatus_dir / "BILLSTATUS-117hr2471.xml"))
    labels = [v.label for v in bill.versions]
    assert len(labels) == 7
    assert labels[0] == "Introduced in House"
    assert "Public Law" in labels and labels[-1] == "Enrolled Bill"  # the one without a date
    assert bill.versions[0].url.endswith("BILLS-117hr2471ih.xml")
    assert bill.versions[0].media_type == "application/xml"
    assert bill.sponsors[0].name == "Jeffries, Hakeem S."
    assert [s.classification for s in bill.sponsors].count("cosponsor") == 7
    assert len(bill.related_bills) == 41
    assert bill.related_bills[0].identifier == "S 1104"
    assert "HCONRES 79" in {r.identifier for r in bill.related_bills}


def test_billstatus_s_35_passed_the_senate_only(billstatus_dir):
    bill = only(congress_parse.parse_file(billstatus_dir / "BILLSTATUS-117s35.xml"))
    assert (bill.identifier, bill.title) == (
        "S 35",
        "Officer Eugene Goodman Congressional Gold Medal Act",
    )
    assert (bill.status, bill.status_date) == ("passed_one_chamber", date(2021, 2, 12))
    assert bill.chapter == ""
    assert len(bill.actions) == 9
    assert (bill.actions[0].date, bill.actions[0].text) == (
        date(2021, 1, 22),
        "Introduced in Senate",
    )
    assert (bill.actions[-1].date, bill.actions[-1].text) == (
        date(2021, 2, 18),
        "Held at the desk.",
    )
    assert bill.actions[-1].actor == "lower"
    assert [v.label for v in bill.versions] == ["Introduced in Senate", "Engrossed in Senate"]
    assert bill.sponsors[0].name == "Van Hollen, Chris"
    assert len(bill.sponsors) == 73
    assert [(r.identifier, r.relation) for r in bill.related_bills] == [("HR 305", "companion")]
    assert len(bill.subjects) == 14
