"""scrapers.text: HTML, PDF and printed bill text become clean text with offsets into the raw."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from scrapers.errors import ParseError
from scrapers.text import (
    CleanText,
    clean_bill_text,
    document_to_text,
    html_to_text,
    pdf_to_text,
)

FIXTURES = Path(__file__).parent / "fixtures" / "text"


def read_bill_text(corpus_dir: Path, prefix: str) -> str:
    (path,) = (corpus_dir / "bill_texts").glob(f"{prefix}*")
    return path.read_text(encoding="utf-8")


def assert_offsets_point_into_raw(clean: CleanText, raw: str) -> None:
    assert len(clean.offsets) == len(clean.text)
    assert all(a <= b for a, b in zip(clean.offsets, clean.offsets[1:], strict=False))
    for char, offset in zip(clean.text, clean.offsets, strict=True):
        if char not in " \n":  # inserted joins map to the line break they replace
            assert raw[offset] == char


# --------------------------------------------------------------------------- HTML


def test_html_blocks_become_lines_and_scripts_vanish() -> None:
    html = (
        "<html><head><title>T</title><style>p{x:1}</style></head><body>"
        "<script>var secret = 1;</script><p>First&nbsp;paragraph<br>second line</p>"
        "<div>Sec. 2.   Spaced   words.</div></body></html>"
    )
    assert html_to_text(html) == "First paragraph\nsecond line\n\nSec. 2. Spaced words.\n"


def test_html_keeps_line_breaks_inside_pre() -> None:
    html = b"<pre>Section 1.  Title.\n  (a) first\n  (b) second</pre>"
    assert html_to_text(html) == "Section 1. Title.\n(a) first\n(b) second\n"


@pytest.mark.corpus
def test_texas_statute_sections_start_their_own_lines(corpus_dir: Path) -> None:
    (path,) = (corpus_dir / "bill_texts").glob("TX_BusCom_Code_ch552*")
    text = html_to_text(path.read_bytes())
    lines = text.splitlines()
    assert "CHAPTER 552. ARTIFICIAL INTELLIGENCE PROTECTION" in lines
    assert any(line.startswith("Sec. 552.051. DISCLOSURE TO CONSUMERS.") for line in lines)
    assert any(line.startswith('(1) "Deployer" means a person') for line in lines)
    assert "font-weight" not in text and "\xa0" not in text


@pytest.mark.corpus
def test_ilga_print_page_keeps_sections_and_joins_hanging_indents(corpus_dir: Path) -> None:
    (path,) = (corpus_dir / "bill_texts").glob("IL_430_ILCS_185*")
    lines = html_to_text(path.read_bytes()).splitlines()
    assert "Sec. 1. Short title. This Act may be cited as the Artificial Intelligence Safety " \
        "Measures Act." in lines  # fmt: skip
    assert "(430 ILCS 185/5)" in lines
    assert (
        "(1) providing expert-level assistance in the creation or release of a chemical, "
        "biological, radiological, or nuclear weapon;" in lines
    )
    assert not any("cse.google.com" in line or "function(" in line for line in lines)


# --------------------------------------------------------------------------- PDF


def test_pdf_pages_are_extracted_in_order() -> None:
    text = pdf_to_text((FIXTURES / "ny_print_two_pages.pdf").read_bytes())
    assert "Section 1. Short title." in text
    assert text.index("fron-") < text.index("\f") < text.index("machine-")


def test_broken_pdf_raises_parse_error_naming_the_document() -> None:
    data = (FIXTURES / "ny_print_two_pages.pdf").read_bytes()[:200]
    with pytest.raises(ParseError, match="bill.pdf"):
        pdf_to_text(data, where="bill.pdf")


def test_bytes_that_are_not_a_pdf_raise_parse_error() -> None:
    with pytest.raises(ParseError, match="does not start with %PDF"):
        pdf_to_text(b"<html>not a pdf</html>")


# --------------------------------------------------------------------------- clean_bill_text


def test_wrapped_lines_join_and_structural_starts_keep_their_line() -> None:
    raw = (
        " 1     Section 1. The legislature finds that fron-\n"
        " 2   tier models are self-\n"
        " 3   sufficient systems.\n"
        " 4     § 2. Definitions. As used in this article:\n"
        ' 5     (a) "Model" means a self-sufficient\n'
        " 6   system; and\n"
        " 7     (b) nothing else.\n"
    )
    clean = clean_bill_text(raw)
    assert clean.text.splitlines() == [
        "Section 1. The legislature finds that frontier models are self-sufficient systems.",
        "§ 2. Definitions. As used in this article:",
        '(a) "Model" means a self-sufficient system; and',
        "(b) nothing else.",
    ]
    assert_offsets_point_into_raw(clean, raw)


def test_span_in_raw_maps_a_phrase_back_to_the_printed_text() -> None:
    raw = " 1     Section 1. Large developers shall not deploy a fron-\n 2   tier model.\n"
    clean = clean_bill_text(raw)
    start = clean.text.index("frontier model")
    raw_start, raw_end = clean.span_in_raw(start, start + len("frontier model"))
    assert raw[raw_start:raw_end] == "fron-\n 2   tier model"


def test_span_in_raw_rejects_a_span_outside_the_text() -> None:
    with pytest.raises(IndexError):
        clean_bill_text("Section 1. Short.").span_in_raw(0, 99)


def test_lines_starting_with_numbers_are_kept_when_the_document_has_no_line_numbers() -> None:
    raw = "    Section 5-2. The Act of\n1971 is amended by changing Sections\n16 and 17.\n"
    assert clean_bill_text(raw).text == (
        "Section 5-2. The Act of 1971 is amended by changing Sections 16 and 17."
    )


@pytest.mark.corpus
def test_ny_senate_print_loses_line_numbers_and_page_furniture(corpus_dir: Path) -> None:
    raw = read_bill_text(corpus_dir, "NY_S8828")
    clean = clean_bill_text(raw)
    lines = clean.text.splitlines()
    assert "Section 1. Legislative findings and intent. The legislature finds and declares " \
        "all of the following:" in lines  # fmt: skip
    assert any(line.startswith("§ 1420. Definitions. As used in this article,") for line in lines)
    assert any(
        line.startswith("(ii) engaging in conduct with no meaningful human") for line in lines
    )
    assert "ARTICLE 44-B" in lines
    for furniture in ("EXPLANATION--Matter", "LBD00047-16-6", "S. 8828 2", "\f", "  "):
        assert furniture not in clean.text
    assert "frontier AI capabilities" in clean.text  # "fron-" / "tier" rejoined
    assert not re.search(r"^\d{1,2} [a-z]", clean.text, re.MULTILINE)  # "2 declares all"
    assert_offsets_point_into_raw(clean, raw)


@pytest.mark.corpus
def test_ny_print_without_line_numbers_keeps_its_section_table(corpus_dir: Path) -> None:
    lines = clean_bill_text(read_bill_text(corpus_dir, "NY_S6953A")).text.splitlines()
    assert "SECTION 1420. DEFINITIONS." in lines
    assert "1421. TRANSPARENCY REQUIREMENTS REGARDING FRONTIER MODEL TRAINING AND USE." in lines
    assert "(D) PROTECT EMPLOYEE OR CUSTOMER PRIVACY; OR" in lines


@pytest.mark.corpus
def test_illinois_enrolled_bill_loses_page_headers(corpus_dir: Path) -> None:
    raw = read_bill_text(corpus_dir, "IL_SB0315")
    clean = clean_bill_text(raw)
    lines = clean.text.splitlines()
    assert "LRB104" not in clean.text and "SB0315 Enrolled" not in clean.text
    assert "Be it enacted by the People of the State of Illinois, represented in the General " \
        "Assembly:" in lines  # fmt: skip
    assert "Section 10. Frontier AI framework." in lines
    # This definition crosses a page header in the print.
    assert (
        "(1) unauthorized access to, modification of, or exfiltration of, the model weights of "
        "a frontier model that results in death or bodily injury;" in lines
    )
    assert_offsets_point_into_raw(clean, raw)


@pytest.mark.corpus
def test_illinois_budget_act_drops_public_act_headers(corpus_dir: Path) -> None:
    # Its speed is a bench figure, not a timed test (a loaded CI machine made it flaky).
    raw = read_bill_text(corpus_dir, "IL_HB2949")
    clean = clean_bill_text(raw)
    assert "Public Act 104-0466" not in clean.text and "LRB104" not in clean.text
    lines = clean.text.splitlines()
    assert "Sec. 6.5. Health benefits for TRS benefit recipients and TRS dependent " \
        "beneficiaries." in lines  # fmt: skip
    assert "(5 ILCS 375/6.5)" in lines
    assert len(clean.offsets) == len(clean.text)


# --------------------------------------------------------------------------- dispatch


def test_document_to_text_cleans_a_pdf_print() -> None:
    data = (FIXTURES / "ny_print_two_pages.pdf").read_bytes()
    lines = document_to_text(data, "application/pdf").text.splitlines()
    assert lines[1:] == [
        "Section 1. Short title. This act shall be known as the frontier model act.",
        "S 2. Definitions. As used in this act:",
        '(a) "Artificial intelligence" means a machine-based system.',
        "S 3. This act shall take effect immediately.",
    ]


def test_document_to_text_reads_html_with_identity_offsets() -> None:
    clean = document_to_text(b"<p>Sec. 1. A</p><p>Sec. 2. B</p>", "text/html; charset=utf-8")
    assert clean.text == "Sec. 1. A\n\nSec. 2. B\n"
    assert clean.offsets == list(range(len(clean.text)))


def test_document_to_text_reads_plain_text_in_its_declared_charset() -> None:
    clean = document_to_text("§ 1. Café.".encode("latin-1"), "text/plain; charset=ISO-8859-1")
    assert clean.text == "§ 1. Café."


def test_document_to_text_reads_xml_element_text() -> None:
    xml = b"<bill><section><enum>1.</enum><text>Short title.</text></section></bill>"
    assert document_to_text(xml, "application/xml").text == "1.\nShort title.\n"


def test_document_to_text_refuses_an_unknown_media_type() -> None:
    with pytest.raises(ParseError, match="image/png"):
        document_to_text(b"\x89PNG", "image/png")
