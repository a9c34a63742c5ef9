"""A redline between two text versions: what was added and removed, grouped by section.

Lines are compared first (difflib's SequenceMatcher on whitespace-normalised
lines, so a re-wrapped paragraph costs little), and only the changed blocks
are compared word by word: that keeps a 1 MB bill's redline to the cost of a
line diff instead of a word diff over the whole text. Each change is shown
under the heading of the section it falls in (the nearest heading line above
it in the new text), with a few unchanged lines around it; unchanged
stretches are left out and counted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

CONTEXT_LINES = 2
MAX_WORD_DIFF = 4000  # words per side of a changed block; larger blocks are shown whole

_HEADING = re.compile(
    r"^\s*(?:#{1,6}\s+\S|§+\s*\d|(?:section|sec\.|article|chapter|part|title)\s+(?:\d|[IVXLC]+\b))",
    re.IGNORECASE,
)
_WORDS = re.compile(r"\S+\s*")


@dataclass
class Piece:
    kind: str  # same | ins | del
    text: str


@dataclass
class Hunk:
    section: str  # the heading line above the change in the new text, "" before any heading
    pieces: list[Piece] = field(default_factory=list)

    def add(self, kind: str, text: str) -> None:
        if not text:
            return
        if self.pieces and self.pieces[-1].kind == kind:
            self.pieces[-1].text += text
        else:
            self.pieces.append(Piece(kind, text))


@dataclass
class Redline:
    hunks: list[Hunk]
    words_added: int
    words_removed: int
    lines_unchanged: int

    @property
    def identical(self) -> bool:
        return not self.hunks


def redline(old: str, new: str, context: int = CONTEXT_LINES) -> Redline:
    """The changes from ``old`` to ``new``, grouped into hunks with section headings.

    The texts are cut at their section headings and the sections paired by
    heading first, so each line diff runs inside one section: a 1 MB act is
    hundreds of small diffs rather than one large one.
    """
    a, b = (old or "").splitlines(keepends=True), (new or "").splitlines(keepends=True)
    result = Redline([], 0, 0, 0)
    if _norm_all(a) == _norm_all(b):
        result.lines_unchanged = len(a)
        return result
    a_sections, b_sections = _sections(a), _sections(b)
    pairing = SequenceMatcher(
        None, [h for h, _ in a_sections], [h for h, _ in b_sections], autojunk=False
    )
    for tag, i1, i2, j1, j2 in pairing.get_opcodes():
        if tag == "equal":
            for (_, old_lines), (_, new_lines) in zip(
                a_sections[i1:i2], b_sections[j1:j2], strict=True
            ):
                _diff_lines(result, old_lines, new_lines, context)
        else:
            old_lines = [line for _, lines in a_sections[i1:i2] for line in lines]
            new_lines = [line for _, lines in b_sections[j1:j2] for line in lines]
            _diff_lines(result, old_lines, new_lines, context)
    return result


def _sections(lines: list[str]) -> list[tuple[str, list[str]]]:
    """(heading, lines) runs: each starts at a heading line; the text before any heading first."""
    sections: list[tuple[str, list[str]]] = [("", [])]
    for line in lines:
        if _HEADING.match(line):
            sections.append((_norm(line)[:80], []))
        sections[-1][1].append(line)
    return sections if sections[0][1] else sections[1:]


def _diff_lines(result: Redline, a: list[str], b: list[str], context: int) -> None:
    a_norm, b_norm = [_norm(x) for x in a], [_norm(x) for x in b]
    if a_norm == b_norm:
        result.lines_unchanged += len(a)
        return
    matcher = SequenceMatcher(None, a_norm, b_norm)
    changed = 0
    for group in matcher.get_grouped_opcodes(context):
        hunk = Hunk(_section_of(a, b, group[0]))
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                hunk.add("same", "".join(b[j1:j2]))
                continue
            changed += i2 - i1
            plus, minus = _words_changed(hunk, "".join(a[i1:i2]), "".join(b[j1:j2]))
            result.words_added += plus
            result.words_removed += minus
        result.hunks.append(hunk)
    result.lines_unchanged += len(a) - changed


def _norm(line: str) -> str:
    return " ".join(line.split())


def _norm_all(lines: list[str]) -> list[str]:
    return [_norm(line) for line in lines]


def _section_of(a: list[str], b: list[str], first_opcode: tuple) -> str:
    """The nearest heading at or above the change, in the new text (the old one if deleted)."""
    _, i1, _, j1, _ = first_opcode
    for lines, index in ((b, j1), (a, i1)):
        for line in reversed(lines[: index + 1]):
            if _HEADING.match(line):
                return _norm(line)[:160]
    return ""


def _words_changed(hunk: Hunk, old: str, new: str) -> tuple[int, int]:
    """Word-level marks inside one changed block; returns (words added, words removed)."""
    a, b = _WORDS.findall(old), _WORDS.findall(new)
    if len(a) > MAX_WORD_DIFF or len(b) > MAX_WORD_DIFF or not a or not b:
        hunk.add("del", old)
        hunk.add("ins", new)
        return len(b), len(a)
    matcher = SequenceMatcher(None, [w.strip() for w in a], [w.strip() for w in b], autojunk=False)
    added = removed = 0
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            hunk.add("same", "".join(b[j1:j2]))
            continue
        hunk.add("del", "".join(a[i1:i2]))
        hunk.add("ins", "".join(b[j1:j2]))
        added, removed = added + (j2 - j1), removed + (i2 - i1)
    return added, removed
