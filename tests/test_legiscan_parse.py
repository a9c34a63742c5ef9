"""scrapers.sources.legiscan.payloads: LegiScan payloads (bills, texts, lists, documents) to records."""

import base64
import io
import json
import zipfile
from datetime import date

import pytest

from scrapers.errors import ParseError
from scrapers.sources.legiscan import payloads as legiscan_payloads
from scrapers.sources.legiscan.parse import parse_file
from scrapers.sources.legiscan.payloads import (
    document_text,
    parse_bill,
    parse_bill_text,
    parse_master_list,
    parse_search,
    session_identifier,
    unwrap,
)
from tests.legiscan_helpers import DATASET, load

# --------------------------------------------------------------- payloads (real samples, fixtures)


def test_dataset_text_file_decodes_base64_html_to_clean_text(corpus_dir):
    data = json.loads((corpus_dir / DATASET / "text_105736.json").read_text())
    text = parse_bill_text(data, "text_105736.json")
    assert (text.doc_id, text.bill_id, text.date, text.label, text.media_type) == (
        105736,
        212667,
        date(2011, 2, 3),
        "Amended",
        "text/html",
    )
    assert text.text.startswith("BILL NUMBER: AB 50 AMENDED")
    assert "LEGISLATIVE COUNSEL'S DIGEST" in text.text
    assert "<em>" not in text.text and "<pre>" not in text.text


def test_live_bill_text_response_is_decoded():
    text = parse_bill_text(load("getBillText_3277042.json"), "getBillText")
    assert text.doc_id == 3277042 and text.bill_id == 1898765
    assert "Transparency in Frontier Artificial Intelligence Act" in text.text


def test_parse_bill_attaches_given_texts_to_their_versions():
    bill = load("getBill_1898765.json")["bill"]
    record = parse_bill(bill, "getBill", {3277042: "SECTION 1. Chaptered text."})
    assert [v.text for v in record.versions] == ["", "SECTION 1. Chaptered text."]
    assert record.versions[1].label == "Chaptered"


def test_master_list_and_search_responses_give_entries_with_hashes():
    master = parse_master_list(load("getMasterListRaw_CA.json"), "master")
    assert [(e.bill_id, e.number) for e in master] == [
        (1898765, "SB53"),
        (1890001, "AB1"),
        (1895432, "AB1018"),
    ]
    hits, pages = parse_search(load("getSearch_CA.json"), "search")
    assert pages == 1
    assert [(h.bill_id, h.number, h.title) for h in hits][1] == (
        1895432,
        "AB1018",
        "Automated decisions systems.",
    )


@pytest.mark.parametrize(
    ("status", "history", "expected"),
    [
        (1, [], "introduced"),
        (1, ["REFERRED TO JUDICIARY"], "in_committee"),  # a refinement of introduced
        (2, [], "passed_one_chamber"),
        (3, [], "passed_legislature"),
        (4, [], "enacted"),
        (5, [], "vetoed"),
        (6, [], "failed"),
        (2, ["REFERRED TO JUDICIARY"], "passed_one_chamber"),  # no downgrade
    ],
)
def test_legiscan_status_codes_map_to_statuses(status, history, expected):
    bill = load("getBill_1898765.json")["bill"]
    bill["status"] = status
    bill["history"] = [{"date": "2025-02-01", "action": a, "chamber": "S"} for a in history]
    assert parse_bill(bill, "x").status == expected


def test_special_sessions_keep_their_name_and_single_years_stay_single():
    assert session_identifier({"year_start": 2011, "year_end": 2012}, "x") == "2011-2012"
    assert session_identifier({"year_start": 2025, "year_end": 2025}, "x") == "2025"
    special = {"year_start": 2025, "year_end": 2025, "special": 1, "session_name": "2025 1st SS"}
    assert session_identifier(special, "x") == "2025 1st SS"


# --------------------------------------------------------------- documents


