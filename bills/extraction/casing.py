"""Read all-capitals text as ordinary sentence case, keeping every offset.

New York prints new matter in capitals ("A LARGE DEVELOPER SHALL ..."), and
the extractor's cues are written for ordinary text: a modal is "shall", a
sentence starts with a capital, a proper name is capitalised. A line with no
lower-case letter at all is therefore lower-cased and its sentence starts
re-capitalised; so is a run of four or more capitalised words inside a
mixed line (Colorado prints new law in capitals after a lower-case section
heading: "6-1-1702. Developer duty. (1) ON AND AFTER ..."). Parenthesised
markers break a run, so "(I)" keeps its case; "AI" stays "AI". Only the analysed copy changes: offsets are kept (a line
whose length would change is left alone) so quotes are cut from the
original.
"""

from __future__ import annotations

import re

_CAPS_LINE_RE = re.compile(r"^[^a-z\n]{30,}$", re.MULTILINE)
_LETTER_RE = re.compile(r"[A-Z]")
_SENTENCE_START_RE = re.compile(r"(^|[.;:!?][\"”’)]*\s+|\)\s+|§\s*[\d.\-]+\s+)([a-z])")
_MIN_LETTERS = 20


_LABEL_RE = re.compile(r"\([A-Z]{1,5}\)")


def _sentence_case(line: str) -> str:
    lowered = line.lower()
    if len(lowered) != len(line):
        return line
    folded = _SENTENCE_START_RE.sub(lambda m: m.group(1) + m.group(2).upper(), lowered)
    for label in _LABEL_RE.finditer(line):  # "(I)", "(A)": a marker keeps its case (its level)
        folded = folded[: label.start()] + label.group(0) + folded[label.end() :]
    return folded


_CAPS_RUN_RE = re.compile(
    r"(?<![A-Za-z0-9])[A-Z][A-Z0-9'’\-]*(?:[ \t\n,;:.\"“”/&\-]+[A-Z0-9][A-Z0-9'’\-]*){3,}(?![a-z])"
)
_AI_RE = re.compile(r"\bai\b")
# Month names and "AI" keep their capitals (date and term cues are written for them).
_PROPER_RE = re.compile(
    r"\b(?:ai|january|february|march|april|may(?= \d)|june|july|august|september|october|november|december)\b"
)
_OPENS_SENTENCE_RE = re.compile(r"(?:^|[.;:!?)\]]|\n)[ \t\"“]*$")


def _proper(match: re.Match[str]) -> str:
    word = match.group(0)
    return "AI" if word == "ai" else word.capitalize()


def _fold_runs(text: str) -> str:
    """Runs of capitalised words inside mixed-case lines, in sentence case."""
    parts: list[str] = []
    last = 0
    for match in _CAPS_RUN_RE.finditer(text):
        run = match.group(0)
        if sum(c.isalpha() for c in run) < _MIN_LETTERS:
            continue
        folded = _PROPER_RE.sub(_proper, _sentence_case(run))
        if not _OPENS_SENTENCE_RE.search(text[max(0, match.start() - 6) : match.start()]):
            folded = run[0] if run[0].isdigit() else folded[0].lower() + folded[1:]
            folded = folded if len(folded) == len(run) else run
        parts.append(text[last : match.start()])
        parts.append(folded)
        last = match.end()
    parts.append(text[last:])
    return "".join(parts)


def fold_capitals(text: str) -> str:
    """``text`` with its all-capital lines in sentence case (same length, same offsets)."""
    if not _CAPS_LINE_RE.search(text):
        return _fold_runs(text)
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
    return _fold_runs("".join(parts))
