"""Federal Register: executive orders (and other documents) from the API v1 and GPO's XML.

Three recorded shapes are read:

* the API's ``documents.json`` search response (``results`` + ``next_page_url``)
  and its single-document response, whose field names are the API's own;
* a tracker's envelope ``{id, document, text}`` holding API fields and the GPO
  plain text of the document (with NUL bytes GPO leaves in it);
* GPO's whole daily-issue XML (``FEDREG`` root with ``RULES``, ``PRORULES``,
  ``NOTICES`` and ``PRESDOCS`` parts), one record per document.

Mapping: an executive order is kind ``executive_order``, identifier
"EO 14179", status ``enacted`` on its signing date (an order takes effect
when signed unless its text says otherwise, so ``effective_date`` falls back
to the signing date); proclamations ("PROC 9423") and other presidential
documents are ``policy_document``; rules and proposed rules are
``regulation`` (a final rule ``published``, a proposed rule ``introduced``:
it is still open for comment); notices are ``policy_document``. Documents
without an order or proclamation number are identified by their FR document
number ("FR 2016-08717"). The session is the year of signing (else of
publication).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lxml import etree
from lxml import html as lxml_html

from .errors import ParseError
from .records import ActionRecord, BillRecord, SponsorRecord, VersionRecord
from .registry import ScrapeParams, Source, register
from .relevance import assess

if TYPE_CHECKING:
    from .http import HttpClient

SOURCE_NAME = "federal_register"
API_URL = "https://www.federalregister.gov/api/v1/documents.json"
DOCUMENT_URL = "https://www.federalregister.gov/d/{number}"  # the site's short link
FIELDS = (
    "abstract", "agency_names", "citation", "document_number", "effective_on",
    "executive_order_number", "full_text_xml_url", "html_url", "pdf_url", "president",
    "proclamation_number", "publication_date", "raw_text_url", "signing_date", "subtype",
    "title", "type",
)  # fmt: skip
# What the live scrape asks for; each search is paged through next_page_url.
SEARCHES: tuple[dict[str, str], ...] = (
    {
        "conditions[type][]": "PRESDOCU",
        "conditions[presidential_document_type][]": "executive_order",
        "conditions[term]": "artificial intelligence",
    },
)
PER_PAGE = 100
_TYPE_NAMES = {
    "PRESDOCU": "Presidential Document",
    "RULE": "Rule",
    "PRORULE": "Proposed Rule",
    "NOTICE": "Notice",
}
_FR_DOC = re.compile(r"FR Doc\.?(?: No:)?\s*(\d{4}-\d+)")
_LONG_DATE = re.compile(r"\b(?:January|February|March|April|May|June|July|August|September|"
                        r"October|November|December) \d{1,2}, \d{4}\b")  # fmt: skip
_PAGE_MARK = re.compile(r"^\[\[Page \d+\]\]\s*$", re.MULTILINE)
_TRAILER = re.compile(r"\n\s*\[FR Doc\.[^\]]*\]\s*(?:\n\s*Billing code [\w-]+\s*)*$")


# --------------------------------------------------------------------------- text


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


# --------------------------------------------------------------------------- API documents


def _date(value: Any) -> date | None:
    try:
        return date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def _long_date(text: str) -> date | None:
    """ "April 12, 2016" anywhere in ``text``."""
    match = _LONG_DATE.search(text or "")
    return datetime.strptime(match.group(), "%B %d, %Y").date() if match else None


def _words(value: Any) -> str:
    return " ".join(str(value or "").split())


def document_record(doc: Mapping[str, Any], text: str, where: str) -> BillRecord:
    """One record from an API document object (search result or single response) and its text."""
    number = _words(doc.get("document_number"))
    title = _words(doc.get("title"))
    published = _date(doc.get("publication_date"))
    if not number or not title or published is None:
        raise ParseError(
            SOURCE_NAME, where, "a document with document_number, title and publication_date"
        )
    doc_type = _TYPE_NAMES.get(str(doc.get("type")), _words(doc.get("type")))
    president = doc.get("president") if isinstance(doc.get("president"), dict) else {}
    issuers = [president["name"]] if president.get("name") else list(doc.get("agency_names") or [])
    return _record(
        number=number,
        title=title,
        doc_type=doc_type,
        subtype=_words(doc.get("subtype")),
        eo_number=_words(doc.get("executive_order_number")),
        proclamation=_words(doc.get("proclamation_number")),
        published=published,
        signed=_date(doc.get("signing_date")),
        effective=_date(doc.get("effective_on")),
        citation=_words(doc.get("citation")),
        abstract=_words(doc.get("abstract")),
        issuers=issuers,
        urls=[u for u in (doc.get("html_url"), doc.get("pdf_url")) if u],
        text=text,
    )


def _record(**f: Any) -> BillRecord:
    """The record for one document from fields common to the API and the daily-issue XML."""
    kind, identifier, status = _classify(f)
    signed, published = f["signed"], f["published"]
    effective = f["effective"] or (signed if kind == "executive_order" else None)
    record = BillRecord(
        jurisdiction="US",
        session=str((signed or published).year),
        identifier=identifier,
        title=f["title"],
        kind=kind,
        abstract=f["abstract"],
        status=status,
        status_date=signed if status == "enacted" and signed else published,
        effective_date=effective,
        sources=f["urls"] or [DOCUMENT_URL.format(number=f["number"])],
        source_ids={SOURCE_NAME: f["number"]},
        actions=_actions(signed, published, f["citation"]),
        versions=[
            VersionRecord(
                label=f["number"],
                date=published,
                url=(f["urls"] or [DOCUMENT_URL.format(number=f["number"])])[0],
                media_type="text/plain" if f["text"] else "text/html",
                text=f["text"],
            )
        ],
        sponsors=[SponsorRecord(name, "primary", chamber="executive") for name in f["issuers"]],
    )
    relevance = assess(record.title, record.abstract, f["text"])
    record.ai_relevant, record.ai_relevance_reason = relevance.relevant, relevance.reason
    return record.normalised()


def _classify(f: Mapping[str, Any]) -> tuple[str, str, str]:
    """(kind, identifier, status) from the document type and its order/proclamation number."""
    by_number = f"FR {f['number']}"
    if f["doc_type"] == "Presidential Document":
        if f["eo_number"] or f["subtype"] == "Executive Order":
            return (
                "executive_order",
                f"EO {int(f['eo_number'])}" if f["eo_number"] else by_number,
                "enacted",
            )
        if f["proclamation"]:
            return "policy_document", f"PROC {int(f['proclamation'])}", "enacted"
        return "policy_document", by_number, "published"
    if f["doc_type"] == "Rule":
        return "regulation", by_number, "published"
    if f["doc_type"] == "Proposed Rule":
        return "regulation", by_number, "introduced"
    return "policy_document", by_number, "published"


def _actions(signed: date | None, published: date, citation: str) -> list[ActionRecord]:
    actions = []
    if signed:
        actions.append(ActionRecord(signed, "Signed by the President", "executive",
                                    ["executive-signature"]))  # fmt: skip
    where = f" ({citation})" if citation else ""
    actions.append(ActionRecord(published, f"Published in the Federal Register{where}",
                                "executive", ["publication"]))  # fmt: skip
    return actions


def parse_documents_page(payload: Mapping[str, Any], where: str) -> list[BillRecord]:
    """Every document of a ``documents.json`` response (text is fetched separately, if at all)."""
    results = payload.get("results")
    if not isinstance(results, list):
        raise ParseError(SOURCE_NAME, where, 'a documents.json response with a "results" array')
    return [document_record(_object(doc, where), "", where) for doc in results]


def parse_wrapped(payload: Mapping[str, Any], where: str) -> BillRecord:
    """A tracker's envelope ``{id, document, text}``: API fields plus GPO's plain text."""
    text = payload.get("text") or ""
    return document_record(
        _object(payload.get("document"), where), clean_gpo_text(text) if text else "", where
    )


def _object(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ParseError(SOURCE_NAME, where, f"a document object, got {type(value).__name__}")
    return value


# --------------------------------------------------------------------------- daily issue XML

_DOC_TAGS = ("RULE", "PRORULE", "NOTICE", "PRESDOCU")
_INLINE = frozenset({"E", "PRTPAGE", "FTREF", "SU", "FR", "AC", "LI"})
_SKIP = frozenset({"PRTPAGE", "GPH", "GID", "BILCOD", "FRDOC", "FILED"})
_DESIGNATION_TAGS = ("EO", "PROC", "MEMO", "PRNOTICE", "DETERM", "PSIG")


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
    volume = _words(root.findtext("VOL"))
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
        "number": frdoc.group(1), "doc_type": _TYPE_NAMES[el.tag], "subtype": "",
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
    return _record(**fields)


def _presidential_fields(el: etree._Element) -> dict[str, Any]:
    designation = " ".join(_words(d.text) for d in el.iter(*_DESIGNATION_TAGS[:5]))
    number = re.search(r"(Executive Order|Proclamation)\s+(\d+)", designation)
    heading = el.find(".//HD[@SOURCE='HED']")
    return {
        "eo_number": number.group(2) if number and number.group(1) == "Executive Order" else "",
        "proclamation": number.group(2) if number and number.group(1) == "Proclamation" else "",
        "subtype": "Executive Order" if el.find(".//EXECORD") is not None else "",
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
    return _words("".join(element.itertext())) if element is not None else ""


def _lines(element: etree._Element) -> Iterator[str]:
    """Block-level text of a document: one line per paragraph or heading."""
    if element.tag in _SKIP:
        return
    if all(child.tag in _INLINE for child in element):
        text = _words("".join(element.itertext()))
        if text:
            yield text
        return
    if element.text and element.text.strip():
        yield _words(element.text)
    for child in element:
        if isinstance(child.tag, str):
            yield from _lines(child)
        if child.tail and child.tail.strip():
            yield _words(child.tail)


# --------------------------------------------------------------------------- files and live


def parse_file(path: Path) -> list[BillRecord]:
    """A saved documents.json page, single-document response, wrapped file or daily-issue XML.

    A daily issue gives only its AI-relevant documents (use ``parse_daily_issue``
    for all of them).
    """
    path = Path(path)
    data, where = path.read_bytes(), str(path)
    if data.lstrip()[:1] == b"<":
        return parse_daily_issue(data, where, only_ai=True)
    try:
        payload = json.loads(data)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ParseError(
            SOURCE_NAME, where, f"Federal Register JSON or daily-issue XML ({exc})"
        ) from exc
    if isinstance(payload, dict) and "results" in payload:
        return parse_documents_page(payload, where)
    if isinstance(payload, dict) and "document" in payload:
        return [parse_wrapped(payload, where)]
    if isinstance(payload, dict) and "document_number" in payload:
        return [document_record(payload, "", where)]
    raise ParseError(
        SOURCE_NAME, where, "a documents.json page, a document, or a {document, text} envelope"
    )


def fetch_text(client: HttpClient, doc: Mapping[str, Any]) -> str:
    """The document's clean full text from its ``raw_text_url`` (GPO text, sometimes in HTML)."""
    url = doc.get("raw_text_url")
    if not url:
        return ""
    data = client.get(url).content
    raw = _html_pre_text(data) if data.lstrip()[:1] == b"<" else data.decode("utf-8", "replace")
    return clean_gpo_text(raw)


