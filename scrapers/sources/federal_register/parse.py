"""Federal Register: executive orders (and other documents) from the API v1 and GPO's XML.

Three recorded shapes are read:

* the API's ``documents.json`` search response (``results`` + ``next_page_url``)
  and its single-document response, whose field names are the API's own;
* a tracker's envelope ``{id, document, text}`` holding API fields and the GPO
  plain text of the document (with NUL bytes GPO leaves in it);
* GPO's whole daily-issue XML (``FEDREG`` root), one record per document,
  read in ``scrapers.sources.federal_register.daily_issue``; ``parse_file`` sends XML there.

This module reads the API's JSON and GPO's plain text (``fetch`` fetches them
live). Both formats end in the one record builder of
``scrapers.sources.federal_register.build``, whose docstring gives the mapping
(kinds, identifiers, statuses).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

from lxml import html as lxml_html

from scrapers.errors import ParseError
from scrapers.payloads import load_json, number
from scrapers.payloads import text as text_field
from scrapers.records import BillRecord

from .build import SOURCE_NAME, TYPE_NAMES, build_record, words
from .daily_issue import parse_daily_issue

_PAGE_MARK = re.compile(r"^\[\[Page \d+\]\]\s*$", re.MULTILINE)
_TRAILER = re.compile(r"\n\s*\[FR Doc\.[^\]]*\]\s*(?:\n\s*Billing code [\w-]+\s*)*$")


def clean_gpo_text(raw: str) -> str:
    """GPO's plain text of one document, readable: header, page marks and NULs removed.

    GPO wraps lines at ~55 columns and marks a wrapped line by a trailing
    space, so " \\n" joins; other line breaks and blank lines stay. TeX-style
    quotes (``like this'') become curly quotes.
    """
    text = raw.replace("\x00", "").replace("\r\n", "\n")
    first_page = re.search(r"^\[\[Page \d+\]\]", text, re.MULTILINE)
    if first_page:
        text = text[first_page.start() :]
    text = _PAGE_MARK.sub("", text)
    text = re.sub(r" +\n(?!\s*\n)", " ", text)
    text = text.replace("``", "\u201c").replace("''", "\u201d")
    text = _TRAILER.sub("", text)
    lines = [" ".join(line.split()) for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"


def _html_pre_text(data: bytes) -> str:
    """The ``<pre>`` text of GPO's HTML rendering, spaces kept (they mark wrapped lines)."""
    tree = lxml_html.fromstring(data)
    pres = tree.xpath("//pre")
    return "\n".join(pre.text_content() for pre in pres) if pres else tree.text_content()


def _date(value: Any) -> date | None:
    try:
        return date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def document_record(doc: Mapping[str, Any], text: str, where: str) -> BillRecord:
    """One record from an API document object (search result or single response) and its text.

    A page saved with a ``fields[]`` subset gives what it has; without the
    number, title or publication date there is no record, and the error names
    the missing fields.
    """
    number = words(doc.get("document_number"))
    title = words(doc.get("title"))
    published = _date(doc.get("publication_date"))
    missing = [name for name, v in _required_fields(number, title, published) if not v]
    if missing:
        raise ParseError(
            SOURCE_NAME,
            where,
            "a document with document_number, title and publication_date "
            f"(this one lacks {', '.join(missing)}; save pages with those fields[])",
        )
    doc_type = TYPE_NAMES.get(words(doc.get("type")), words(doc.get("type")))
    return build_record(
        number=number,
        title=title,
        doc_type=doc_type,
        subtype=words(doc.get("subtype")),
        eo_number=_order_number(doc.get("executive_order_number")),
        proclamation=_order_number(doc.get("proclamation_number")),
        published=published,
        signed=_date(doc.get("signing_date")),
        effective=_date(doc.get("effective_on")),
        citation=words(doc.get("citation")),
        abstract=words(doc.get("abstract")),
        issuers=issuers_of(doc),
        urls=[u for u in (doc.get("html_url"), doc.get("pdf_url")) if isinstance(u, str) and u],
        text=text,
        notes=" ; ".join(words(doc.get(k)) for k in _NOTE_FIELDS if doc.get(k)),
        # Without its type a document cannot be told from an order: keep it partial.
        complete=bool(doc_type),
    )


def _order_number(value: Any) -> str:
    """An order's or proclamation's number as digits ("" when absent or not a number)."""
    found = number(value)
    return str(found) if found > 0 else ""


def _required_fields(number: str, title: str, published: date | None) -> list[tuple[str, Any]]:
    return [("document_number", number), ("title", title), ("publication_date", published)]


_NOTE_FIELDS = ("executive_order_notes", "disposition_notes")


def issuers_of(doc: Mapping[str, Any]) -> list[str]:
    """Who issued a document: the president, else ``agency_names`` (asked for by the live
    scrape), else ``agencies[].name`` (the API's default fields), without repeats."""
    president = doc.get("president")
    if isinstance(president, dict) and words(president.get("name")):
        return [words(president.get("name"))]
    names = doc.get("agency_names")
    found = [words(n) for n in names if isinstance(n, str)] if isinstance(names, list) else []
    agencies = doc.get("agencies")
    if not any(found) and isinstance(agencies, list):
        found = [words(a.get("name") or a.get("raw_name")) for a in agencies if isinstance(a, dict)]
    return list(dict.fromkeys(name for name in found if name))


def parse_documents_page(payload: Mapping[str, Any], where: str) -> list[BillRecord]:
    """Every document of a ``documents.json`` response (text is fetched separately, if at all)."""
    results = payload.get("results")
    if not isinstance(results, list):
        raise ParseError(SOURCE_NAME, where, 'a documents.json response with a "results" array')
    return [document_record(_object(doc, where), "", where) for doc in results]


def parse_wrapped(payload: Mapping[str, Any], where: str) -> BillRecord:
    """A tracker's envelope ``{id, document, text}``: API fields plus GPO's plain text."""
    text = text_field(payload.get("text"))
    return document_record(
        _object(payload.get("document"), where), clean_gpo_text(text) if text else "", where
    )


def _object(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ParseError(SOURCE_NAME, where, f"a document object, got {type(value).__name__}")
    return value


def parse_file(path: Path) -> list[BillRecord]:
    """A saved documents.json page, single-document response, wrapped file or daily-issue XML.

    A daily issue gives only its AI-relevant documents (use ``parse_daily_issue``
    for all of them).
    """
    path = Path(path)
    data, where = path.read_bytes(), str(path)
    if data.lstrip()[:1] == b"<":
        return parse_daily_issue(data, where, only_ai=True)
    payload = load_json(data, SOURCE_NAME, where, "Federal Register JSON or daily-issue XML")
    if isinstance(payload, dict) and "results" in payload:
        return parse_documents_page(payload, where)
    if isinstance(payload, dict) and "document" in payload:
        return [parse_wrapped(payload, where)]
    if isinstance(payload, dict) and "document_number" in payload:
        return [document_record(payload, "", where)]
    raise ParseError(
        SOURCE_NAME, where, "a documents.json page, a document, or a {document, text} envelope"
    )