def _docx(paragraphs: list[str]) -> bytes:
    ns = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    body = "".join(f"<w:p><w:r><w:t>{p}</w:t></w:r></w:p>" for p in paragraphs)
    xml = f'<w:document xmlns:w="{ns}"><w:body>{body}</w:body></w:document>'
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", xml)
    return buffer.getvalue()


def test_docx_documents_are_converted_paragraph_by_paragraph():
    data = _docx(["SECTION 1. Definitions.", "(a) Artificial intelligence means a system."])
    text = document_text(data, legiscan_payloads._DOCX, "doc")
    assert "SECTION 1. Definitions." in text
    assert "(a) Artificial intelligence means a system." in text


def test_binary_word_documents_raise_a_clear_parse_error():
    with pytest.raises(ParseError, match=r"doc 9: expected an HTML, PDF.*'application/msword'"):
        document_text(b"\xd0\xcf\x11\xe0", "application/msword", "doc 9")


# --------------------------------------------------------------- malformed input


def test_malformed_payloads_raise_parse_error_naming_where_and_what(tmp_path):
    with pytest.raises(ParseError, match=r"\[legiscan\] x: expected a \"bill\" object"):
        unwrap({"status": "OK", "bill": []}, "bill", "x")
    bill = load("getBill_1898765.json")["bill"]
    del bill["bill_number"]
    with pytest.raises(ParseError, match=r"x: expected a bill with 'bill_number'"):
        parse_bill(bill, "x")
    bill = load("getBill_1898765.json")["bill"]
    bill["state"] = "ZZ"
    with pytest.raises(ParseError, match="a US state abbreviation, got 'ZZ'"):
        parse_bill(bill, "x")
    other = tmp_path / "other.json"
    other.write_text("[1, 2]")
    with pytest.raises(ParseError, match=r"other\.json: expected a LegiScan bill"):
        parse_file(other)


def test_bad_base64_and_bad_master_entries_raise_parse_error():
    with pytest.raises(ParseError, match="base64 doc"):
        parse_bill_text({"text": {"doc_id": 1, "bill_id": 2, "doc": "%%%"}}, "t")
    with pytest.raises(ParseError, match=r"m \[0\]: expected bill_id and change_hash"):
        parse_master_list({"status": "OK", "masterlist": {"0": {"number": "HB1"}}}, "m")


# --------------------------------------------------------------- hostile and unsupported files


def _zip_bomb(size: int) -> bytes:
    """A .docx whose word/document.xml inflates to ``size`` bytes of one repeated paragraph."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        with archive.open("word/document.xml", "w") as member:
            chunk = b"<w:p><w:r><w:t>AI</w:t></w:r></w:p>" * 30_000
            for _ in range(size // len(chunk) + 1):
                member.write(chunk)
    return out.getvalue()


def test_a_docx_zip_bomb_in_a_dataset_text_file_is_refused_with_bounded_memory(
    corpus_dir, tmp_path
):
    import tracemalloc

    data = json.loads((corpus_dir / DATASET / "text_105736.json").read_text())
    data["text"]["mime"] = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    data["text"]["doc"] = base64.b64encode(_zip_bomb(200 * 1024 * 1024)).decode()
    tracemalloc.start()
    try:
        with pytest.raises(ParseError, match="inflating to at most"):
            parse_bill_text(data, "text_105736.json")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 100 * 1024 * 1024


@pytest.mark.parametrize(
    ("name", "content", "format_name"),
    [
        ("HB1.xml", b'<?xml version="1.0"?><bill><bill_id>1</bill_id></bill>', "XML"),
        ("bills.csv", b"bill_id,session_id,bill_number\n1,2,HB1\n", "CSV"),
    ],
)
def test_other_legiscan_dataset_formats_are_refused_by_name(tmp_path, name, content, format_name):
    path = tmp_path / name
    path.write_bytes(content)
    message = f"LegiScan {format_name} datasets are not supported; download the JSON dataset"
    with pytest.raises(ParseError, match=message):
        parse_file(path)
