"""Is an item from a firehose source about AI? A weighted term list, scored by where terms occur.

Firehose sources (Open States search results, LegiScan master lists, congress.gov
lists, the Federal Register) return every bill or document that mentions a
keyword somewhere; ``assess`` decides which of them the tracker keeps and says
why in words a reviewer can check ("title: artificial intelligence").

Adding a term: append an ``AiTerm`` to ``AI_TERMS`` with a weight (3 = on its
own makes a title relevant, ~1 = needs company), then add a true and a false
example to ``tests/test_relevance.py``. Case-sensitive patterns are how "AI"
and "A.I." stay apart from "aid", "said", "AIDS", "Aiken" and the name "Al".
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .records import BillRecord

__all__ = ["AI_TERMS", "AiTerm", "Relevance", "assess", "matched_terms"]


@dataclass(frozen=True)
class AiTerm:
    name: str  # how the reason names it
    pattern: str  # regex; wrap case-insensitive parts in (?i:...)
    weight: float


# Longer, more specific terms first: at one position the first term listed wins,
# so "generative AI" is reported as that, not also as "AI".
AI_TERMS: tuple[AiTerm, ...] = (
    AiTerm("generative AI", r"(?i:generative)[ -](?:AI\b|(?i:artificial[ -]intelligence))", 3.0),
    AiTerm("artificial intelligence", r"(?i:artificial[ -]intelligence)", 3.0),
    AiTerm("algorithmic discrimination", r"(?i:algorithmic discrimination)", 3.0),
    AiTerm(
        "automated decision system",
        r"(?i:automated (?:employment |consequential )?decision[- ]?(?:making )?"
        r"(?:systems?|tools?|technolog(?:y|ies)))",
        3.0,
    ),
    AiTerm("automated decision-making", r"(?i:automated decision[- ]?making)", 2.5),
    AiTerm("frontier model", r"(?i:frontier (?:AI |artificial intelligence )?models?)", 3.0),
    AiTerm("frontier AI", r"(?i:frontier) AI\b", 3.0),
    AiTerm("foundation model", r"(?i:foundation models?)", 3.0),
    AiTerm("large language model", r"(?i:large language models?)|\bLLMs?\b", 3.0),
    AiTerm("companion chatbot", r"(?i:companion chat ?bots?)", 3.0),
    AiTerm("chatbot", r"(?i:\bchat ?bots?\b)", 2.5),
    AiTerm("machine learning", r"(?i:machine[ -]learning)", 2.5),
    AiTerm("neural network", r"(?i:neural networks?)", 2.5),
    AiTerm("natural language processing", r"(?i:natural language processing)", 2.5),
    AiTerm("deepfake", r"(?i:\bdeep[ -]?fakes?\b)", 3.0),
    AiTerm("synthetic media", r"(?i:synthetic (?:media|content|images?|video))", 2.0),
    AiTerm("digital replica", r"(?i:digital replicas?)", 1.5),
    AiTerm("facial recognition", r"(?i:(?:facial|face) recognition)", 2.0),
    AiTerm("computer vision", r"(?i:computer vision)", 2.0),
    AiTerm("algorithm", r"(?i:\balgorithm(?:s|ic)?\b)", 1.0),
    AiTerm("bot", r"(?i:\b(?:social media |software )?bots?\b)", 0.8),
    # Upper case only, as a whole word: not "aid", "said", "AIDS", "HIV/AIDS", "Aiken", "Al".
    AiTerm("A.I.", r"(?<![A-Za-z.])A\.I\.(?![A-Za-z])", 2.5),
    AiTerm("AI", r"(?<![A-Za-z0-9])AI(?![A-Za-z0-9])", 2.5),
)

# Where a term occurs: its multiplier, and how many occurrences count there.
TITLE_FACTOR, ABSTRACT_FACTOR, TEXT_FACTOR = 3.0, 1.0, 0.3
ABSTRACT_CAP, TEXT_CAP = 3, 5
THRESHOLD = 3.0

_COMBINED = re.compile("|".join(f"(?P<t{i}>{term.pattern})" for i, term in enumerate(AI_TERMS)))


@dataclass(frozen=True)
class Relevance:
    relevant: bool
    score: float
    reason: str  # e.g. "title: artificial intelligence; text: machine learning ×4"
    terms: tuple[str, ...] = field(default=())  # every matched term's name, once


def matched_terms(text: str) -> Counter[str]:
    """Count each AI term in ``text`` (non-overlapping, leftmost match wins)."""
    counts: Counter[str] = Counter()
    for match in _COMBINED.finditer(text):
        group = match.lastgroup
        if group is not None:
            counts[AI_TERMS[int(group[1:])].name] += 1
    return counts


_WEIGHTS = {term.name: term.weight for term in AI_TERMS}


def assess(title: str, abstract: str = "", text: str = "") -> Relevance:
    """Score an item's AI relevance from its title, abstract (summary) and full text.

    A term in the title counts once and weighs most; in the abstract and the
    text repeated mentions count up to a cap, so a long budget act that
    mentions "artificial intelligence" once is not an AI bill.
    """
    places = (
        ("title", matched_terms(title or ""), TITLE_FACTOR, 1),
        ("abstract", matched_terms(abstract or ""), ABSTRACT_FACTOR, ABSTRACT_CAP),
        ("text", matched_terms(text or ""), TEXT_FACTOR, TEXT_CAP),
    )
    score, reasons, names = 0.0, [], []
    for place, counts, factor, cap in places:
        if not counts:
            continue
        score += sum(_WEIGHTS[name] * factor * min(n, cap) for name, n in counts.items())
        reasons.append(f"{place}: {_describe(counts)}")
        names.extend(name for name in counts if name not in names)
    reason = "; ".join(reasons) if reasons else "no AI terms in title, abstract or text"
    return Relevance(score >= THRESHOLD, round(score, 2), reason, tuple(names))


def _describe(counts: Counter[str]) -> str:
    ranked = sorted(counts.items(), key=lambda item: (-_WEIGHTS[item[0]] * item[1], item[0]))
    return ", ".join(name if n == 1 else f"{name} ×{n}" for name, n in ranked)


def assess_record(record: BillRecord) -> BillRecord:
    """Mark a record AI-relevant or not from its title, abstract and latest text; returns it."""
    text = record.versions[-1].text if record.versions else ""
    relevance = assess(record.title, record.abstract, text)
    record.ai_relevant, record.ai_relevance_reason = relevance.relevant, relevance.reason
    return record
