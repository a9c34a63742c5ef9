"""Federal Register: GPO's whole daily-issue XML (``FEDREG``), one record per document.

An issue holds ``RULES``, ``PRORULES``, ``NOTICES`` and ``PRESDOCS`` parts;
each document's fields are read from its elements and handed to
``federal_register_records.build_record``, which the API's JSON
(``scrapers.sources.federal_register``) shares. Kept apart from that module because
walking GPO's markup (page marks, headings, block text) is its own job;
``federal_register.parse_file`` sends XML files here.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

from lxml import etree

from scrapers.errors import ParseError
from scrapers.records import BillRecord

from .build import SOURCE_NAME, TYPE_NAMES, build_record, words

_FR_DOC = re.compile(r"FR Doc\.?(?: No:)?\s*(\d{4}-\d+)")
_LONG_DATE = re.compile(r"\b(?:January|February|March|April|May|June|July|August|September|"
                        r"October|November|December) \d{1,2}, \d{4}\b")  # fmt: skip
_DOC_TAGS = ("RULE", "PRORULE", "NOTICE", "PRESDOCU")
_INLINE = frozenset({"E", "PRTPAGE", "FTREF", "SU", "FR", "AC", "LI"})
_SKIP = frozenset({"PRTPAGE", "GPH", "GID", "BILCOD", "FRDOC", "FILED"})
_DESIGNATION_TAGS = ("EO", "PROC", "MEMO", "PRNOTICE", "DETERM", "PSIG")


def _long_date(text: str) -> date | None:
    """ "April 12, 2016" anywhere in ``text``."""
    match = _LONG_DATE.search(text or "")
    return datetime.strptime(match.group(), "%B %d, %Y").date() if match else None


def parse_daily_issue(
    data: bytes, where: str = "FR daily issue", only_ai: bool = False
) -> list[BillRecord]:
    """Every document of a GPO daily-issue XML (``FEDREG``), optionally only the AI-relevant."""
    root = _xml_root(data, where)
    if root.tag != "FEDREG":
        raise ParseError(SOURCE_NAME, where, f"a <FEDREG> daily-issue root, not <{root.tag}>")
    published = _long_date(root.findtext("DATE") or "")
    if published is None:
        raise ParseError(SOURCE_NAME, where, 'a <DATE> such as "Friday, April 15, 2016"')
    volume = words(root.findtext("VOL"))
    pages = _start_pages(root)
    records = []
    for element in root.iter(*_DOC_TAGS):
        record = _issue_document(element, published, f"{volume} FR {pages.get(element, '')}", where)
        if record is not None and (record.ai_relevant or not only_ai):
            records.append(record)
    return records


def _xml_root(data: bytes, where: str) -> etree._Element:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
    try:
        return etree.fromstring(data, parser=parser)
    except etree.XMLSyntaxError as exc:
        raise ParseError(SOURCE_NAME, where, f"well-formed Federal Register XML ({exc})") from exc


def _start_pages(root: etree._Element) -> dict[etree._Element, str]:
    """The printed page each document starts on, from the ``PRTPAGE`` marks before and in it."""
    page, starts = "", {}
    for element in root.iter():
        if element.tag == "PRTPAGE":
            page = element.get("P", page)
        elif element.tag in _DOC_TAGS:
            starts[element] = _leading_page(element) or page
    return starts


def _leading_page(document: etree._Element) -> str:
    """A page mark in the document's heading (before its first paragraph) starts a new page."""
    for element in document.iter("PRTPAGE", "P", "FP"):
        return element.get("P", "") if element.tag == "PRTPAGE" else ""
    return ""


def _issue_document(
    el: etree._Element, published: date, citation: str, where: str
) -> BillRecord | None:
    frdoc_element = el.find(".//FRDOC")
    frdoc = _FR_DOC.search(_text_of(frdoc_element))
    if frdoc is None:
        return None  # a correction or fragment without its own FR document number
    text = "\n\n".join(_lines(el))
    fields: dict[str, Any] = {
        "number": frdoc.group(1), "doc_type": TYPE_NAMES[el.tag], "subtype": "",
        "eo_number": "", "proclamation": "", "published": published, "signed": None,
        "effective": None, "citation": citation if not citation.endswith("FR ") else "",
        "urls": [], "text": text,
    }  # fmt: skip
    if el.tag == "PRESDOCU":
        fields.update(_presidential_fields(el))
    else:
        fields.update(_agency_fields(el))
    if not fields["title"]:
        raise ParseError(SOURCE_NAME, where, f"a title (SUBJECT or HD) in FR Doc {frdoc.group(1)}")
    return build_record(**fields)


# GPO's element for each kind of presidential document -> the API's subtype name.
_SUBTYPE_TAGS = (
    ("EXECORD", "Executive Order"), ("PROCLA", "Proclamation"), ("PRMEMO", "Memorandum"),
    ("PRNOTICE", "Notice"), ("DETERM", "Determination"), ("PRORDER", "Presidential Order"),
)  # fmt: skip


def _presidential_fields(el: etree._Element) -> dict[str, Any]:
    designation = " ".join(words(d.text) for d in el.iter(*_DESIGNATION_TAGS[:5]))
    number = re.search(r"(Executive Order|Proclamation)\s+(\d+)", designation)
    heading = el.find(".//HD[@SOURCE='HED']")
    return {
        "eo_number": number.group(2) if number and number.group(1) == "Executive Order" else "",
        "proclamation": number.group(2) if number and number.group(1) == "Proclamation" else "",
        "subtype": next((name for tag, name in _SUBTYPE_TAGS if el.find(tag) is not None), ""),
        "signed": _long_date(designation),
        "title": _text_of(heading),
        "abstract": "",
        "issuers": ["The President"],
    }


def _agency_fields(el: etree._Element) -> dict[str, Any]:
    summary = el.find("PREAMB/SUM")
    paragraphs = summary.iter("P") if summary is not None else ()
    agencies = [_text_of(a) for a in el.iter("AGENCY", "SUBAGY")]
    return {
        "title": _text_of(el.find("PREAMB/SUBJECT")),
        "abstract": " ".join(_text_of(p) for p in paragraphs),
        "effective": _long_date(_text_of(el.find("PREAMB/EFFDATE"))),
        "issuers": [_agency_name(a) for a in agencies if a],
    }


def _agency_name(name: str) -> str:
    """ "DEPARTMENT OF HEALTH AND HUMAN SERVICES" -> "Department of Health and Human Services"."""
    if not name.isupper():
        return name
    words = name.title().split()
    small = {"Of", "And", "The", "For", "On", "In", "To"}
    return " ".join(w.lower() if i and w in small else w for i, w in enumerate(words))


def _text_of(element: etree._Element | None) -> str:
    return words("".join(element.itertext())) if element is not None else ""


def _lines(element: etree._Element) -> Iterator[str]:
    """Block-level text of a document: one line per paragraph or heading."""
    if element.tag in _SKIP:
        return
    if all(child.tag in _INLINE for child in element):
        text = words("".join(element.itertext()))
        if text:
            yield text
        return
    if element.text and element.text.strip():
        yield words(element.text)
    for child in element:
        if isinstance(child.tag, str):
            yield from _lines(child)
        if child.tail and child.tail.strip():
            yield words(child.tail)
