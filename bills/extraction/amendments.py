"""Host-law text that a bill reprints when it amends an existing section.

An amending bill prints the whole section it changes ("Section 90. The
Whistleblower Act is amended by changing Section 15 as follows:" or "SEC. 3.
Section 1102.5 of the Labor Code is amended to read:"), old law included.
Plain text loses the underlining that marks what is new, so the reprinted
section is read as context: only its sentences that speak of AI are this
bill's obligations, and they take the bill's own effective date, not the
host section's history note (which dates earlier acts).

The reprinted sections run from the amending instruction to the next section
header of the bill's own style ("Section 91.", "SEC. 4."). Instructions that
add whole new sections ("is amended by adding Section 20") are new law and
are read in full.
"""

from __future__ import annotations

import re

from .structure import Section

_CHANGING_RE = re.compile(
    r"\b(?:is|are) (?:hereby )?amended (?:by changing\b|to read\b)", re.IGNORECASE
)
_ADDING_RE = re.compile(r"\bby adding\b|\bis added\b", re.IGNORECASE)
# What makes a sentence of reprinted host law relevant to the tracker.
AI_TOPIC_RE = re.compile(
    r"artificial intelligence|(?-i:\bAI\b)|algorithm|automated (?:decision|employment|system)"
    r"|machine learning|\bfrontier\b|\bfoundation models?\b|\bgenerative\b|synthetic (?:media|content)"
    r"|deepfake|chatbot|\bbots?\b|neural network|digital replica",
    re.IGNORECASE,
)


def _style(section: Section) -> str:
    """The header word of a section number ("Section 90" → "Section"; a code number → "")."""
    head, _, rest = section.number.partition(" ")
    return head if rest else ""


def host_sections(text: str, sections: tuple[Section, ...]) -> set[int]:
    """Start offsets of the sections a bill reprints from the law it amends."""
    hosts: set[int] = set()
    instruction: str | None = None
    for section in sections:
        style = _style(section)
        if instruction is not None and style != instruction:
            hosts.add(section.start)
            continue
        instruction = None
        opening = text[section.start : min(section.end, section.start + 400)]
        if _CHANGING_RE.search(opening) and not _ADDING_RE.search(opening):
            instruction = style
            hosts.add(section.start)
    return hosts
