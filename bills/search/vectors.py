"""PostgreSQL ``tsvector``s built in Python, equal to what the database computes, at a fraction
of its cost (pure: no Django; the stems come from the database, once per distinct word).

The index's vector of a passage is defined by SQL (``bills.search.indexing.VECTOR_SQL``)::

    to_tsvector('english', regexp_replace(text, '[^[:alnum:]]+', ' ', 'g'))

(weighted 'A' for a bill's details). Run on every passage that costs about
half a CPU-second per MB of text in the server (the regular expression a
third, the parser and the stemmer the rest), far more than storing the text.
But once punctuation is a space, the parser's tokens are just the runs of
letters and digits, and each distinct word always becomes the same lexeme:
so the text is split here (``bytes.translate`` + ``split``, C speed), each
word never seen before is stemmed by the database in one query per batch
(``to_tsvector('english', word)``: the same configuration, dictionary and
stop words), and the vector is written as a ``tsvector`` literal with the
positions ``to_tsvector`` gives (every word counts a position, stop words
too; at most 255 positions per lexeme; positions stop at 16,383).

Only texts where that is exact take this path: ASCII, after mapping a few
common non-ASCII separators (curly quotes, dashes, section sign, no-break
space) to spaces. Any other text (a word with an accent, a letter in another
script) returns ``None`` and the caller computes its vector in SQL, as does
a text with a word the database does not stem to exactly one lexeme at
position 1 (``Lexicon.unusable``), or one over the parser's 2,047 bytes.
tests/test_search_vectors.py compares both ways on PostgreSQL.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable

MAX_POSITION = 16383  # tsvector positions stop here (MAXENTRYPOS - 1)
MAX_POSITIONS = 255  # to_tsvector keeps this many positions of a lexeme
MAX_WORD_BYTES = 2047  # longer words are dropped by the parser (with a notice), not counted

# Non-ASCII characters that neither [[:alnum:]] nor the parser takes for part of a word.
SEPARATORS = "\u00a0\u00a7\u00b6\u00b7\u2002\u2003\u2009\u200a\u200b\u202f\u2010\u2011\u2012\u2013\u2014\u2015\u2018\u2019\u201c\u201d\u2022\u2026"
_SEPARATOR_MAP = {ord(c): " " for c in SEPARATORS}
# Letters and digits stay (upper case lowered, as the dictionaries do), everything else is a space.
_ASCII_WORDS = bytearray(b" " * 256)
for _c in b"0123456789abcdefghijklmnopqrstuvwxyz":
    _ASCII_WORDS[_c] = _c
for _c in b"ABCDEFGHIJKLMNOPQRSTUVWXYZ":
    _ASCII_WORDS[_c] = _c + 32
_ASCII_WORDS = bytes(_ASCII_WORDS)

Tokens = list[bytes]


def tokens(text: str) -> Tokens | None:
    """The words of ``text`` as the index's parser sees them, lower-cased; None if not exact."""
    if not text.isascii():
        text = text.translate(_SEPARATOR_MAP)
        if not text.isascii():
            return None
    words = text.encode("ascii").translate(_ASCII_WORDS).split()
    if words and max(map(len, words)) > MAX_WORD_BYTES:
        return None
    return words


class Lexicon:
    """Word → lexeme, learned from the database a batch at a time, kept as the lexeme's
    ``'lexeme':`` prefix in a ``tsvector`` literal ("" for a stop word).

    ``stem`` is given the new words and returns, per word, the list of
    (lexeme, positions) ``to_tsvector('english', word)`` gives: a usable word
    has one lexeme at position 1, or none (a stop word). Kept per process
    (words are few: a bill's vocabulary is mostly the last bill's) and
    bounded: forgotten when it grows past ``limit`` words.
    """

    def __init__(self, limit: int = 500_000) -> None:
        self.prefixes: dict[bytes, str] = {}
        self.unusable: set[bytes] = set()
        self.limit = limit

    def learn(
        self,
        words: Iterable[bytes],
        stem: Callable[[list[str]], dict[str, list[tuple[str, list[int]]]]],
    ) -> None:
        new = {w for w in words if w not in self.prefixes and w not in self.unusable}
        if not new:
            return
        if len(self.prefixes) + len(new) > self.limit:
            self.prefixes.clear()
            self.unusable.clear()
        found = stem(sorted(w.decode("ascii") for w in new))
        for word in new:
            entries = found.get(word.decode("ascii"), [])
            if not entries:
                self.prefixes[word] = ""
            elif len(entries) == 1 and list(entries[0][1]) == [1]:
                self.prefixes[word] = f"'{_quoted(entries[0][0])}':"
            else:
                self.unusable.add(word)

    def literal(self, words: Tokens, weight: str = "") -> str | None:
        """The ``tsvector`` of these words as its text form; None where SQL must say.

        ``weight`` is "" (D, the default, written without a letter) or "A".
        """
        if len(words) > MAX_POSITION:
            return None  # positions would be clamped: rare (a passage is 3,000 words at most)
        try:
            prefixes = list(map(self.prefixes.__getitem__, words))
        except KeyError:
            return None  # a word the lexicon could not learn (unusable)
        # Positions of each lexeme, in order; C-level loop (map/append), no Python per word.
        positions: dict[str, list[int]] = defaultdict(list)
        any(map(list.append, map(positions.__getitem__, prefixes), range(1, len(words) + 1)))
        positions.pop("", None)  # stop words: they count a position but are not kept
        names = _POSITIONS_A if weight == "A" else _POSITIONS
        return " ".join(
            [
                prefix + ",".join(map(names.__getitem__, found[:MAX_POSITIONS]))
                for prefix, found in positions.items()
            ]
        )


_POSITIONS = [str(p) for p in range(MAX_POSITION + 1)]
_POSITIONS_A = [f"{p}A" for p in range(MAX_POSITION + 1)]


def _quoted(lexeme: str) -> str:
    return lexeme.replace("\\", "\\\\").replace("'", "''")
