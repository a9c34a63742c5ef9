"""Sentences and *units*: the spans an obligation is cited by.

A unit is one sentence, except that a sentence ending in a colon takes the
list under it ("A person may not: (1) ...; (2) ..."), because the labelling
convention is that list items under a duty belong to that duty. The list is
every following block whose subdivision path lies below the sentence's own.

Sentence boundaries are found with one regex over each block plus a set of
legal abbreviations ("Sec.", "U.S.C.", "R.S.", "Ch.") that do not end one.
A sentence longer than ``MAX_SENTENCE`` characters (a text pasted as one
line, a list run together with semicolons) is cut at its semicolons, and
failing that at a space: every later step then works on bounded pieces, which
keeps extraction linear in the length of the input.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from .structure import BODY, Block

_BOUNDARY_RE = re.compile(r"[.?!][\"”’)]*\s+(?=[\"“(]?[A-Z])")
_WORD_BEFORE_RE = re.compile(r"([A-Za-z][A-Za-z.']*)$")
_ABBREVIATIONS = frozenset(
    "sec secs no nos inc co corp ltd stat ch leg r.s h.b s.b a.b st dr mr ms mrs jr sr v vs "
    "e.g i.e etc art pub p.a seq gen rev ann cal tex ill colo sess reg fed subch subsec para "
    "div tit vol op dept gov govt assn cong approx jan feb mar apr jun jul aug sep sept oct "
    "nov dec u.s u.s.c c.f.r ilcs n.y pp p par cl subd subds".split()
)


@dataclass
class Unit:
    """A cited span: the lead sentence plus any list folded under it."""

    start: int
    end: int
    lead_end: int
    block: Block
    items: list[Block] = field(default_factory=list)

    @property
    def has_list(self) -> bool:
        return bool(self.items)


MAX_SENTENCE = 1500
_SEMICOLON_RE = re.compile(r";\s+")


def _bounded(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """``text[start:end]`` cut into pieces of at most ``MAX_SENTENCE`` characters."""
    if end - start <= MAX_SENTENCE:
        return [(start, end)]
    pieces: list[tuple[int, int]] = []
    begin = start
    for match in _SEMICOLON_RE.finditer(text, start, end):
        if match.start() + 1 - begin >= MAX_SENTENCE // 3:
            pieces.append((begin, match.start() + 1))
            begin = match.end()
    pieces.append((begin, end))
    result: list[tuple[int, int]] = []
    for low, high in pieces:
        while high - low > MAX_SENTENCE:
            cut = text.rfind(" ", low + MAX_SENTENCE // 2, low + MAX_SENTENCE)
            cut = cut if cut > low else low + MAX_SENTENCE
            result.append((low, cut))
            low = cut + 1 if text[cut : cut + 1] == " " else cut
        if high > low:
            result.append((low, high))
    return result


def split_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans inside ``text[start:end]``, none longer than ``MAX_SENTENCE``."""
    return [
        piece for low, high in _sentences(text, start, end) for piece in _bounded(text, low, high)
    ]


def _sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    begin = start
    for match in _BOUNDARY_RE.finditer(text, start, end):
        dot = match.start()
        word = _WORD_BEFORE_RE.search(text[max(begin, dot - 20) : dot])
        token = word.group(1).lower().rstrip(".") if word else ""
        if token in _ABBREVIATIONS or (len(token) == 1 and token.isalpha()):
            continue
        stop = match.end() - len(match.group(0)) + len(match.group(0).rstrip())
        spans.append((begin, stop))
        begin = match.end()
    if begin < end:
        spans.append((begin, end))
    return spans


def _is_below(child: Block, parent: Block) -> bool:
    if child.section is not parent.section:
        return False
    depth = len(parent.path)
    return len(child.path) > depth and child.path[:depth] == parent.path


def iter_units(text: str, blocks: tuple[Block, ...], begin: int = 0) -> Iterator[Unit]:
    """Units of every body block starting at or after ``begin``, in text order."""
    index = 0
    total = len(blocks)
    while index < total:
        block = blocks[index]
        index += 1
        if block.kind != BODY or block.end <= begin:
            continue
        sentences = split_sentences(text, block.start, block.end)
        for number, (start, end) in enumerate(sentences):
            last = number == len(sentences) - 1
            if last and text[start:end].rstrip().endswith((":", "—", "-")):
                items = []
                while index < total and _is_below(blocks[index], block):
                    if blocks[index].kind == BODY:
                        items.append(blocks[index])
                    index += 1
                if items:
                    yield Unit(start, items[-1].end, end, block, items)
                    continue
            yield Unit(start, end, end, block)


def children(unit: Unit) -> list[tuple[Block, int]]:
    """The direct items of a unit's list, each with the end of its own sub-items."""
    depth = len(unit.block.path) + 1
    children: list[tuple[Block, int]] = []
    for item in unit.items:
        if len(item.path) <= depth or not children:
            children.append((item, item.end))
        else:
            children[-1] = (children[-1][0], item.end)
    return children
