"""Read a file as the text the extractor works on: HTML, PDF, Federal Register JSON or plain text.

Conversion is delegated to ``scrapers.text`` (one converter for the whole
project): HTML through ``html_to_text``, PDF through ``pdf_to_text``, and
plain bill text through ``clean_bill_text``, which drops line numbers and
page headers and rejoins hyphenated words. A JSON file is read when it wraps
a document's text in a "text" field (the Federal Register wrapper).
"""

from __future__ import annotations

import json
from pathlib import Path

from scrapers.errors import ParseError

_HTML_SUFFIXES = {".htm", ".html", ".xhtml"}


def _kind(path: Path, head: bytes) -> str:
    suffix = path.suffix.lower()
    sniff = head.lstrip()[:200].lower()
    if suffix == ".pdf" or head.startswith(b"%PDF"):
        return "pdf"
    if (
        suffix in _HTML_SUFFIXES
        or sniff.startswith((b"<!doctype html", b"<html"))
        or b"<html" in sniff
    ):
        return "html"
    if suffix == ".json" or sniff.startswith(b"{"):
        return "json"
    return "text"


def load_text(path: str | Path) -> str:
    """The text of the document at ``path``, ready for extraction."""
    from scrapers import text as convert

    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise ParseError("extraction", str(path), f"a readable file ({error})") from error
    kind = _kind(path, data[:400])
    if kind == "pdf":
        return convert.pdf_to_text(data, where=str(path))
    if kind == "html":
        return convert.html_to_text(data)
    raw = data.decode("utf-8", errors="replace")
    if kind == "json":
        try:
            payload = json.loads(raw)
        except ValueError as error:
            raise ParseError("extraction", str(path), "JSON with a 'text' field") from error
        if not isinstance(payload, dict) or not isinstance(payload.get("text"), str):
            raise ParseError("extraction", str(path), "JSON with a 'text' field")
        raw = payload["text"]
    return convert.clean_bill_text(raw).text
