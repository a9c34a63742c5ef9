"""The extractor's output record."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass
class ExtractedObligation:
    """One obligation: who must do what, where the text says so, and its typed attributes.

    ``start``/``end`` are offsets into the text the extractor saw (for a file:
    the cleaned text ``extract_file`` returns) and ``text == source[start:end]``.
    ``category`` and ``actor`` are codes of ``bills.vocabulary.taxonomy``;
    ``actor_text`` is the subject as written; ``section`` a citation such as
    "22757.12(a)" or "552.104(b)"; ``confidence`` is in 0..1.

    Why it was extracted: ``rule_id`` names the rule that fired (a stable id
    of ``bills.extraction.rules``), ``trigger_start``/``trigger_end`` are the
    offsets of the words that fired it, ``relevance`` says why its section
    counts as AI law, and ``needs_review`` is set when the calibrated
    confidence is under the review threshold.
    """

    category: str
    actor: str
    actor_text: str
    section: str
    start: int
    end: int
    text: str
    attributes: dict[str, object] = field(default_factory=dict)
    confidence: float = 0.5
    rule_id: str = ""
    trigger_start: int | None = None
    trigger_end: int | None = None
    relevance: str = ""
    needs_review: bool = False

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready dict with every field."""
        return asdict(self)
