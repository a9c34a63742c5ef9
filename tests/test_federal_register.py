"""Federal Register: API documents, the wrapped EO 14434 and GPO's daily-issue XML."""

from __future__ import annotations

import time
from collections import Counter
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pytest

from scrapers import federal_register as fr
from scrapers import federal_register_xml as fr_xml
from scrapers.errors import ParseError

FIXTURES = Path(__file__).parent / "fixtures" / "federal_register"


@pytest.fixture
def federal_dir(corpus_dir):
    return corpus_dir / "federal"


@pytest.fixture(scope="module")
def daily_issue(corpus_dir):
    return (corpus_dir / "federal" / "FR_daily_issue_2016-04-15_GPO_bulk.xml").read_bytes()


@pytest.fixture(scope="module")
def issue_records(daily_issue):
    return fr_xml.parse_daily_issue(daily_issue, "issue")


# --------------------------------------------------------------------------- EO 14434 (wrapped)


def eo_14434(federal_dir):
    records = fr.parse_file(
        federal_dir / "federal_register_repo_wrapped" / "2026-20321_EO14434.json"
    )
    assert len(records) == 1
    return records[0].validate()


def test_wrapped_executive_order_is_an_enacted_eo(federal_dir):
    order = eo_14434(federal_dir)
    assert (order.jurisdiction, order.session, order.identifier) == ("US", "2026", "EO 14434")
    assert order.kind == "executive_order"
    assert order.title == "Inaugurating the Era of Super Intelligence"
    assert (order.status, order.status_date) == ("enacted", date(2026, 9, 29))
    assert order.effective_date == date(2026, 9, 29)
    assert order.source_ids == {"federal_register": "2026-20321"}
    assert order.sources == [
        "https://www.federalregister.gov/documents/2026/10/02/2026-20321/"
        "inaugurating-the-era-of-super-intelligence"
    ]
    assert [(a.date, a.text) for a in order.actions] == [
        (date(2026, 9, 29), "Signed by the President"),
        (date(2026, 10, 2), "Published in the Federal Register (91 FR 63129)"),
    ]
    assert order.ai_relevant is True


def test_wrapped_executive_order_text_is_cleaned(federal_dir):
    version = eo_14434(federal_dir).versions[0]
    assert (version.label, version.date) == ("2026-20321", date(2026, 10, 2))
    assert version.url.endswith("/2026-20321/inaugurating-the-era-of-super-intelligence")
    text = version.text
    assert "\x00" not in text and "[[Page" not in text and "FR Doc" not in text
    assert text.startswith("Executive Order 14434 of September 29, 2026\n\n")
    assert "By the authority vested in me as President by the Constitution and the laws" in text
    assert "the term \u201cArtificial Intelligence\u201d first came into use" in text
    assert text.rstrip().endswith("September 29, 2026.")


def test_clean_gpo_text_joins_wrapped_lines_and_keeps_paragraphs():
    raw = "header\n[[Page 1]]\n\nSection 1. Purpose. The \nmodern field.\n\n(a) one;\n(b) two.\n"
    assert fr.clean_gpo_text(raw) == "Section 1. Purpose. The modern field.\n\n(a) one;\n(b) two.\n"


# --------------------------------------------------------------------------- API list response


def test_documents_page_gives_one_record_per_executive_order():
    records = fr.parse_file(FIXTURES / "documents_ai_executive_orders.json")
    assert [(r.identifier, r.session) for r in records] == [
        ("EO 14365", "2025"),
        ("EO 14179", "2025"),
    ]
    latest, first = (r.validate() for r in records)
    assert latest.title == "Ensuring a National Policy Framework for Artificial Intelligence"
    assert (latest.status, latest.status_date) == ("enacted", date(2025, 12, 11))
    assert latest.versions[0].label == "2025-23092"
    assert latest.versions[0].date == date(2025, 12, 16)
    assert first.title == "Removing Barriers to American Leadership in Artificial Intelligence"
    assert first.status_date == date(2025, 1, 23)
    assert first.source_ids == {"federal_register": "2025-02172"}
    assert (
        first.sources[1] == "https://www.govinfo.gov/content/pkg/FR-2025-01-31/pdf/2025-02172.pdf"
    )
    assert first.actions[-1].text == "Published in the Federal Register (90 FR 8741)"
    assert [s.name for s in first.sponsors] == ["Donald Trump"]
    assert all(r.ai_relevant for r in records)


def test_rule_and_proposed_rule_results_are_regulations():
    base = {
        "document_number": "2024-00001",
        "title": "Use of AI in Lending",
        "publication_date": "2024-03-01",
    }
    rule = fr.document_record({**base, "type": "Rule", "effective_on": "2024-05-01"}, "", "test")
    proposed = fr.document_record({**base, "type": "Proposed Rule"}, "", "test")
    assert (rule.kind, rule.identifier, rule.status, rule.effective_date) == (
        "regulation",
        "FR 2024-00001",
        "published",
        date(2024, 5, 1),
    )
    assert (proposed.kind, proposed.status, proposed.status_date) == (
        "regulation",
        "introduced",
        date(2024, 3, 1),
    )


