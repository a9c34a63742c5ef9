"""Which parts of a text are about AI, decided per section with a reason a reader can check.

The tracker follows AI law, so only duties about AI count:

- A text that never names AI yields nothing. Terms are those of the
  project's relevance table (``scrapers.relevance.matched_terms``, the term
  table every source uses), plus any term the text defines in AI words
  ("digitization" means ... including artificial intelligence).
- A text whose title or opening (what stands before its first section)
  speaks of AI (an AI act, an executive order on AI) counts in full.
- Any other text (an omnibus, a host law that an AI provision amends, a
  health or criminal law with one AI subsection) counts only in its
  top-level paragraphs that name AI or a term defined by AI, and in whole
  sections whose first paragraph does (their exceptions and defenses then
  count too); the rest is the host law's business.

Each decision carries its reason ("Sec. 2(3) names artificial intelligence"),
which the obligation keeps and the obligation page shows.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from scrapers.relevance import matched_terms

from .definitions import Term
from .structure import Block, Structure

_HEAD_CHARS = 1500
_OPENING = 400
_SECTION_SHARE = 0.6
_MIN_SECTIONS = 3
_MIN_PARAGRAPHS = 4
_DEFINES_RE = re.compile(
    r"[^\n]{0,40}[\"“][^\"”\n]{1,80}[\"”][^\n]{0,20}\b(?:means|includes|has the meaning)\b"
)
_PARAGRAPH_SHARE = 0.5  # a section "opens with AI" when its first paragraph's lead names it
# Lower-case stems of every term of ``scrapers.relevance.AI_TERMS``: found with str.find
# (C speed), so the term table's regex only runs near them. Keep in step with that table.
_CUES = (
    "artificial", "algorithm", "automated decision", "automated employment",
    "automated consequential", "frontier", "foundation model", "language model", "llm",
    "chatbot", "chat bot", "machine learning", "machine-learning", "neural network",
    "natural language", "deepfake", "deep fake", "deep-fake", "synthetic", "digital replica",
    "recognition", "computer vision", "bot",
)  # fmt: skip
_CASED_CUES = ("AI", "A.I.")


def cue_positions(text: str) -> list[int]:
    """Offsets where an AI term may start (a superset; the term table confirms)."""
    lowered = text.lower()
    found: list[int] = []
    for cues, haystack in ((_CUES, lowered), (_CASED_CUES, text)):
        for cue in cues:
            at = haystack.find(cue)
            while at >= 0:
                found.append(at)
                at = haystack.find(cue, at + len(cue))
    found.sort()
    return found


def first_term(text: str, positions: list[int], start: int = 0, end: int | None = None) -> str:
    """The name of the first AI term at one of ``positions`` within ``text[start:end]``, or "".

    Each cue is confirmed by the term table on a short window around it, so a
    text dense with cues costs one small match per cue up to the first real term.
    """
    end = len(text) if end is None else end
    for at in positions[bisect_left(positions, start) :]:
        if at >= end:
            break
        window = text[max(start, at - 30) : min(end, at + 60)]
        found = matched_terms(window)
        if found:
            return _top(found)
    return ""


@dataclass(frozen=True)
class Decision:
    """Whether a span counts as AI law, and why."""

    counts: bool
    reason: str


def _ai_terms(terms: dict[str, Term]) -> dict[str, str]:
    """Defined terms whose definition (or a definition it relies on) is written in AI terms."""
    direct = {}
    for name, term in terms.items():
        found = matched_terms(term.body) if term.body else None
        if found and not matched_terms(name):
            direct[name] = found.most_common(1)[0][0]
    # One step only: "fabricated image" (defined by "digitization", defined by AI) counts;
    # a term defined by *that* ("depicted individual") is about the image, not about AI.
    via_ai = {}
    for name, term in terms.items():
        if name in direct or matched_terms(name):
            continue
        via = next((m for m in term.mentions if m in direct), None)
        if via:
            via_ai[name] = f'"{via}"'
    direct.update(via_ai)
    return direct


class Scope:
    """The AI relevance of one document's sections."""

    def __init__(
        self, text: str, structure: Structure, terms: dict[str, Term], ai_only: bool = True
    ) -> None:
        self.text = text
        self.defined = _ai_terms(terms)
        self.defined_re = (
            re.compile(
                r"\b(?:"
                + "|".join(re.escape(n) for n in sorted(self.defined, key=len)[::-1])
                + ")",
                re.IGNORECASE,
            )
            if self.defined
            else None
        )
        if not ai_only:
            self.document, self._parts, self.cues = Decision(True, "every duty read"), {}, []
            return
        self.cues = cue_positions(text)
        first = structure.sections[0].start if structure.sections else len(text)
        head = text[: min(first, _HEAD_CHARS)]  # title, preamble, digest: before the first section
        named = first_term(text, self.cues)
        opening = first_term(text, self.cues, 0, len(head))
        if not named and not self.defined:
            self.document = Decision(False, "not about AI: the text names no AI term")
        elif opening:
            self.document = Decision(True, f"the text is about AI (opening: {opening})")
        else:
            self.document = Decision(True, "")
        self._first: dict[int, tuple] = {}
        self._runs: list[bool] = []  # whether each non-definition paragraph names AI
        self._parts = self._paragraphs(structure) if self.document.reason == "" else {}
        if self._parts:
            share = self._share(structure)
            if share:
                self.document, self._parts = Decision(True, share), {}

    def _share(self, structure: Structure) -> str:
        """A law about AI whose title does not say so: most of its sections or paragraphs name AI.

        An omnibus, or a health law with one AI subsection, stays far below these
        shares (measured on the corpus: 1-21% of paragraphs, 3-53% of sections;
        AI acts 50-80% of paragraphs, 60-100% of sections).
        """
        sections = [s for s in structure.sections if s.end > s.start]
        named = sum(
            1 for s in sections if self._decide_span((s.start, s.number, ""), s.start, s.end).counts
        )
        if len(sections) >= _MIN_SECTIONS and named / len(sections) >= _SECTION_SHARE:
            return f"the text is about AI ({named} of {len(sections)} sections name it)"
        runs, ai_runs = len(self._runs), sum(self._runs)
        if runs >= _MIN_PARAGRAPHS and ai_runs / runs >= _PARAGRAPH_SHARE:
            return f"the text is about AI ({ai_runs} of {runs} paragraphs name it)"
        return ""

    def decide(self, block: Block) -> Decision:
        """Whether obligations in ``block`` count, and why."""
        if not self.document.counts or self.document.reason:
            return self.document
        return self._parts.get(id(block), Decision(False, "this part does not name AI"))

    def _paragraphs(self, structure: Structure) -> dict[int, Decision]:
        """A decision per block, made once for each run of blocks under one top-level label."""
        runs: list[tuple[tuple, int, int, list[Block]]] = []
        for block in structure.blocks:
            key = _key(block)
            if runs and runs[-1][0] == key:
                runs[-1] = (key, runs[-1][1], max(runs[-1][2], block.end), runs[-1][3] + [block])
            else:
                runs.append((key, block.start, block.end, [block]))
        decisions: dict[int, Decision] = {}
        opened: dict[int, Decision] = {}  # sections whose first paragraph names AI
        for key, start, end, blocks in runs:
            decision = self._decide_span(key, start, end)
            if not _DEFINES_RE.match(self.text, start, min(end, start + 200)):
                self._runs.append(decision.counts)
            if not decision.counts and key[0] in opened:
                decision = opened[key[0]]
            elif (
                decision.counts
                and key[0] not in opened
                and not self._seen(key[0], decisions)
                and self._decide_span(key, start, min(end, start + _OPENING)).counts
            ):
                opened[key[0]] = Decision(True, f"{key[1] or 'the section'} opens with AI: "
                                          + decision.reason.split(" names ", 1)[-1])  # fmt: skip
            decisions.update((id(block), decision) for block in blocks)
            self._first.setdefault(key[0], key)
        return decisions

    def _seen(self, section: int, decisions: dict[int, Decision]) -> bool:
        """Whether an earlier paragraph of ``section`` was decided (so this one is not its first)."""
        return section in self._first

    def _decide_span(self, key: tuple, start: int, end: int) -> Decision:
        where = key[1] + (f"({key[2]})" if key[2] else "")
        where = where or "this part"
        found = first_term(self.text, self.cues, start, end)
        if found:
            return Decision(True, f"{where} names {found}")
        if self.defined_re is not None:
            term = self.defined_re.search(self.text, start, end)
            if term:
                name = term.group(0).lower()
                return Decision(True, f'{where} names "{name}", defined by {self.defined[name]}')
        return Decision(False, f"{where} does not name AI")


def _key(block: Block) -> tuple:
    section = block.section
    return (
        section.start if section else -1,
        section.number if section else "",
        (block.path or ("",))[0].rstrip("."),
    )


def _top(counts) -> str:
    return counts.most_common(1)[0][0]
