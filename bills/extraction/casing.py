"""Read all-capitals text as ordinary sentence case, keeping every offset.

New York prints new matter in capitals ("A LARGE DEVELOPER SHALL ..."), and
the extractor's cues are written for ordinary text: a modal is "shall", a
sentence starts with a capital, a proper name is capitalised. A line with no
lower-case letter at all is therefore lower-cased and its sentence starts
re-capitalised. Only the analysed copy changes: offsets are kept (a line
whose length would change is left alone) so quotes are cut from the
original.
"""

from __future__ import annotations

import re

_CAPS_LINE_RE = re.compile(r"^[^a-z\n]{30,}$", re.MULTILINE)
_LETTER_RE = re.compile(r"[A-Z]")
_SENTENCE_START_RE = re.compile(r"(^|[.;:!?][\"”’)]*\s+|\)\s+|§\s*[\d.\-]+\s+)([a-z])")
_MIN_LETTERS = 20


def _sentence_case(line: str) -> str:
    lowered = line.lower()
    if len(lowered) != len(line):
        return line
    return _SENTENCE_START_RE.sub(lambda m: m.group(1) + m.group(2).upper(), lowered)


def fold_capitals(text: str) -> str:
    """``text`` with its all-capital lines in sentence case (same length, same offsets)."""
    if not _CAPS_LINE_RE.search(text):
        return text
    parts: list[str] = []
    last = 0
    for match in _CAPS_LINE_RE.finditer(text):
        line = match.group(0)
        if len(_LETTER_RE.findall(line)) < _MIN_LETTERS:
            continue
        parts.append(text[last : match.start()])
        parts.append(_sentence_case(line))
        last = match.end()
    parts.append(text[last:])
    return "".join(parts)
