"""Obligation extraction: find the duties, prohibitions and enforcement provisions of a legal text.

Public API::

    extract(text) -> list[ExtractedObligation]
    extract_file(path) -> (text, list[ExtractedObligation])

The method is rule-based and generic (no rule names a bill or a state):

1. ``structure`` splits the text into sections and labelled paragraphs;
2. ``sentences`` cuts paragraphs into sentences and folds a list into the
   sentence that introduces it;
3. ``definitions`` reads the defined terms, so "large frontier developer"
   maps to an actor and carries the thresholds its definition sets;
4. ``classify`` (with ``rules`` and ``actors``) decides category and actor;
5. ``attributes`` and ``recipients`` parse the typed values;
6. ``pipeline`` applies the labelling conventions and assembles the records;
   ``amendments`` marks host-law sections an amending bill reprints, of which
   only the sentences about AI count.
"""

from __future__ import annotations

from pathlib import Path

from .loading import load_text
from .model import ExtractedObligation
from .pipeline import extract_obligations

__all__ = ["ExtractedObligation", "extract", "extract_file"]


def extract(text: str, ai_only: bool = True, calibrated: bool = True) -> list[ExtractedObligation]:
    """Every obligation about AI stated in ``text``; offsets refer to ``text``.

    ``ai_only=False`` reads every duty whatever its subject (for testing a rule
    on a snippet that does not itself speak of AI); ``calibrated=False`` keeps
    the rules' own confidence (what ``bench/calibrate_confidence.py`` measures).
    """
    return extract_obligations(text, ai_only, calibrated)


def extract_file(
    path: str | Path, ai_only: bool = True, calibrated: bool = True
) -> tuple[str, list[ExtractedObligation]]:
    """Read ``path`` (text, HTML, PDF or Federal Register JSON) and extract from its text."""
    text = load_text(path)
    return text, extract_obligations(text, ai_only, calibrated)
