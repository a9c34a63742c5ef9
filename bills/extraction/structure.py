"""Split a legal text into sections and labelled paragraphs, with character offsets.

The formats differ in looks but share a grammar: a *section* opens with a
header at the start of a line ("SEC. 2.", "Sec. 552.051.  TITLE.", "§ 1420.",
"Section 5.", or a California code number alone on its line, "22757.12."),
and its paragraphs open with subdivision markers ("(a)", "(1)", "(A)", "(i)",
or New York's "1."). The level of a marker is not fixed by its type (New York
nests "1." > "(a)" > "(i)", California "(a)" > "(1)" > "(A)"), so levels are
kept on a stack: a marker of a type already on the stack closes everything
below it, a new type opens a deeper level. "(i)" after "(h)" is a letter,
otherwise a roman numeral.

A marker only counts at the start of a line whose previous line ended a
sentence or list item, so a cross-reference wrapped onto a new line ("...
subdivision\\n(b) of section 3") is not taken for a paragraph. Parsing is one
linear pass over the lines with precompiled, anchored regexes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Inline tags a Markdown conversion keeps: "<span ...>Sec</span>. <span ...>2</span>. <span>Policy</span>."
_TAGS = r"(?:[ \t]*</?[a-zA-Z][^>\n]{0,80}>)*"
_SECTION_RE = re.compile(
    r"[ \t]*(?:#{1,6}[ \t]*|\*\*|NEW SECTION\.[ \t]+|(?:<[a-zA-Z][^>]{0,80}>[ \t]*)+)?"
    r"(?:(?P<word>SECTION|SEC\.|Section|Sec\.?)"
    + _TAGS
    + r"\.?"
    + _TAGS
    + r"[ \t]+"
    + _TAGS
    + r"(?P<num>\d+[A-Za-z]?(?:[.\-]\d+[A-Za-z]?)*)"
    + _TAGS
    + r"|(?P<para>§{1,2})[ \t]*(?P<pnum>\d+[\w\-]*(?:\.\d+[\w\-]*)*)"
    r"|(?P<code>\d+(?:\.\d+)?-\d+(?:\.\d+)?-\d+(?:\.\d+)?))"
    # The number ends with a period, or (municipal codes, Markdown) stands before a capitalised
    # heading or the end of the line: "§ 20-871 Definitions." / "## Section 2".
    r"(?:\.(?=[ \t<]|$)|\*\*|(?=[ \t]*$)|(?<=\d)(?=[ \t]+(?!Of\b|of\b)[A-Z\"“(]|[ \t]+\d{1,3}\.(?:[ \t]|$)))"
)
_CODE_NUMBER_RE = re.compile(r"[ \t]*(?P<num>\d+(?:\.\d+)*)\.[ \t]*$")
# A code section number that opens its own text: "22602. (a) If a reasonable person ..." or
# "22601. As used in this chapter:" (four or more digits, or a decimal code number).
_YEAR_RE = re.compile(r"(?:19|20)\d\d")  # "2026. The ..." is a year ending a sentence, not a code
_CODE_LEAD_RE = re.compile(
    r"[ \t]*(?P<num>\d{4,}(?:\.\d+)*|\d+\.\d+(?:\.\d+)*)\.[ \t]+(?=[A-Z(\"“])"
)
_HEADING_RE = re.compile(
    r"[ \t]+(?:<[a-zA-Z][^>\n]{0,80}>)?(?P<heading>[A-Z][A-Za-z ,;'&\-]{0,100}?(?:</[a-z]+>)?\.)"
    r"(?=[ \t<]|$|\((?:[a-z]|\d{1,2})\)[ \t])"  # "Supporting Workers.(a)  To advance": glued
)
# "(a)", and "\\(a\\)" as Markdown converters escape it.
_MARKER_RE = re.compile(
    r"[ \t]*\\?\((?P<label>[a-z]{1,5}|[A-Z]{1,5}|\d{1,3}[a-z]?)\\?\)(?=[ \t(\\]|$)"
)
_TAG_RE = re.compile(r"(?:[ \t]*</?[a-zA-Z][^>]{0,80}>)+")
_NUMBERED_RE = re.compile(r"[ \t]*(?P<label>\d{1,3})\.(?:[ \t]+(?=[\"“A-Za-z(\[])|[ \t]*$)")
# Washington session laws and municipal codes letter their subdivisions "a.", "i.", "A.".
_LETTERED_RE = re.compile(r"[ \t]*(?P<label>[a-z]{1,4}|[A-Z])\.[ \t]+(?=[\"“A-Z(])")
_EMPTY_RE = re.compile(r"[ \t]*\[(?:Empty|Reserved)\][ \t]*", re.IGNORECASE)
# A heading never states a duty: "## Section 2 A person shall ..." has no heading.
_DUTY_WORDS_RE = re.compile(r"\b(?:shall|must|may|means)\b")
_NOT_HEADING_RE = re.compile(r"\b(?:is|are)\b|^(?:A|An|The|Each|Every|No|Unless|If)\b")
_NOTE_RE = re.compile(
    r"[ \t]*(?:Added|Amended|Renumbered|Redesignated|Repealed) by Acts\b|\(Source: P\.A\."
)
_CONTAINER_RE = re.compile(
    r"[ \t]*(?:ARTICLE|Article|CHAPTER|SUBCHAPTER|PART|TITLE|SUBTITLE|DIVISION)\s+[\dA-Z]+[\dA-Z.\-]*\b"
)
_ENACTING_RE = re.compile(
    r"do\s+enact\s+as\s+follows\s*:|be\s+it\s+enacted\b[^:]{0,200}:"
    r"|it\s+is\s+hereby\s+ordered(?:\s+as\s+follows)?\s*:",
    re.IGNORECASE,
)
_ROMAN_RE = re.compile(r"^(?:x{0,3})(?:ix|iv|v?i{0,3})$")
_CLOSERS = '"”’)]'


def _ends_sentence(line: str) -> bool:
    """Whether ``line`` ends a sentence or list item ("...;", "... and", "(reserved)").

    Looks only at the line's end (a regex anchored with ``$`` would be tried at
    every position of a long line).
    """
    tail = line.rstrip(" \t")
    if tail.startswith("(", len(tail) - len(tail.lstrip())) and tail.endswith(")"):
        return True
    if tail[-1:] in _CLOSERS:
        tail = tail[:-1]
    if tail[-1:] in ".:;—":
        return True
    if tail.endswith(">") and tail.lstrip().startswith("<"):  # "<figure> <img ... /> </figure>"
        return True
    tail = tail.lower()
    return tail.endswith((" and", " or")) or tail in ("and", "or")


# A section header or a subdivision marker that line-joining left inside a line, after a
# sentence end: "... requires: 6-1-1702. Developer duty ..." or "... 5 years. (4)(A) No later".
_MIDLINE_RE = re.compile(
    r"(?<=[^\d\s][.:;])[ \t]+(?=\d+(?:\.\d+)?-\d+(?:\.\d+)?-\d+(?:\.\d+)?\.[ \t]+[A-Z]"
    r"|\((?:[a-z]|\d{1,2})\)(?:\([A-Za-z0-9]{1,4}\))*[ \t]+[A-Z])"
)
_PAGE_SPLIT_RE = re.compile(
    r"(?<=\S)[ \t]+(?=page \d{1,4}-[a-z ]{0,20}bill [\w\-]+)", re.IGNORECASE
)
# A running page header left inside the text by a PDF conversion ("PAGE 13-SENATE BILL 24-205"):
# read past it, so the marker after it still opens a paragraph.
_PAGE_HEADER_RE = re.compile(r"[ \t]*page \d{1,4}-[a-z ]{0,20}bill [\w\-]+[ \t]*", re.IGNORECASE)
_PREV_LETTER = {"i": "h", "v": "u", "x": "w", "l": "k", "c": "b", "d": "c", "m": "l"}

NOTE = "note"
BODY = "body"


@dataclass(frozen=True)
class Section:
    """A section: its citation number ("22757.12", "SEC. 5") and heading, with its span."""

    number: str
    heading: str
    start: int
    end: int


@dataclass(frozen=True)
class Block:
    """A paragraph: body text span (after its markers) and its subdivision path."""

    start: int
    end: int
    section: Section | None
    path: tuple[str, ...]
    kind: str = BODY

    def citation(self) -> str:
        """The section number followed by the subdivision labels, e.g. "22757.12(e)(1)(A)"."""
        base = self.section.number if self.section else ""
        return base + "".join(f"({label.rstrip('.')})" for label in self.path)


@dataclass(frozen=True)
class Structure:
    """The parsed document: where the operative text starts, its sections and blocks."""

    operative_start: int
    sections: tuple[Section, ...]
    blocks: tuple[Block, ...]


def operative_start(text: str) -> int:
    """Offset just after the enacting clause, so a digest or preamble before it is skipped."""
    match = _ENACTING_RE.search(text, 0, min(len(text), 400_000))
    return match.end() if match else 0


def _label_type(label: str, stack: list[tuple[str, str]], after_colon: bool = False) -> str:
    if label.endswith("."):
        if label[0].isdigit():
            return "dotnum"
        return (
            _label_type(
                label[:-1], [(t[:-3], lab.rstrip(".")) for t, lab in stack if t.endswith("dot")]
            )
            + "dot"
        )
    if label[0].isdigit():
        return "digit"
    kind = "lower" if label.islower() else "upper"
    if not _ROMAN_RE.match(label.lower()):
        return kind
    letters = [lab for typ, lab in stack if typ == kind]
    if (
        len(label) == 1
        and letters
        and letters[-1].lower() == _PREV_LETTER.get(label.lower())
        and not after_colon  # "(h) a report that includes:\n(i) ...": a list under (h) begins
    ):
        return kind
    return "roman" if kind == "lower" else "ROMAN"


def _push(stack: list[tuple[str, str]], kind: str, label: str) -> None:
    for depth, (typ, _) in enumerate(stack):
        if typ == kind:
            del stack[depth:]
            break
    stack.append((kind, label))


class _Parser:
    """One pass over the lines; collects sections and blocks."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.sections: list[Section] = []
        self.raw_blocks: list[tuple[int, int, int, tuple[str, ...], str]] = []
        self.stack: list[tuple[str, str]] = []
        self.open: tuple[int, tuple[str, ...], str] | None = None  # start, path, kind
        self.open_end = 0
        self.prev_ended = True
        self.prev_colon = False

    def close_block(self) -> None:
        if self.open is not None and self.open_end > self.open[0]:
            start, path, kind = self.open
            self.raw_blocks.append((start, self.open_end, len(self.sections) - 1, path, kind))
        self.open = None

    def start_section(self, number: str, heading: str, start: int) -> None:
        self.close_block()
        self.close_section(start)
        self.sections.append(Section(number, heading, start, start))
        self.stack = []

    def close_section(self, end: int) -> None:
        if self.sections and self.sections[-1].end == self.sections[-1].start:
            last = self.sections[-1]
            self.sections[-1] = Section(
                last.number, last.heading, last.start, max(end, last.start + 1)
            )

    def leave_section(self, start: int) -> None:
        """A container heading (ARTICLE, CHAPTER...) ends the current section."""
        self.close_block()
        self.close_section(start)
        self.sections.append(Section("", "", start, start + 1))
        self.stack = []

    def finish(self) -> tuple[tuple[Section, ...], tuple[Block, ...]]:
        self.close_block()
        self.close_section(len(self.text))
        sections = tuple(s for s in self.sections)
        blocks = tuple(
            Block(
                start, end, sections[idx] if idx >= 0 and sections[idx].number else None, path, kind
            )
            for start, end, idx, path, kind in self.raw_blocks
        )
        return tuple(s for s in sections if s.number), blocks

    def line(self, start: int, end: int) -> None:
        text = self.text
        page = _PAGE_HEADER_RE.match(text, start, end)
        if page:
            start = page.end()
        line = text[start:end]
        if not line.strip():
            self.close_block()
            return
        pos = start
        header = (
            self.section_header(line, start)
            if self.prev_ended or line.lstrip().startswith(("#", "<h"))  # a Markdown/HTML heading
            else None
        )
        if header is not None:
            pos = header
        labels, pos = self.markers(pos, end, at_line_start=header is None)
        if labels or header is not None:
            self.close_block()
            for number, label in enumerate(labels):
                colon = self.prev_colon and number == 0 and header is None
                _push(self.stack, _label_type(label, self.stack, colon), label)
            self.open = (pos, tuple(lab for _, lab in self.stack), BODY)
        elif _NOTE_RE.match(line):
            self.close_block()
            self.open = (start, (), NOTE)
        elif self.open is None:
            self.open = (
                start + len(line) - len(line.lstrip()),
                tuple(lab for _, lab in self.stack),
                BODY,
            )
        self.open_end = start + len(line.rstrip())
        self.prev_ended = len(line.strip()) < 60 or _ends_sentence(line) or line.isupper()
        self.prev_colon = line.rstrip(" \t").endswith(":")

    def section_header(self, line: str, start: int) -> int | None:
        match = _SECTION_RE.match(line)
        if match:
            if match.group("word"):
                num = match.group("num")
                word = match.group("word")
                word = (
                    word
                    if word.endswith(".") or word.isupper() or word == "Section"
                    else word + "."
                )
                number = num if "." in num else f"{word} {num}"
            else:
                number = match.group("pnum") or match.group("code")
            pos = match.end()
            heading = ""
            head = _HEADING_RE.match(line, pos)
            if (
                head
                and len(head.group("heading").split()) <= 12
                and not _MARKER_RE.match(line, pos)
                and not _DUTY_WORDS_RE.search(head.group("heading"))
                and (
                    line[pos - 1 : pos] == "." or not _NOT_HEADING_RE.search(head.group("heading"))
                )
            ):
                heading = _TAG_RE.sub("", head.group("heading")).rstrip(".")
                pos = head.end()
            tags = _TAG_RE.match(line, pos)  # "Sec. 2. Policy.</span> It is ..."
            if tags:
                pos = tags.end()
            self.start_section(number, heading, start)
            return start + pos
        match = _CODE_NUMBER_RE.match(line)
        if match and (match.group("num").count(".") or len(match.group("num")) >= 3):
            self.start_section(match.group("num"), "", start)
            return start + match.end()
        match = _CODE_LEAD_RE.match(line)
        if match and not _YEAR_RE.fullmatch(match.group("num")):
            self.start_section(match.group("num"), "", start)
            return start + match.end()
        if _CONTAINER_RE.match(line):
            self.leave_section(start)
        return None

    def markers(self, pos: int, end: int, at_line_start: bool) -> tuple[list[str], int]:
        labels: list[str] = []
        text = self.text
        if at_line_start and not self.prev_ended:
            return labels, pos
        numbered = _NUMBERED_RE.match(text, pos, end) or _LETTERED_RE.match(text, pos, end)
        if numbered and (at_line_start or not labels):
            labels.append(numbered.group("label") + ".")
            pos = numbered.end()
            empty = _EMPTY_RE.match(text, pos, end)  # "3. [Empty] a. Only ...": the lead is empty
            lettered = _LETTERED_RE.match(text, empty.end(), end) if empty else None
            if lettered:
                labels.append(lettered.group("label") + ".")
                pos = lettered.end()
        while True:
            match = _MARKER_RE.match(text, pos, end)
            if not match:
                break
            labels.append(match.group("label"))
            pos = match.end()
        while pos < end and text[pos] in " \t":
            pos += 1
        return labels, pos


def _line_starts(text: str) -> list[int]:
    """Where a line starts: after each newline, and where a header was joined into a line."""
    starts = [0]
    starts.extend(m.end() for m in re.finditer("\n", text))
    if _MIDLINE_RE.search(text):
        starts.extend(m.end() for m in _MIDLINE_RE.finditer(text))
        starts.sort()
    if "page " in text or "PAGE " in text or "Page " in text:  # running page headers
        starts.extend(m.end() for m in _PAGE_SPLIT_RE.finditer(text))
        starts.sort()
    return starts


def parse_structure(text: str) -> Structure:
    """Split ``text`` into sections and labelled blocks (paragraphs) with offsets."""
    parser = _Parser(text)
    starts = _line_starts(text)
    length = len(text)
    for number, start in enumerate(starts):
        end = starts[number + 1] if number + 1 < len(starts) else length + 1
        end = end - 1 if end <= length and text[end - 1] == "\n" else min(end, length)
        if start < length:
            parser.line(start, end)
    sections, blocks = parser.finish()
    return Structure(operative_start(text), sections, blocks)
