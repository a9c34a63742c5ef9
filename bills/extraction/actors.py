"""Who bears a duty: the subject of the sentence, mapped to an actor code.

The subject is the clause before the modal ("If a large frontier developer
makes ..., the large frontier developer shall"): the last comma-separated
segment before the modal that mentions an actor, skipping asides such as
"in consultation with the council". Defined terms are matched first (longest
first), then generic words: public bodies (department, office, agency,
council, commission, board, consortium, legislature...) and capitalised or
CamelCase names are ``government_agency``; "attorney general" is its own
actor; "person"/"entity" is resolved from the verbs of the duty ("develop or
deploy" → developer and deployer).
"""

from __future__ import annotations

import re
from functools import lru_cache

_WORD_ACTORS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (code, re.compile(pattern, re.IGNORECASE))
    for code, pattern in (
        ("attorney_general", r"\battorney general\b"),
        ("insurer", r"\b(?:health (?:carrier|plan|insurer)|insurer|insurance (?:carrier|company)|carrier|"
                    r"(?:health care|pharmacy) benefit manager|health maintenance organization)s?\b"),
        ("regulated_professional", r"\bregulated occupations?\b|\blicensed (?:professional|occupation)s?\b"),
        ("health_care_provider", r"\b(?:health care (?:provider|professional|facility)|physician|hospital|"
                                 r"clinician|licensed health|nurse)s?\b"),
        ("employer", r"\bemployers?\b|\bemployment agenc(?:y|ies)\b"),
        ("frontier_developer", r"\b(?:large|frontier) (?:frontier )?developers?\b|\bdevelop\w*\b[^.;:]{0,60}"
                               r"\b(?:frontier|foundation) models?\b"),
        ("deployer", r"\bdeployers?\b"),
        ("developer", r"\bdevelopers?\b"),
        ("provider", r"\b(?:providers?|operators?)\b"),
        ("government_agency", r"\b(?:department|office|agency|agencies|council|commission|board|consortium|(?:sub)?committee|"
                              r"legislature|governor|secretary|commissioner|superintendent|division|"
                              r"governmental (?:entity|agency|unit)|state entity|political subdivision|"
                              r"task force|bureau|authority of the state|comptroller|president|administrator of|"
                              r"the state|unit of local government|public body)\b"),
    )
)  # fmt: skip
_GENERIC_RE = re.compile(
    r"\b(?:person|entity|business|company|corporation|applicant|participant|individual|party|"
    r"licensee|registrant)s?\b",
    re.IGNORECASE,
)
_PROPER_RE = re.compile(r"\b[A-Z][a-z]+[A-Z]\w*|\b(?!AI\b)[A-Z]{2,}\b|\b(?:the|The) [A-Z][a-z]+")
_HEALTH_CONTEXT_RE = re.compile(r"\bhealth care\b|\bpatients?\b|\bmedical\b|\btreatment\b", re.I)
_ASIDE_RE = re.compile(
    r"\s*(?:in consultation|in coordination|including|except|other than|such as|subject to|"
    r"notwithstanding|unless|in addition)\b",
    re.IGNORECASE,
)
# Asides are set off by commas or dashes ("... about individuals — the Director shall").
_SEGMENT_RE = re.compile(r",|\s[—–]\s|\s--\s")
_VERB_CUES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("developer", re.compile(r"\b(?:develop|train|test|build|design|modif|program)\w*", re.I)),
    ("deployer", re.compile(r"\b(?:deploy|deployer)\w*", re.I)),
    (
        "provider",
        re.compile(r"\b(?:distribut|make available|offer|interact|uses? generative)\w*", re.I),
    ),
)
GENERIC = "generic"


def actor_from_words(words: str, context: str = "") -> str | None:
    """The actor a phrase names by its own words, or None."""
    code = _named_actor(words)
    if code == "provider" and _HEALTH_CONTEXT_RE.search(context or words):
        return "health_care_provider"
    return code


@lru_cache(maxsize=4096)  # subjects repeat: "the deployer", "each carrier"
def _named_actor(words: str) -> str | None:
    for code, regex in _WORD_ACTORS:
        if regex.search(words):
            return code
    if _GENERIC_RE.search(words):
        return GENERIC
    return None


class ActorFinder:
    """Finds the actor of a clause, knowing a document's defined actor terms."""

    def __init__(self, terms: dict[str, str | None]) -> None:
        names = sorted((n for n, a in terms.items() if a), key=len, reverse=True)
        self.terms = terms
        self.term_re = (
            re.compile(r"\b(?:" + "|".join(re.escape(n) for n in names) + r")s?\b", re.I)
            if names
            else None
        )

    def mention(self, segment: str, context: str) -> tuple[str, str] | None:
        """(actor code, matched text) for the first actor named in ``segment``."""
        if self.term_re is not None:
            match = self.term_re.search(segment)
            if match:
                name = match.group(0).lower().rstrip("s")
                name = name if name in self.terms else match.group(0).lower()
                actor = self.terms.get(name)
                if actor:
                    return actor, match.group(0)
        code = actor_from_words(segment, context)
        if code is not None:
            return code, segment.strip()
        if _PROPER_RE.search(segment.strip()[1:]) or _PROPER_RE.match(segment.strip()):
            return "government_agency", segment.strip()
        return None

    def subject(self, before_modal: str, context: str) -> tuple[str, str] | None:
        """The actor of the clause whose text before the modal is ``before_modal``.

        The last comma-separated segment that names an actor wins, except that a
        segment naming only "other" or a generic person (a consumer, "an entity
        that uses AI") gives way to an earlier one naming a regulated actor ("a
        deployer ..., or otherwise makes available a system that interacts with
        consumers, shall").
        """
        segments = _SEGMENT_RE.split(before_modal)
        fallback = None
        for segment in reversed(segments):
            if not segment.strip() or _ASIDE_RE.match(segment):
                continue
            found = self.mention(segment, context)
            if found and found[0] not in ("other", GENERIC):
                return found
            fallback = fallback or found
        return fallback

    def codes_in(self, words: str) -> list[str]:
        """Every defined or named actor in a subject ("a deployer or other developer")."""
        codes: list[str] = []
        for part in re.split(r"\s+(?:or|and)\s+(?:an?\s+|other\s+|the\s+)*", words):
            found = self.mention(part, part)
            if found and found[0] not in codes and found[0] not in ("other", GENERIC):
                codes.append(found[0])
        return codes


def actors_from_verbs(text: str) -> list[str]:
    """Actors a generic "person" stands for, read from the verbs of its duty."""
    found = [code for code, regex in _VERB_CUES if regex.search(text)]
    return found or ["other"]