# --------------------------------------------------------------------------- GPO daily issue


def test_daily_issue_parses_every_document_quickly(daily_issue):
    started = time.perf_counter()
    records = fr_xml.parse_daily_issue(daily_issue, "issue")
    assert time.perf_counter() - started < 5
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


def test_daily_issue_file_gives_only_ai_documents_and_this_issue_has_none(federal_dir):
    path = federal_dir / "FR_daily_issue_2016-04-15_GPO_bulk.xml"
    assert fr.parse_file(path) == []


AI_ISSUE = b"""<FEDREG><VOL>90</VOL><NO>1</NO><DATE>Thursday, January 2, 2025</DATE>
<NOTICES><NOTICE><PREAMB><PRTPAGE P="101"/><AGENCY TYPE="F">DEPARTMENT OF COMMERCE</AGENCY>
<SUBJECT>Request for Information on Artificial Intelligence Safety</SUBJECT>
<SUM><HD SOURCE="HED">SUMMARY:</HD><P>Comments on frontier models are requested.</P></SUM></PREAMB>
<FRDOC>[FR Doc. 2025-00001 Filed 12-31-24; 8:45 am]</FRDOC></NOTICE>
<NOTICE><PREAMB><AGENCY TYPE="F">DEPARTMENT OF AGRICULTURE</AGENCY>
<SUBJECT>Meeting of the Advisory Committee on Animal Health</SUBJECT></PREAMB>
<FRDOC>[FR Doc. 2025-00002 Filed 12-31-24; 8:45 am]</FRDOC></NOTICE></NOTICES></FEDREG>"""


def test_daily_issue_keeps_all_or_only_the_ai_documents():
    assert [r.identifier for r in fr_xml.parse_daily_issue(AI_ISSUE)] == [
        "FR 2025-00001",
        "FR 2025-00002",
    ]
    (notice,) = fr_xml.parse_daily_issue(AI_ISSUE, only_ai=True)
    assert notice.title == "Request for Information on Artificial Intelligence Safety"
    assert notice.sponsors[0].name == "Department of Commerce"
    assert "artificial intelligence" in notice.ai_relevance_reason


# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"{nope", "Federal Register JSON or daily-issue XML"),
        (b'{"something": 1}', "a documents.json page"),
        (b'{"results": [{"title": "x"}]}', "document_number, title and publication_date"),
        (b'{"document": null, "text": ""}', "a document object"),
        (b"<RULES><RULE/></RULES>", "<FEDREG> daily-issue root"),
        (b"<FEDREG><VOL>1</VOL></FEDREG>", "<DATE>"),
        (b"<FEDREG><DATE>", "well-formed Federal Register XML"),
    ],
)
def test_malformed_input_raises_a_parse_error_naming_the_file(tmp_path, content, expected):
    path = tmp_path / "broken.json"
    path.write_bytes(content)
    with pytest.raises(ParseError) as error:
        fr.parse_file(path)
    assert str(path) in str(error.value) and expected in str(error.value)


# --------------------------------------------------------------------------- live helpers


class FakeClient:
    def __init__(self, pages=None, texts=None):
        self.pages, self.texts, self.asked = pages or {}, texts or {}, []

    def get_json(self, url, params=None):
        self.asked.append((url, params))
        return self.pages[url]

    def get(self, url, params=None, headers=None):
        return SimpleNamespace(content=self.texts[url])


def test_iter_documents_follows_next_page_url():
    page2 = "https://www.federalregister.gov/api/v1/documents.json?page=2"
    client = FakeClient(
        {
            fr.API_URL: {"results": [{"document_number": "a"}], "next_page_url": page2},
            page2: {"results": [{"document_number": "b"}]},
        }
    )
    docs = list(fr.iter_documents(client, fr.SEARCHES[0], since=date(2025, 1, 1)))
    assert [d["document_number"] for d in docs] == ["a", "b"]
    first_params = client.asked[0][1]
    assert first_params["conditions[term]"] == "artificial intelligence"
    assert first_params["conditions[publication_date][gte]"] == "2025-01-01"
    assert "executive_order_number" in first_params["fields[]"]
    assert client.asked[1] == (page2, None)


def test_fetch_text_reads_the_pre_block_of_an_html_rendering():
    url = "https://www.federalregister.gov/documents/full_text/text/2025/01/31/2025-02172.txt"
    html = b"<html><body><pre>[[Page 8741]]\n\nExecutive Order 14179 of January 23, 2025\n\nBy the \nauthority.</pre></body></html>"
    text = fr.fetch_text(FakeClient(texts={url: html}), {"raw_text_url": url})
    assert text == "Executive Order 14179 of January 23, 2025\n\nBy the authority.\n"
