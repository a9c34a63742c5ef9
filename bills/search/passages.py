"""A bill cut into the passages that the search engines index (pure: no Django).

Why passages, not one document per bill: PostgreSQL's ``tsvector`` holds at
most 1 MB and records word positions only up to 16,383, so a whole 1 MB bill
text would fail to index or lose its phrase matches past the first pages.
Passages of a few thousand words keep every position exact on both engines,
give short snippets, and let a bill's texts be re-indexed piece by piece:
a passage is keyed by the hash of its text, so a new action re-indexes only
the details passage, and the near-identical versions of a bill share the
passages they have in common.

Consecutive passages overlap by ``OVERLAP_WORDS`` words so that a phrase of
up to that many words is never cut in two.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass

PASSAGE_WORDS = 3000
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
    """The text in slices of ``PASSAGE_WORDS`` words, each overlapping the last by a few words.

    Slices keep the original characters (line breaks, punctuation) between
    their first and last word, so a snippet reads like the text.
    """
    spans = [m.span() for m in _SPACE.finditer(text)]
    if not spans:
        return []
    step = PASSAGE_WORDS - OVERLAP_WORDS
    chunks = []
    for first in range(0, len(spans), step):
        last = min(first + PASSAGE_WORDS, len(spans)) - 1
        chunks.append(text[spans[first][0] : spans[last][1]])
        if last == len(spans) - 1:
            break
    return chunks


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
