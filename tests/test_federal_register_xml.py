"""scrapers.sources.federal_register.daily_issue: GPO's daily-issue XML, on the real 2016-04-15 issue."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest

from scrapers.sources.federal_register.daily_issue import parse_daily_issue


@pytest.fixture(scope="module")
def daily_issue(corpus_dir):
    return (corpus_dir / "federal" / "FR_daily_issue_2016-04-15_GPO_bulk.xml").read_bytes()


@pytest.fixture(scope="module")
def issue_records(daily_issue):
    return parse_daily_issue(daily_issue, "issue")


def test_daily_issue_parses_every_document(daily_issue):
    records = parse_daily_issue(daily_issue, "issue")
    assert len(records) == 146
    assert Counter((r.kind, r.status) for r in records) == {
        ("policy_document", "published"): 132,  # notices
        ("regulation", "published"): 9,
        ("regulation", "introduced"): 4,
        ("policy_document", "enacted"): 1,  # the proclamation
    }
    assert all(r.validate() and r.session == "2016" for r in records)


def test_daily_issue_proclamation(issue_records):
    records = {r.identifier: r for r in issue_records}
    proc = records["PROC 9423"]
    assert proc.title == "Establishment of the Belmont-Paul Women's Equality National Monument"
    assert (proc.status, proc.status_date) == ("enacted", date(2016, 4, 12))
    assert proc.source_ids == {"federal_register": "2016-08970"}
    assert proc.actions[-1].text == "Published in the Federal Register (81 FR 22505)"
    assert proc.versions[0].text.startswith("Title 3\u2014\n\nThe President")
    assert proc.sources == ["https://www.federalregister.gov/d/2016-08970"]


def test_daily_issue_rule(issue_records):
    rule = issue_records[0]
    assert (rule.identifier, rule.kind, rule.status) == ("FR 2016-08717", "regulation", "published")
    assert rule.title.startswith("Regulatory Capital Rules: Regulatory Capital, Final Revisions")
    assert rule.status_date == date(2016, 4, 15)
    assert rule.effective_date == date(2016, 4, 15)
    assert [s.name for s in rule.sponsors] == ["Federal Deposit Insurance Corporation"]
    assert rule.abstract.startswith("The FDIC is correcting a Final Rule")
    assert rule.actions[-1].text == "Published in the Federal Register (81 FR 22173)"


AI_ISSUE = b"""<FEDREG><VOL>90</VOL><NO>1</NO><DATE>Thursday, January 2, 2025</DATE>
<NOTICES><NOTICE><PREAMB><PRTPAGE P="101"/><AGENCY TYPE="F">DEPARTMENT OF COMMERCE</AGENCY>
<SUBJECT>Request for Information on Artificial Intelligence Safety</SUBJECT>
<SUM><HD SOURCE="HED">SUMMARY:</HD><P>Comments on frontier models are requested.</P></SUM></PREAMB>
<FRDOC>[FR Doc. 2025-00001 Filed 12-31-24; 8:45 am]</FRDOC></NOTICE>
<NOTICE><PREAMB><AGENCY TYPE="F">DEPARTMENT OF AGRICULTURE</AGENCY>
<SUBJECT>Meeting of the Advisory Committee on Animal Health</SUBJECT></PREAMB>
<FRDOC>[FR Doc. 2025-00002 Filed 12-31-24; 8:45 am]</FRDOC></NOTICE></NOTICES></FEDREG>"""


def test_daily_issue_keeps_all_or_only_the_ai_documents():
    assert [r.identifier for r in parse_daily_issue(AI_ISSUE)] == [
        "FR 2025-00001",
        "FR 2025-00002",
    ]
    (notice,) = parse_daily_issue(AI_ISSUE, only_ai=True)
    assert notice.title == "Request for Information on Artificial Intelligence Safety"
    assert notice.sponsors[0].name == "Department of Commerce"
    assert "artificial intelligence" in notice.ai_relevance_reason