def iter_documents(
    client: HttpClient, search: Mapping[str, str], since: date | None
) -> Iterator[dict]:
    """Every result of one search, following ``next_page_url`` (which carries the query)."""
    params: dict[str, Any] | None = {**search, "fields[]": list(FIELDS), "per_page": PER_PAGE,
                                     "order": "newest"}  # fmt: skip
    if since and params is not None:
        params["conditions[publication_date][gte]"] = since.isoformat()
    url: str | None = API_URL
    while url:
        payload = client.get_json(url, params=params)
        yield from payload.get("results") or []
        url, params = payload.get("next_page_url"), None


def scrape(params: ScrapeParams, client: HttpClient) -> Iterator[BillRecord]:
    """AI-relevant executive orders published since ``params.since``, with full text."""
    for search in SEARCHES:
        for doc in iter_documents(client, search, params.since):
            record = document_record(doc, fetch_text(client, doc), API_URL)
            if record.ai_relevant:
                yield record


SOURCE = register(
    Source(
        name=SOURCE_NAME,
        description="Federal Register: executive orders and other documents (API v1, GPO XML)",
        scrape=scrape,
        parse_file=parse_file,
        rate_per_minute=30,  # no published limit; stay gentle
        every_hours=24,
        file_patterns=("*.json", "*.xml"),
        jurisdictions=("US",),
    )
)
