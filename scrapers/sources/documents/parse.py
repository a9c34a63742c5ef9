"""Policy documents: a configured list of HTML pages and PDFs (action plans, frameworks, memos).

These are not bills and have no API; each is one URL the maintainers chose.
The list is ``DEFAULT_DOCUMENTS`` plus ``settings.POLICY_DOCUMENT_URLS``, whose
comma-separated entries are either a URL or ``SHORT-ID=URL``. Every document
is fetched through the shared client with robots.txt respected (these are
ordinary web sites, not APIs), and becomes a ``policy_document`` with status
``published``.

The identifier is the configured short id ("AI-ACTION-PLAN-2025"), else one
derived from the URL that stays the same across runs: the file or page name
plus a short hash of the whole URL, so two "report.pdf" files stay apart.
"""

from __future__ import annotations

import hashlib
import io
import re
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

from bs4 import BeautifulSoup

from scrapers.errors import ParseError
from scrapers.records import ActionRecord, BillRecord, VersionRecord, is_http_url
from scrapers.relevance import assess
from scrapers.text import document_to_text

from .listing import SOURCE_NAME, PolicyDocument, listed_documents

_SLUG = re.compile(r"[^A-Z0-9]+")
_PDF_DATE = re.compile(r"^D?:?(\d{4})(\d{2})(\d{2})")
_MEDIA_TYPES = {".pdf": "application/pdf", ".htm": "text/html", ".html": "text/html"}


def identifier_for(doc: PolicyDocument) -> str:
    """The configured short id, else "AMERICAS-AI-ACTION-PLAN-1A2B3C" from the URL."""
    if doc.identifier:
        return doc.identifier.upper()
    parts = urlsplit(doc.url)
    name = Path(parts.path.rstrip("/")).stem or parts.netloc
    return f"{_slug(name)}-{hashlib.sha1(doc.url.encode()).hexdigest()[:6].upper()}"


def _slug(name: str) -> str:
    return _SLUG.sub("-", name.upper()).strip("-")[:40].strip("-") or "DOCUMENT"


def media_type_of(data: bytes, hint: str = "") -> str:
    """ "application/pdf" or "text/html", from the bytes first (servers mislabel), then the hint."""
    head = data.lstrip()[:1024].lower()
    if head.startswith(b"%pdf"):
        return "application/pdf"
    if head.startswith(b"<") or b"<html" in head:
        return "text/html"
    return hint.split(";")[0].strip().lower()


def parse_document(data: bytes, media_type: str, doc: PolicyDocument) -> BillRecord:
    """One policy document from its fetched bytes."""
    kind = media_type_of(data, media_type)
    if kind not in {"application/pdf", "text/html"}:
        raise ParseError(
            SOURCE_NAME, doc.url, f"an HTML page or a PDF, not {media_type or 'unknown data'!r}"
        )
    text = document_to_text(data, kind, where=doc.url).text
    found_title, found_date = (
        _pdf_metadata(data, doc.url) if kind == "application/pdf" else _html_metadata(data)
    )
    title = doc.title or found_title or _first_line(text)
    if not title:
        raise ParseError(SOURCE_NAME, doc.url, "a document with a title or some text")
    when = doc.date or found_date
    link = doc.url if is_http_url(doc.url) else ""
    record = BillRecord(
        jurisdiction="US",
        session=str(when.year) if when else "undated",
        identifier=identifier_for(doc),
        title=title,
        kind="policy_document",
        status="published",
        status_date=when,
        # A saved file outside the listing has a file: URI as its id, never as a link.
        sources=[doc.url] if is_http_url(doc.url) else [],
        source_ids={SOURCE_NAME: doc.url},
        actions=[ActionRecord(when, "Published", "executive", ["publication"])] if when else [],
        versions=[VersionRecord("Published", when, link, kind, text)],
    )
    relevance = assess(title, "", text)
    record.ai_relevant, record.ai_relevance_reason = relevance.relevant, relevance.reason
    return record.normalised()


def _html_metadata(data: bytes) -> tuple[str, date | None]:
    """Title from the first ``<h1>`` (page titles carry site suffixes), else ``<title>``."""
    soup = BeautifulSoup(data, "lxml")
    heading = soup.find("h1")
    title = heading.get_text(" ", strip=True) if heading else ""
    if not title and soup.title:
        title = soup.title.get_text(" ", strip=True)
    published = None
    for attrs in (
        {"property": "article:published_time"},
        {"name": "dcterms.date"},
        {"name": "date"},
    ):
        meta = soup.find("meta", attrs=attrs)
        if meta and meta.get("content"):
            published = _iso_date(str(meta["content"]))
            break
    return " ".join(title.split()), published


def _pdf_metadata(data: bytes, where: str) -> tuple[str, date | None]:
    """Title from the PDF's metadata, else the first line of its first page; creation date."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data))
        info = reader.metadata or {}
        title = " ".join(str(info.get("/Title") or "").split())
        if not title and reader.pages:
            title = _first_line(reader.pages[0].extract_text() or "")
    except (PyPdfError, ValueError, KeyError, TypeError, OSError) as exc:
        raise ParseError(SOURCE_NAME, where, f"a readable PDF ({exc})") from exc
    created = _PDF_DATE.match(str(info.get("/CreationDate") or ""))
    return title, _iso_date("-".join(created.groups())) if created else None


def _iso_date(value: str) -> date | None:
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _first_line(text: str) -> str:
    return next((" ".join(line.split()) for line in text.splitlines() if line.strip()), "")[:300]


def parse_file(path: Path) -> list[BillRecord]:
    """A saved HTML page or PDF; a file named like a listed URL takes that entry's id and title."""
    path = Path(path)
    data = path.read_bytes()
    listed = {Path(urlsplit(doc.url).path).name: doc for doc in listed_documents()}
    # An unlisted file is named by its file name alone, so the id does not depend on the folder.
    doc = listed.get(path.name) or PolicyDocument(path.resolve().as_uri(), _slug(path.stem))
    media_type = media_type_of(data, _MEDIA_TYPES.get(path.suffix.lower(), ""))
    if media_type not in {"application/pdf", "text/html"}:
        raise ParseError(SOURCE_NAME, str(path), "an HTML page or a PDF (by content or file name)")
    return [parse_document(data, media_type, doc)]
