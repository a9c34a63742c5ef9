"""The search box's query language, parsed once for both engines.

The syntax is PostgreSQL's ``websearch_to_tsquery``: words are ANDed,
``"a quoted phrase"`` matches the words in order, ``-word`` or
``-"a phrase"`` excludes, and ``or`` between two parts offers either.
``or`` binds looser than the implicit AND, as in PostgreSQL.

We parse it ourselves instead of handing the raw string to each engine for
two reasons: SQLite FTS5 has its own grammar in which user text can be a
syntax error (so the raw string is never passed to ``MATCH``), and a bill
matches at bill level — ``-word`` excludes a bill that says the word
anywhere, not only the passage — which needs the terms one by one.
Every term we hand an engine is made only of word characters, so nothing a
user types can reach either engine's grammar.

English stop words are dropped as PostgreSQL's ``english`` configuration
drops them, so both engines see the same terms.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

MAX_QUERY_LENGTH = 500
MAX_TERMS = 16

# PostgreSQL's english.stop (tsearch_data), the words its english configuration ignores.
STOP_WORDS = frozenset(
    """i me my myself we our ours ourselves you your yours yourself yourselves he him his himself
    she her hers herself it its itself they them their theirs themselves what which who whom this
    that these those am is are was were be been being have has had having do does did doing a an
    the and but if or because as until while of at by for with about against between into through
    during before after above below to from up down in out on off over under again further then
    once here there when where why how all any both each few more most other some such no nor not
    only own same so than too very s t can will just don should now""".split()
)

_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')
_WORD = re.compile(r"[^\W_]+")  # letters and digits: where both engines split words


class SearchQueryError(ValueError):
    """A query the search box cannot run; the message is written for the person who typed it."""


@dataclass(frozen=True)
class Term:
    """A word or a phrase (several words in order), lower-cased, made of word characters only."""

    words: tuple[str, ...]

    @property
    def is_phrase(self) -> bool:
        return len(self.words) > 1

    def websearch(self) -> str:
        """The term in websearch_to_tsquery syntax (a phrase in quotes)."""
        text = " ".join(self.words)
        return f'"{text}"' if self.is_phrase else text

    def fts5(self) -> str:
        """The term as an FTS5 string (a phrase when it has several words); never an operator."""
        return '"' + " ".join(self.words) + '"'


@dataclass
class Group:
    """Terms that must all match (``include``) and terms that must not (``exclude``)."""

    include: list[Term] = field(default_factory=list)
    exclude: list[Term] = field(default_factory=list)


@dataclass
class Query:
    """Alternatives (``or``) of groups; a bill matches when it matches one group."""

    text: str
    groups: list[Group]

    def positive_terms(self) -> list[Term]:
        return [term for group in self.groups for term in group.include]

    def websearch(self) -> str:
        """All wanted terms, any of them: what ranking and snippets look for."""
        return " or ".join(term.websearch() for term in self.positive_terms())

    def fts5(self) -> str:
        return " OR ".join(term.fts5() for term in self.positive_terms())


def parse_query(text: str) -> Query:
    """Parse the search box's text; raises SearchQueryError with a message for the user."""
    text = (text or "").strip()
    if not text:
        raise SearchQueryError("Type a word or a phrase to search for.")
    if len(text) > MAX_QUERY_LENGTH:
        raise SearchQueryError(f"The search is too long (at most {MAX_QUERY_LENGTH} characters).")
    groups = [Group()]
    dropped: list[str] = []
    for match in _TOKEN.finditer(text):
        negated, phrase, bare = match.group(1), match.group(2), match.group(3)
        if bare is not None and bare.lower() == "or":
            if groups[-1].include or groups[-1].exclude:
                groups.append(Group())
            continue
        if bare is not None and bare.startswith("-") and len(bare) > 1:
            negated, bare = "-", bare[1:]
        term = _term(phrase if phrase is not None else bare, dropped)
        if term is None:
            continue
        (groups[-1].exclude if negated else groups[-1].include).append(term)
    return _checked(Query(text, [g for g in groups if g.include or g.exclude]), dropped)


def _term(raw: str, dropped: list[str]) -> Term | None:
    words = tuple(w.lower() for w in _WORD.findall(raw))
    if len(words) == 1 and words[0] in STOP_WORDS:
        dropped.append(words[0])
        return None
    if len(words) > 1:
        # A phrase keeps its inner stop words (they hold the words' order) but not its ends.
        while words and words[0] in STOP_WORDS:
            words = words[1:]
        while words and words[-1] in STOP_WORDS:
            words = words[:-1]
    return Term(words) if words else None


def _checked(query: Query, dropped: list[str]) -> Query:
    terms = sum(len(g.include) + len(g.exclude) for g in query.groups)
    if terms > MAX_TERMS:
        raise SearchQueryError(f"The search has too many words (at most {MAX_TERMS}).")
    if not query.groups and dropped:
        raise SearchQueryError(
            "The search has only common words (" + ", ".join(dropped) + "); add a more telling one."
        )
    if not query.groups:
        raise SearchQueryError("Type a word or a phrase to search for (letters or digits).")
    for group in query.groups:
        if not group.include:
            raise SearchQueryError(
                "Say what to look for as well as what to leave out (for example: ai -facial)."
            )
    return query
