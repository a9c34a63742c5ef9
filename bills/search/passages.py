"""A bill cut into the passages that the search engines index (pure: no Django).

Why passages, not one document per bill: PostgreSQL's ``tsvector`` holds at
most 1 MB and records word positions only up to 16,383, so a whole 1 MB bill
text would fail to index or lose its phrase matches past the first pages.
Passages of a few thousand words keep every position exact on both engines,
give short snippets, and let a bill's texts be re-indexed piece by piece:
a passage is keyed by the hash of its text, so a new action re-indexes only
the details passage, and the near-identical versions of a bill share the
passages they have in common.

Where a passage ends is chosen by the text itself (content-defined
chunking): after ``MIN_WORDS`` words, at the first line whose hash is one in
``CUT_ONE_IN``, or at ``PASSAGE_WORDS`` words at most. A later print that
rewrites a section or adds one therefore cuts the rest of its text where the
first print was cut, and those passages are the same (same digest): they are
stored and indexed once per bill, not once per version. Cutting at fixed word
counts, a word added on page 2 moved every later cut and nothing was shared.

Consecutive passages overlap by ``OVERLAP_WORDS`` words so that a phrase of
up to that many words is never cut in two.
"""

from __future__ import annotations

import hashlib
import re
import zlib
from collections.abc import Iterable
from dataclasses import dataclass

PASSAGE_WORDS = 3000  # at most, overlap included
MIN_WORDS = 500  # before a passage may end at a content-chosen line
CUT_ONE_IN = 8  # of the lines after MIN_WORDS, one in CUT_ONE_IN (by its hash) ends a passage
LINE_WORDS = 256  # a longer line is taken as pieces of this many words
OVERLAP_WORDS = 32

DETAILS = "details"  # identifier, names, abstract, subjects and actions: ranked above text
TEXT = "text"

_SPACE = re.compile(r"\S+")


@dataclass(frozen=True)
class Passage:
    kind: str
    label: str  # the version label for text passages, "" for the details
    text: str

    @property
    def digest(self) -> str:
        return hashlib.sha256(f"{self.kind}\0{self.text}".encode()).hexdigest()


def details_text(
    identifier: str,
    title: str,
    popular_name: str = "",
    abstract: str = "",
    subjects: Iterable[str] = (),
    actions: Iterable[str] = (),
) -> str:
    """What a bill says about itself, one part a line (actions last, oldest first)."""
    names = [identifier, title]
    if popular_name and popular_name != title:
        names.append(popular_name)
    parts = names + [abstract, "; ".join(subjects), *actions]
    return "\n".join(part for part in parts if part)


def chunk_text(text: str) -> list[str]:
    """The text in passages of ``MIN_WORDS``-``PASSAGE_WORDS`` words, cut where its lines say.

    Each passage after the first starts with the last ``OVERLAP_WORDS`` words
    of the one before. Passages keep the original characters (line breaks,
    punctuation) between their first and last word, so a snippet reads like
    the text.
    """
    chunks: list[str] = []
    start = 0  # where the passage being built starts (its overlap included)
    words = 0  # its words so far
    for begin, end, count in _units(text):
        if words and words + count > PASSAGE_WORDS:
            chunks.append(text[start:begin].strip())
            start, words = _overlap_start(text, start, begin)
        words += count
        if words >= MIN_WORDS and zlib.crc32(text[begin:end].encode()) % CUT_ONE_IN == 0:
            chunks.append(text[start:end].strip())
            start, words = _overlap_start(text, start, end)
    tail = text[start:].strip()
    if tail and (not chunks or words > OVERLAP_WORDS):
        chunks.append(tail)
    return [chunk for chunk in chunks if chunk]


def _units(text: str):
    """(start, end, words) of each line that has words; a long line in pieces of LINE_WORDS."""
    offset = 0
    for line in text.splitlines(keepends=True):
        count = len(line.split())
        if count > LINE_WORDS:
            spans = [m.span() for m in _SPACE.finditer(line)]
            for first in range(0, len(spans), LINE_WORDS):
                piece = spans[first : first + LINE_WORDS]
                yield offset + piece[0][0], offset + piece[-1][1], len(piece)
        elif count:
            yield offset, offset + len(line), count
        offset += len(line)


def _overlap_start(text: str, floor: int, at: int) -> tuple[int, int]:
    """Where the next passage starts (``OVERLAP_WORDS`` words before ``at``), and its words."""
    window = 16 * OVERLAP_WORDS
    while True:
        low = max(floor, at - window)
        starts = [m.start() for m in _SPACE.finditer(text, low, at)]
        if len(starts) > OVERLAP_WORDS or low == floor:
            kept = starts[-OVERLAP_WORDS:]
            return (kept[0], len(kept)) if kept else (at, 0)
        window *= 4


def bill_passages(details: str, versions: Iterable[tuple[str, str]]) -> list[Passage]:
    """The details passage, then every version's text in passages; a repeated passage once."""
    passages = [Passage(DETAILS, "", details)] if details.strip() else []
    seen = {p.digest for p in passages}
    for label, text in versions:
        for chunk in chunk_text(text or ""):
            passage = Passage(TEXT, label, chunk)
            if passage.digest not in seen:
                seen.add(passage.digest)
                passages.append(passage)
    return passages
