"""Defined terms: which actor a term names and which thresholds its definition sets.

A definition is a quoted term followed by "means" ('"Large frontier developer"
means a frontier developer that ... annual gross revenues in excess of five
hundred million dollars ($500,000,000)'). Its text runs to the next
definition. A term names an actor when the term itself contains an actor
word ("deployer", "developer", "provider", "employer") or when its
definition starts with a person, entity or public body ("a person whose
application ... may test an artificial intelligence system" → developer;
"the Texas Department of Information Resources" → government_agency).

Thresholds are inherited through the definitions: "frontier developer" is
defined by reference to "frontier model", which is defined with 10^26
operations, so obligations of a frontier developer carry that threshold. A
developer term with a compute or cost threshold is a ``frontier_developer``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .actors import GENERIC, actor_from_words
from .attributes import parse_thresholds

_DEFINITION_RE = re.compile(
    r"[\"“]([A-Za-z][A-Za-z0-9 '’\-]{0,60})[\"”](?:\s+or\s+[\"“][^\"”]{1,40}[\"”])?"
    r"\s*(?:,[^,]{0,40},\s*)?(means|has the meaning|shall mean|refers to)\b"
)
_PERSON_START_RE = re.compile(
    r"\s*(?:an?|any|the|each)?\s*(?:natural\s+)?(?:person|individual|entity|business|corporation|"
    r"company|organization|partnership|developer|deployer|provider|operator|employer|"
    r"frontier developer|large developer)\b",
    re.IGNORECASE,
)
_MAX_DEFINITION = 2500


@dataclass
class Term:
    """A defined term: its actor code (None when it names no actor) and its thresholds."""

    name: str
    actor: str | None
    thresholds: dict[str, float | int] = field(default_factory=dict)
    mentions: list[str] = field(default_factory=list)
    body: str = ""


def _definitions(text: str) -> list[tuple[str, str, str]]:
    found = list(_DEFINITION_RE.finditer(text))
    result: list[tuple[str, str, str]] = []
    for number, match in enumerate(found):
        end = found[number + 1].start() if number + 1 < len(found) else len(text)
        body = text[match.end() : min(end, match.end() + _MAX_DEFINITION)]
        line_end = body.find("\n")
        if line_end > 0 and not body[:line_end].rstrip().endswith(":"):
            body = body[:line_end]
        result.append((match.group(1).strip().lower(), match.group(2), body))
    return result


def _actor_of(name: str, body: str) -> str | None:
    by_name = actor_from_words(name, body)
    if by_name == GENERIC:
        return None  # "person" means anyone: who bears a duty is read from the duty's verbs
    if by_name is not None:
        return by_name
    if _PERSON_START_RE.match(body):
        from .actors import actors_from_verbs

        found = actor_from_words(body[:300], body)
        if found in (None, GENERIC):
            return actors_from_verbs(body[:300])[0]
        return found
    start = body[:200]
    public = actor_from_words(start.split(",")[0], start)
    return public if public in ("government_agency", "attorney_general") else None


def read_definitions(text: str) -> dict[str, Term]:
    """Every defined term of ``text`` (first definition wins), with actor and thresholds."""
    terms: dict[str, Term] = {}
    for name, verb, body in _definitions(text):
        if name in terms or verb == "has the meaning":
            continue
        terms[name] = Term(name, _actor_of(name, body), parse_thresholds(body), body=body.lower())
    for term in terms.values():
        term.mentions = [n for n in terms if n != term.name and n in term.body]
    for term in terms.values():
        term.thresholds = _inherited(term, terms, set())
        if term.actor == "developer" and (
            "compute_threshold_flop" in term.thresholds or "cost_threshold_usd" in term.thresholds
        ):
            term.actor = "frontier_developer"
    return terms


def _inherited(term: Term, terms: dict[str, Term], seen: set[str]) -> dict[str, float | int]:
    seen.add(term.name)
    merged: dict[str, float | int] = {}
    for other in term.mentions:
        if other not in seen and terms[other].name != term.name:
            for key, value in _inherited(terms[other], terms, seen).items():
                merged.setdefault(key, value)
    merged.update(term.thresholds)
    return merged
