"""The ``query`` filter of a subscription: which bills a saved search matches.

ISOLATED ON PURPOSE: until the full-text search of ``bills/search/`` lands
(issue 19), this reads the same web-search syntax ("quoted phrase", -exclude,
``or``) against a bill's title, popular name and abstract only. When the
search module lands, ``bills_matching`` becomes a call to its query function
and nothing else in digests changes.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Iterable

_OR = "or"


def parse(query: str) -> list[list[tuple[bool, str]]]:
    """``a "b c" -d or e`` as alternatives of (wanted, term) lists: [[(T,a),(T,b c),(F,d)],[(T,e)]]."""
    try:
        words = shlex.split(query)
    except ValueError:  # an unbalanced quote: read the words as they are
        words = query.replace('"', " ").split()
    groups: list[list[tuple[bool, str]]] = [[]]
    for word in words:
        if word.lower() == _OR:
            groups.append([])
        elif word.startswith("-") and len(word) > 1:
            groups[-1].append((False, word[1:].lower()))
        else:
            groups[-1].append((True, word.lower()))
    return [g for g in groups if g]


def text_matches(query: str, text: str) -> bool:
    """True when any ``or`` alternative has all its wanted terms and none of its excluded ones."""
    groups = parse(query)
    if not groups:
        return True
    haystack = " ".join(text.lower().split())
    return any(all(_contains(haystack, term) == wanted for wanted, term in g) for g in groups)


def bills_matching(query: str, bills: Iterable) -> set[int]:
    """Ids of the bills (objects with id, title, popular_name, abstract) that the query matches."""
    return {
        bill.id
        for bill in bills
        if text_matches(query, " ".join((bill.title, bill.popular_name, bill.abstract)))
    }


def _contains(haystack: str, term: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(term)}(?!\w)", haystack) is not None
