"""The search box's query language (``bills/search/query.py``): pure parsing, no database."""

import pytest

from bills.search.query import MAX_TERMS, SearchQueryError, Term, parse_query


def words(*terms: str) -> list[Term]:
    return [Term(tuple(t.split())) for t in terms]


def test_plain_words_are_all_required_in_one_group():
    query = parse_query("Frontier  Developer")
    assert len(query.groups) == 1
    assert query.groups[0].include == words("frontier", "developer")
    assert query.groups[0].exclude == []


def test_a_quoted_phrase_is_one_term_in_order():
    query = parse_query('"critical safety incident" report')
    assert query.groups[0].include == words("critical safety incident", "report")
    assert query.groups[0].include[0].fts5() == '"critical safety incident"'
    assert query.groups[0].include[0].websearch() == '"critical safety incident"'


def test_a_leading_minus_excludes_a_word_or_a_phrase():
    query = parse_query('ai -facial -"law enforcement"')
    assert query.groups[0].include == words("ai")
    assert query.groups[0].exclude == words("facial", "law enforcement")


def test_or_splits_the_query_into_alternatives_binding_looser_than_and():
    query = parse_query("employment or hiring decisions")
    assert [g.include for g in query.groups] == [words("employment"), words("hiring", "decisions")]
    assert query.websearch() == "employment or hiring or decisions"
    assert query.fts5() == '"employment" OR "hiring" OR "decisions"'


def test_punctuation_inside_a_word_makes_a_phrase_and_never_reaches_an_engine():
    query = parse_query('SB-53 10^26 "NEAR(a b)" AND* col:x')
    assert query.groups[0].include == words("sb 53", "10 26", "near a b", "col x")  # AND: stop word
    for term in query.positive_terms():
        assert all(w.isalnum() for w in term.words)


def test_an_unclosed_quote_runs_to_the_end_as_a_phrase():
    assert parse_query('"safety incident').groups[0].include == words("safety incident")


def test_stop_words_are_dropped_alone_and_at_the_ends_of_a_phrase_but_kept_inside():
    query = parse_query('the developer "of the bill of rights"')
    assert query.groups[0].include == words("developer", "bill of rights")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Type a word or a phrase to search for."),
        ("   ", "Type a word or a phrase to search for."),
        ("the of and", "The search has only common words (the, of, and); add a more telling one."),
        ("!!! ???", "Type a word or a phrase to search for (letters or digits)."),
        ("-facial", "Say what to look for as well as what to leave out (for example: ai -facial)."),
        (
            "ai or -facial",
            "Say what to look for as well as what to leave out (for example: ai -facial).",
        ),
        ("x" * 501, "The search is too long (at most 500 characters)."),
        (
            " ".join(f"w{i}" for i in range(MAX_TERMS + 1)),
            "The search has too many words (at most 16).",
        ),
    ],
)
def test_a_query_that_cannot_run_says_why(text, message):
    with pytest.raises(SearchQueryError) as error:
        parse_query(text)
    assert str(error.value) == message


def test_a_dangling_or_is_ignored():
    assert parse_query("or safety or").groups[0].include == words("safety")
