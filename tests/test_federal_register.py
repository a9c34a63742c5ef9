"""scrapers.sources.federal_register: API documents, the wrapped EO 14434, file dispatch, live helpers.

GPO's daily-issue XML and the shared record mapping have their own modules:
test_federal_register_xml and test_federal_register_records.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pytest

from scrapers.errors import ParseError
from scrapers.sources.federal_register import fetch as federal_register_fetch
from scrapers.sources.federal_register import parse as federal_register_parse

FIXTURES = Path(__file__).parent / "fixtures" / "federal_register"


@pytest.fixture
def federal_dir(corpus_dir):
    return corpus_dir / "federal"


# --------------------------------------------------------------------------- EO 14434 (wrapped)


def eo_14434(federal_dir):
    records = federal_register_parse.parse_file(
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
    assert (
        federal_register_parse.clean_gpo_text(raw)
        == "Section 1. Purpose. The modern field.\n\n(a) one;\n(b) two.\n"
    )


# --------------------------------------------------------------------------- API list response


def test_documents_page_gives_one_record_per_executive_order():
    records = federal_register_parse.parse_file(FIXTURES / "documents_ai_executive_orders.json")
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


# --------------------------------------------------------------------------- daily-issue files


def test_daily_issue_file_gives_only_ai_documents_and_this_issue_has_none(federal_dir):
    path = federal_dir / "FR_daily_issue_2016-04-15_GPO_bulk.xml"
    assert federal_register_parse.parse_file(path) == []


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
        federal_register_parse.parse_file(path)
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
            federal_register_fetch.API_URL: {
                "results": [{"document_number": "a"}],
                "next_page_url": page2,
            },
            page2: {"results": [{"document_number": "b"}]},
        }
    )
    docs = list(
        federal_register_fetch.iter_documents(
            client, federal_register_fetch.SEARCHES[0], since=date(2025, 1, 1)
        )
    )
    assert [d["document_number"] for d in docs] == ["a", "b"]
    first_params = client.asked[0][1]
    assert first_params["conditions[term]"] == "artificial intelligence"
    assert first_params["conditions[publication_date][gte]"] == "2025-01-01"
    assert "executive_order_number" in first_params["fields[]"]
    assert client.asked[1] == (page2, None)


def test_fetch_text_reads_the_pre_block_of_an_html_rendering():
    url = "https://www.federalregister.gov/documents/full_text/text/2025/01/31/2025-02172.txt"
    html = b"<html><body><pre>[[Page 8741]]\n\nExecutive Order 14179 of January 23, 2025\n\nBy the \nauthority.</pre></body></html>"
    text = federal_register_fetch.fetch_text(FakeClient(texts={url: html}), {"raw_text_url": url})
    assert text == "Executive Order 14179 of January 23, 2025\n\nBy the authority.\n"


# --------------------------------------------------------------------------- real responses


def _wrapped(federal_dir) -> dict:
    """The real EO 14434 envelope, to be varied the ways real saved pages vary."""
    path = federal_dir / "federal_register_repo_wrapped" / "2026-20321_EO14434.json"
    return json.loads(path.read_text())


def _parse(tmp_path, payload: dict, name: str = "doc.json"):
    path = tmp_path / name
    path.write_text(json.dumps(payload))
    return federal_register_parse.parse_file(path)


def test_default_api_fields_give_the_issuer_from_agencies(federal_dir, tmp_path):
    payload = _wrapped(federal_dir)
    del payload["document"]["agency_names"]
    payload["document"]["agencies"] = [
        {"raw_name": "ENVIRONMENTAL PROTECTION AGENCY", "name": "Environmental Protection Agency",
         "id": 145, "slug": "environmental-protection-agency"},
        "a stray string, as hostile pages have",
    ]  # fmt: skip
    (order,) = _parse(tmp_path, payload)
    assert [s.name for s in order.sponsors] == ["Environmental Protection Agency"]


def test_presidential_document_without_subtype_is_numbered_from_its_text(federal_dir, tmp_path):
    payload = _wrapped(federal_dir)
    del payload["document"]["executive_order_number"]
    (order,) = _parse(tmp_path, payload)
    assert (order.identifier, order.kind, order.partial) == ("EO 14434", "executive_order", False)


def test_presidential_document_without_subtype_or_text_is_partial(federal_dir, tmp_path):
    payload = _wrapped(federal_dir)
    del payload["document"]["executive_order_number"]
    payload["text"] = ""
    (document,) = _parse(tmp_path, payload)
    assert document.partial
    assert document.identifier == "FR 2026-20321"


def test_executive_order_notes_become_related_document_links(federal_dir, tmp_path):
    payload = _wrapped(federal_dir)
    payload["document"]["executive_order_notes"] = (
        "See: EO 14313, July 23, 2025; Revokes: EO 14110, October 30, 2023"
    )
    (order,) = _parse(tmp_path, payload)
    assert [(r.identifier, r.relation, r.session) for r in order.related_bills] == [
        ("EO 14313", "related", "2025"),
        ("EO 14110", "replaces", "2023"),
    ]


def test_a_fields_subset_without_publication_date_names_what_it_lacks(federal_dir, tmp_path):
    payload = _wrapped(federal_dir)
    del payload["document"]["publication_date"]
    with pytest.raises(ParseError, match="lacks publication_date"):
        _parse(tmp_path, payload)
