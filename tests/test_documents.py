"""Policy documents: the URL list, and HTML and PDF documents parsed into records."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pytest

from scrapers.errors import ParseError, ScrapeError
from scrapers.registry import ScrapeParams
from scrapers.sources.documents import fetch as documents_fetch
from scrapers.sources.documents import listing as documents_listing
from scrapers.sources.documents import parse as documents_parse
from scrapers.sources.documents.listing import PolicyDocument

FIXTURES = Path(__file__).parent / "fixtures" / "documents"
ACTION_PLAN_URL = (
    "https://www.whitehouse.gov/wp-content/uploads/2025/07/Americas-AI-Action-Plan.pdf"
)


def make_pdf(lines: list[str], title: str = "", created: str = "") -> bytes:
    """A minimal valid one-page PDF showing ``lines`` in Helvetica, with optional metadata."""
    stream = "BT /F1 12 Tf 72 720 Td 14 TL " + " ".join(f"({line}) '" for line in lines) + " ET"
    info = "".join(f"/{k} ({v})" for k, v in (("Title", title), ("CreationDate", created)) if v)
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        " /Resources << /Font << /F1 5 0 R >> >> >>",
        f"<< /Length {len(stream)} >>\nstream\n{stream}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        f"<< {info} >>",
    ]
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{o:010d} 00000 n \n" for o in offsets).encode()
    trailer = f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /Info 6 0 R >>\n"
    return out + f"{trailer}startxref\n{xref}\n%%EOF\n".encode()


# --------------------------------------------------------------------------- the list


def test_settings_entries_are_urls_or_short_id_equals_url():
    assert documents_listing.parse_entry(" ai-rmf=https://example.gov/rmf.pdf ") == PolicyDocument(
        "https://example.gov/rmf.pdf", "AI-RMF"
    )
    assert documents_listing.parse_entry("https://example.gov/a?x=1") == PolicyDocument(
        "https://example.gov/a?x=1"
    )
    with pytest.raises(ScrapeError, match="not a URL"):
        documents_listing.parse_entry("just words")


def test_default_list_names_the_ai_action_plan_and_settings_add_to_it():
    urls = [
        d.url for d in documents_listing.configured_documents(["X-1=https://example.gov/x.pdf"])
    ]
    assert urls[0] == ACTION_PLAN_URL
    assert urls[-1] == "https://example.gov/x.pdf"


def test_identifier_is_the_short_id_or_stable_from_the_url():
    assert documents_parse.identifier_for(
        PolicyDocument(ACTION_PLAN_URL, "ai-action-plan-2025")
    ) == ("AI-ACTION-PLAN-2025")
    derived = documents_parse.identifier_for(
        PolicyDocument("https://example.gov/docs/Report_v2.pdf")
    )
    assert derived.startswith("REPORT-V2-") and len(derived) == len("REPORT-V2-") + 6
    assert derived == documents_parse.identifier_for(
        PolicyDocument("https://example.gov/docs/Report_v2.pdf")
    )
    assert derived != documents_parse.identifier_for(
        PolicyDocument("https://other.gov/Report_v2.pdf")
    )


# --------------------------------------------------------------------------- HTML


def test_html_page_gives_a_published_policy_document():
    (record,) = documents_parse.parse_file(FIXTURES / "ai_policy_page.html")
    record.validate()
    assert (record.jurisdiction, record.kind, record.status) == (
        "US",
        "policy_document",
        "published",
    )
    assert record.identifier == "AI-POLICY-PAGE"
    assert (
        record.title == "Framework for Artificial Intelligence Diffusion"
    )  # the <h1>, no site suffix
    assert (record.status_date, record.session) == (date(2025, 1, 13), "2025")
    assert record.ai_relevant is True
    text = record.versions[0].text
    assert record.versions[0].media_type == "text/html"
    assert "The United States leads the world in artificial intelligence" in text
    assert "window.dataLayer" not in text and "Framework for Artificial" in text


def test_configured_title_and_date_override_what_the_page_says():
    doc = PolicyDocument(
        "https://example.gov/page", "EXAMPLE-1", "Configured Title", date(2024, 2, 3)
    )
    record = documents_parse.parse_document(
        (FIXTURES / "ai_policy_page.html").read_bytes(), "text/html", doc
    )
    assert (record.identifier, record.title, record.status_date) == (
        "EXAMPLE-1",
        "Configured Title",
        date(2024, 2, 3),
    )
    assert record.sources == ["https://example.gov/page"]


# --------------------------------------------------------------------------- PDF


def test_pdf_title_and_date_come_from_its_metadata():
    data = make_pdf(
        ["Artificial Intelligence Plan", "Section 1. Purpose."], "AI Plan", "D:20250723090000"
    )
    record = documents_parse.parse_document(
        data, "application/pdf", PolicyDocument("https://example.gov/p.pdf")
    )
    assert (record.title, record.status_date, record.session) == (
        "AI Plan",
        date(2025, 7, 23),
        "2025",
    )
    assert record.versions[0].media_type == "application/pdf"
    assert "Artificial Intelligence Plan" in record.versions[0].text


def test_pdf_without_metadata_is_titled_by_its_first_line_and_undated(tmp_path):
    data = make_pdf(["Machine Learning Guidance", "for agencies"])
    (record,) = documents_parse.parse_file(_write(tmp_path, data, "guidance.pdf"))
    assert record.title == "Machine Learning Guidance"
    assert (record.status_date, record.session) == (None, "undated")
    assert record.identifier == "GUIDANCE"


def test_a_saved_file_named_like_a_listed_url_takes_that_entry(tmp_path):
    data = make_pdf(["Winning the Race"])
    (record,) = documents_parse.parse_file(_write(tmp_path, data, "Americas-AI-Action-Plan.pdf"))
    assert record.identifier == "AI-ACTION-PLAN-2025"
    assert record.title == "Winning the Race: America's AI Action Plan"
    assert record.status_date == date(2025, 7, 23)
    assert record.sources == [ACTION_PLAN_URL]


def _write(folder: Path, data: bytes, name: str) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("notes.txt", b"plain words", "an HTML page or a PDF"),
        ("broken.pdf", b"%PDF-1.4\nnot really", "a readable PDF"),
        ("empty.html", b"<html><body></body></html>", "a title or some text"),
    ],
)
def test_malformed_input_raises_a_parse_error_naming_the_file(tmp_path, name, content, expected):
    path = _write(tmp_path, content, name)
    with pytest.raises(ParseError) as error:
        documents_parse.parse_file(path)
    assert path.name in str(error.value) and expected in str(error.value)


# --------------------------------------------------------------------------- live


def test_scrape_fetches_each_listed_document_with_robots_respected(settings):
    settings.POLICY_DOCUMENT_URLS = []
    fetched = []

    class Client:
        respect_robots = False

        def get(self, url, params=None, headers=None):
            fetched.append(url)
            return SimpleNamespace(
                content=make_pdf(["AI"]), headers={"content-type": "application/pdf"}
            )

    client = Client()
    records = list(documents_fetch.scrape(ScrapeParams(), client))
    assert client.respect_robots is True
    assert fetched == [d.url for d in documents_listing.DEFAULT_DOCUMENTS]
    assert records[0].identifier == "AI-ACTION-PLAN-2025"
