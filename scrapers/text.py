"""Turn bill and statute documents (HTML, PDF, printed plain text) into clean text.

Versions store this text and the obligation extractor cites character spans in
it, so ``clean_bill_text`` keeps a map from every output character back to its
offset in the raw text (``CleanText.offsets``).

Libraries, and why:

* **beautifulsoup4 with the lxml parser** for HTML: legislature pages are often
  malformed (ilga.gov nests whole ``<html>`` documents inside a ``<div>``), and
  we need the tree to know which elements are blocks. lxml is the fastest
  forgiving parser bs4 supports.
* **pypdf** for PDF: pure Python, no system libraries, good enough text order
  for single-column bill prints. (pdfminer gives layout boxes we do not need.)
* nh3 is not used here: it sanitises HTML that we render, whereas this module
  only reads HTML and never outputs markup.

Cleaning printed bill text is a single linear pass over lines with
precompiled regexes, so a 1.4 MB budget act cleans in well under a second.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from bs4 import BeautifulSoup, Comment, NavigableString, Tag

from .errors import ParseError

__all__ = [
    "CleanText",
    "clean_bill_text",
    "document_to_text",
    "html_to_text",
    "pdf_to_text",
]


@dataclass
class CleanText:
    """Clean text plus, for each of its characters, the offset in the raw text it came from.

    Characters the cleaner inserted (a space joining two wrapped lines, a line
    break) map to the raw line break they replace.
    """

    text: str
    offsets: list[int] = field(default_factory=list)

    def span_in_raw(self, start: int, end: int) -> tuple[int, int]:
        """Map the half-open span ``text[start:end]`` to a half-open span of the raw text."""
        if not 0 <= start <= end <= len(self.text):
            raise IndexError(f"span {start}:{end} outside text of length {len(self.text)}")
        if start == end:
            raw = self.offsets[start] if start < len(self.offsets) else self._raw_end()
            return raw, raw
        return self.offsets[start], self.offsets[end - 1] + 1

    def _raw_end(self) -> int:
        return self.offsets[-1] + 1 if self.offsets else 0

    @classmethod
    def identity(cls, text: str) -> CleanText:
        """Text that is already clean: every character maps to itself."""
        return cls(text, list(range(len(text))))


# --------------------------------------------------------------------------- HTML

_DROP_TAGS = frozenset(
    {"script", "style", "noscript", "template", "head", "title", "meta", "link", "nav", "iframe"}
)
_BLOCK_TAGS = frozenset(
    {
        "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "div",
        "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4",
        "h5", "h6", "header", "hr", "html", "li", "main", "ol", "p", "pre", "section", "table",
        "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
    }
)  # fmt: skip
_PARAGRAPH_TAGS = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6", "table", "pre"})
_BREAK = "\x00"  # a line break we decided on, kept apart from whitespace in the source
_PARA = "\x01"  # a paragraph boundary (blank line)
_WS = re.compile(r"[ \t\r\n\f\v\xa0\u2000-\u200a\u202f\u205f\u3000]+")
_ZERO_WIDTH = re.compile(r"[\u200b\u200c\u200d\ufeff\u00ad]")
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")
_BREAK_RUN = re.compile(r"[ \x00\x01]*[\x00\x01][ \x00\x01]*")


def html_to_text(html: str | bytes) -> str:
    """Block-aware HTML to text: one paragraph per line, a blank line between paragraphs.

    Scripts, styles and the document head are dropped; ``<br>`` and block
    elements become line breaks; ``&nbsp;`` and other spaces become one space;
    each line is stripped, so "Sec. 552.051." starts its line.
    """
    if isinstance(html, str):
        html = _NOT_XML.sub("", html)  # lxml refuses text holding NUL or lone surrogates
    soup = BeautifulSoup(html, "lxml")
    pieces = list(_walk(soup))
    return _join_html_pieces("".join(pieces))


def _walk(root: Tag) -> Iterator[str]:
    """Text pieces and boundaries in document order, with an explicit stack.

    Iterative rather than recursive, so a page of 5,000 nested tags is read
    like any other instead of ending in RecursionError.
    """
    # Each frame: the children still to visit, whether inside <pre>, what to yield when done.
    stack: list[tuple[Iterator[Any], bool, str]] = [(iter(root.children), False, "")]
    while stack:
        children, in_pre, closing = stack[-1]
        child = next(children, None)
        if child is None:
            stack.pop()
            if closing:
                yield closing
            continue
        if isinstance(child, Comment):
            continue
        if isinstance(child, NavigableString):
            if type(child) is NavigableString:  # not a Doctype/CData/ProcessingInstruction
                yield _text_piece(str(child), in_pre)
            continue
        if not isinstance(child, Tag) or child.name in _DROP_TAGS:
            continue
        if child.name == "br":
            yield _BREAK
            continue
        boundary = _PARA if child.name in _PARAGRAPH_TAGS else _BREAK
        is_block = child.name in _BLOCK_TAGS
        if is_block:
            yield boundary
        stack.append(
            (iter(child.children), in_pre or child.name == "pre", boundary if is_block else "")
        )


def _text_piece(text: str, in_pre: bool) -> str:
    text = _ZERO_WIDTH.sub("", text)
    if in_pre:
        # Inside <pre> a newline is a real line break; other whitespace collapses.
        return _BREAK.join(_WS.sub(" ", line) for line in text.split("\n"))
    return _WS.sub(" ", text)


def _join_html_pieces(flat: str) -> str:
    def boundary(match: re.Match[str]) -> str:
        return "\n\n" if _PARA in match.group() else "\n"

    text = _BREAK_RUN.sub(boundary, flat)
    text = _WS_LINE.sub(" ", text)
    text = "\n".join(line.strip() for line in text.split("\n")).strip()
    # ilga.gov lays out a hanging indent as a second table row: "(1) providing ... the
    # creation" / "or release of ...". A block that starts in lower case after one that
    # stops mid-sentence is the same paragraph.
    return _SPLIT_SENTENCE.sub(" ", text) + "\n"


_SPLIT_SENTENCE = re.compile(r"(?<=[A-Za-z0-9,])\n\n(?=[a-z])")
_WS_LINE = re.compile(r"[ \t\xa0]{2,}")


# --------------------------------------------------------------------------- PDF


def pdf_to_text(data: bytes, *, where: str = "PDF document") -> str:
    """Extract the text of every page of a PDF, pages separated by form feeds.

    Raises ParseError naming ``where`` when the bytes are not a readable PDF.
    """
    from pypdf import PdfReader

    if not data.lstrip()[:5].startswith(b"%PDF"):
        raise ParseError("text", where, "a PDF (the data does not start with %PDF)")
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise ParseError("text", where, "an unencrypted PDF (it needs a password)")
        pages = [page.extract_text() or "" for page in reader.pages]
    except ParseError:
        raise
    except Exception as exc:  # pypdf raises many types (IndexError, struct.error ...) on bad files
        raise ParseError("text", where, f"a readable PDF ({type(exc).__name__}: {exc})") from exc
    return "\f".join(pages)


# --------------------------------------------------------------------------- printed bill text

# Whole lines that belong to the page furniture, not the bill.
_PAGE_FURNITURE = re.compile(
    r"""^\s*(?:
        EXPLANATION--Matter\ in\ .*                           # NY footer, first line
      | \[\ \]\ is\ old\ law\ to\ be\ omitted\.?              # NY footer, second line
      | [A-Z]{3}\d{5}-\d{2}-\d                                # NY drafting code LBD00047-16-6
      | [SA]\.\ ?\d{1,5}(?:--?[A-Z])?\s+\d{1,3}               # NY page header "S. 8828   2"
      | [HS][BJR]?[A-Z]{0,2}\d{2,5}\s+(?:Enrolled|Engrossed|Introduced)?.*LRB\d{3}\b.*
      | LRB\d{3}\ \d{4,5}\ .*                                 # IL drafting code alone
      | Public\ Act\ \d{2,3}-\d{3,4}                          # IL enrolled page header
      | -\ ?\d{1,4}\ ?-                                       # centred page number
    )\s*$""",
    re.VERBOSE,
)
_RAW_LINE = re.compile(r"([^\n\f]*)([\n\f]?)")
_RAW_LINES_ONLY = re.compile(r"[\n\f]")
_LINE_NUMBER = re.compile(r"^ {0,4}(\d{1,3})(?= |$)")
_LOOKS_NUMBERED = re.compile(r" {0,4}\d{1,3}(?: {2,}\S| *$)")
_CONTENT = re.compile(r"\S(?:.*\S)?")  # a line's text without its outer spaces
_GAP = re.compile(r"\s{2,}|[^\S ]")  # a run of spaces, or one tab or other odd space
_STRUCTURAL = re.compile(
    r"""(?:Section|SECTION|Sec\.|SEC\.|§|Article|ARTICLE|Chapter|CHAPTER|Title|TITLE|PART|Part)
        \s*[\dIVXLA-Z]
      | \([A-Za-z0-9]{1,6}\)\s       # (a) (1) (A) (iv)
      | \d{1,3}[.-]\d*\.?\s          # 1.  10.  1-5.
      | \(Source:
      | \(\d+\ ILCS\                 # (5 ILCS 375/6.5)
    """,
    re.VERBOSE,
)
_ENDS_CLAUSE = re.compile(r"""(?:[.:;]|;\s+(?:or|and|OR|AND))["'”’)\]]*$""")
# A numbered section heading ("SECTION 1420. DEFINITIONS", "§ 2.", "Sec. 552.051.") starts a
# unit even at the margin. "Section 9. The" is left out: Illinois wraps "as provided in
# Section 9." mid-sentence, and its real section starts are indented anyway.
_SECTION_HEADING = re.compile(r"(?:SECTION|Sec\.|SEC\.|§)\s*\d[\w.-]*\.(?:\s+[A-Z(\"“]|\s*$)")
_HYPHEN_END = re.compile(r"([A-Za-z]+)-$")
_WORD_START = re.compile(r"[A-Za-z]+")
_WORDS = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)*")
# First halves that stay hyphenated when a line break splits the compound.
_COMPOUND_HEADS = frozenset(
    {"cross", "full", "high", "human", "long", "low", "machine", "part", "real", "self", "short",
     "third", "well", "wide", "year", "one", "two", "first", "post", "pre", "co"}
)  # fmt: skip
_HEADING_INDENT = 20  # columns past the body margin: a centred heading
_LINE_NUMBER_SAMPLE = 400


@dataclass
class _Line:
    text: str  # stripped content, single spaces
    offsets: list[int]
    col: int  # column of the first character in the raw line
    raw_end: int  # offset of the raw line break after the line
    blank_before: bool  # a real blank line (not page furniture) precedes it
    heading: bool = False


def clean_bill_text(raw: str) -> CleanText:
    """Clean printed bill text: the line structure of a legislature's print, made readable.

    Removes line numbers (when the document has them), page headers and
    footers, form feeds and drafting codes; rejoins words hyphenated across
    lines; joins wrapped lines into one line per paragraph, keeping a break
    before structural starts (Section, §, Sec., (a), (1), Article ...);
    collapses runs of spaces. ``offsets[i]`` is the index in ``raw`` of
    ``text[i]``.
    """
    lines = list(_content_lines(raw))
    if not lines:
        return CleanText("", [])
    margin = min(line.col for line in lines)
    for line in lines:
        line.heading = line.col - margin >= _HEADING_INDENT
    known_words = _DocumentWords(raw)
    text: list[str] = [lines[0].text]
    offsets: list[int] = list(lines[0].offsets)
    for prev, line in zip(lines, lines[1:], strict=False):
        sep = _separator(prev, line, margin)
        if sep == "":
            _join_wrapped(prev, line, text, offsets, known_words)
        else:
            text.append(sep)
            offsets.extend([prev.raw_end] * len(sep))
        text.append(line.text)
        offsets.extend(line.offsets)
    return CleanText("".join(text), offsets)


def _content_lines(raw: str) -> Iterator[_Line]:
    """Yield each content line with its offsets, skipping page furniture and blank lines."""
    numbered = _has_line_numbers(raw)
    blank, page_break = False, False
    for match in _RAW_LINE.finditer(raw):
        start, body, end = match.start(), match.group(1).rstrip("\r"), match.group(2)
        if not body and not end:
            break  # the empty match after the last line
        if _PAGE_FURNITURE.match(body):
            page_break, blank = True, False
            continue
        first = 0
        if numbered and (m := _LINE_NUMBER.match(body)):
            first = m.end()
        content = _CONTENT.search(body, first)
        if content is None:
            blank = blank or not page_break
            page_break = page_break or end == "\f"
            continue
        yield _make_line(body, content, start, blank and not page_break)
        blank, page_break = False, end == "\f"


def _make_line(body: str, content: re.Match[str], start: int, blank: bool) -> _Line:
    """The line's text with each run of spaces made one, and the raw offset of every char."""
    offsets: list[int] = []
    pos, stop = content.start(), content.end()
    for gap in _GAP.finditer(body, pos, stop):  # only the gaps to squeeze: few per line
        offsets.extend(range(start + pos, start + gap.start() + 1))
        pos = gap.end()
    offsets.extend(range(start + pos, start + stop))
    text = _GAP.sub(" ", content.group())
    return _Line(text, offsets, content.start(), start + len(body), blank)


def _has_line_numbers(raw: str) -> bool:
    """True when most non-blank lines start with a line number (NY and IL prints)."""
    content = numbered = 0
    for line in _RAW_LINES_ONLY.split(raw):
        if not line.strip() or _PAGE_FURNITURE.match(line):
            continue
        content += 1
        numbered += bool(_LOOKS_NUMBERED.match(line))
        if content == _LINE_NUMBER_SAMPLE:
            break  # a print numbers all its lines or none: a sample decides
    return content > 0 and numbered / content >= 0.5


def _separator(prev: _Line, line: _Line, margin: int) -> str:
    """ "" to join ``line`` onto ``prev``; "\\n" or "\\n\\n" to start a new paragraph."""
    ends_clause = bool(_ENDS_CLAUSE.search(prev.text))
    if line.blank_before and (ends_clause or not line.text[:1].islower()):
        return "\n\n"
    if prev.heading or line.heading:
        return "\n"
    structural = bool(_STRUCTURAL.match(line.text))
    if _SECTION_HEADING.match(line.text):
        return "\n"
    continues = line.text[:1].islower() and line.col <= prev.col  # "...thereof;\n and to"
    if ends_clause and (structural or (line.col > margin and not continues)):
        return "\n"
    # Deeper indent after an unfinished line is a hanging indent ("AN ACT to amend ...")
    # unless the line opens a new unit.
    if line.col > max(margin, prev.col) and structural:
        return "\n"
    return ""


def _join_wrapped(
    prev: _Line, line: _Line, text: list[str], offsets: list[int], known_words: _DocumentWords
) -> None:
    """Append what joins ``line`` to ``prev``: a space, or nothing after dropping a hyphen."""
    head = _HYPHEN_END.search(prev.text)
    tail = _WORD_START.match(line.text)
    if head and tail:
        whole = (head.group(1) + tail.group()).lower()
        hyphenated = f"{head.group(1)}-{tail.group()}".lower()
        keep = hyphenated in known_words or head.group(1).lower() in _COMPOUND_HEADS
        if whole in known_words or not keep:
            text[-1] = text[-1][:-1]
            offsets.pop()
        return
    text.append(" ")
    offsets.append(prev.raw_end)


class _DocumentWords:
    """Lower-cased words of the document, hyphenated compounds included, read on first use.

    Decides whether "self-" + "sufficient" across a line break is "self-sufficient"
    (seen so elsewhere) or "fron-" + "tier" is "frontier". Built lazily: most
    documents never ask.
    """

    def __init__(self, raw: str) -> None:
        self._raw = raw
        self._words: set[str] | None = None

    def __contains__(self, word: str) -> bool:
        if self._words is None:
            self._words = {m.group().lower() for m in _WORDS.finditer(self._raw)}
        return word in self._words


# --------------------------------------------------------------------------- dispatch

_HTML_TYPES = ("text/html", "application/xhtml+xml")
_XML_TYPES = ("application/xml", "text/xml")


def document_to_text(data: bytes, media_type: str, *, where: str = "document") -> CleanText:
    """Clean text of a fetched document, chosen by its media type.

    HTML and XML are reduced by their markup (offsets then refer to the
    extracted text, since markup offsets mean nothing to a reader); PDF and
    plain text go through ``clean_bill_text`` so offsets refer to the
    extracted or original text.
    """
    kind = media_type.split(";")[0].strip().lower()
    if kind in _HTML_TYPES:
        return CleanText.identity(html_to_text(data))
    if kind in _XML_TYPES or kind.endswith("+xml"):
        return CleanText.identity(_xml_to_text(data, where))
    if kind == "application/pdf":
        return clean_bill_text(pdf_to_text(data, where=where))
    if kind.startswith("text/"):
        return clean_bill_text(_decode(data, media_type))
    raise ParseError("text", where, f"an HTML, XML, PDF or plain-text document, not {media_type!r}")


def _xml_to_text(data: bytes, where: str) -> str:
    soup = BeautifulSoup(data, "lxml-xml")
    if soup.find() is None:
        raise ParseError("text", where, "an XML document with at least one element")
    text = soup.get_text("\n")
    lines = (_WS_LINE.sub(" ", line).strip() for line in text.splitlines())
    return "\n".join(line for line in lines if line) + "\n"


_CHARSET = re.compile(r"charset=([\w.-]+)", re.IGNORECASE)


def _decode(data: bytes, media_type: str) -> str:
    match = _CHARSET.search(media_type)
    encodings = [match.group(1)] if match else []
    for encoding in [*encodings, "utf-8"]:
        try:
            return data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
    return data.decode("cp1252", errors="replace")
