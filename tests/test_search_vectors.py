"""Search vectors built in Python (``bills/search/vectors.py``) equal the database's own.

The pure part (how a text is split) runs everywhere; the comparison with
``VECTOR_SQL`` (``to_tsvector`` of the text with punctuation as spaces) needs
PostgreSQL and runs in CI's second pass.
"""

from __future__ import annotations

import pytest
from django.db import connection

from bills.search.indexing import VECTOR_EXPRESSION, passage_vectors
from bills.search.passages import DETAILS, TEXT
from bills.search.vectors import MAX_POSITIONS, Lexicon, tokens

TEXTS = [
    "SIGNED CHAP.699 — effective 1/1/2026; see § 22757.12(b)(1) and https://example.org/a_b.",
    "The Operator's duties: (i) report a critical safety incident within 72 hours; "
    "(ii) publish the report.\n\nSection 2. Definitions. “Developer” means a person.",
    "ABC123 x1e5 1.5e3 0x1F self-driving e-mail jane.doe@example.com v2.0.1 10^26 $1,000,000",
    "the of and a an",  # stop words only: an empty vector, positions still counted
    " ".join(["fish"] * 300 + ["end"]),  # more positions than a lexeme keeps
    "",
]


def test_words_split_where_punctuation_is_and_are_lowered():
    assert tokens("CHAP.699 Hello, World’s — x_y §5") == [
        b"chap", b"699", b"hello", b"world", b"s", b"x", b"y", b"5"
    ]  # fmt: skip


def test_a_text_with_letters_outside_ascii_is_left_to_the_database():
    assert tokens("Café owners") is None
    assert tokens("“Quoted” – dashed … § 5") is not None  # separators only


def test_a_literal_keeps_positions_weights_and_drops_stop_words():
    lexicon = Lexicon()
    lexicon.learn(
        [b"the", b"fish", b"fishes", b"swim"],
        lambda words: {"fish": [("fish", [1])], "fishes": [("fish", [1])], "swim": [("swim", [1])]},
    )
    assert lexicon.literal([b"the", b"fish", b"swim", b"fishes"]) == "'fish':2,4 'swim':3"
    assert lexicon.literal([b"fish"], "A") == "'fish':1A"
    assert lexicon.literal([b"fish"] * 300).count(",") == MAX_POSITIONS - 1
    assert lexicon.literal([b"unknown"]) is None


def test_a_word_the_database_splits_is_not_used():
    lexicon = Lexicon()
    lexicon.learn([b"odd"], lambda words: {"odd": [("od", [1]), ("d", [2])]})
    assert lexicon.literal([b"odd"]) is None


@pytest.mark.django_db
@pytest.mark.parametrize("kind", [DETAILS, TEXT])
def test_python_vectors_equal_the_databases(postgres_db, kind):
    texts = TEXTS + ["Café owners and naïve drivers", "word " * 20000]
    built = passage_vectors([(kind, text) for text in texts])
    assert built[-2] is None  # non-ASCII letters: SQL computes it
    assert built[-1] is None  # over 16,383 positions: SQL computes it
    assert all(vector is not None for vector in built[:-2])
    sql = VECTOR_EXPRESSION.format(text="%s", kind="%s")
    with connection.cursor() as cursor:
        for text, vector in zip(texts[:-2], built[:-2], strict=True):
            cursor.execute(
                f"SELECT %s::tsvector = {sql}, ({sql})::text",
                [vector, text, kind, DETAILS, text, kind, DETAILS],
            )
            same, expected = cursor.fetchone()
            assert same, (text[:60], vector[:200], expected[:200])
