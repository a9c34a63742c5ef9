"""The rule audit: every alternative of every extraction rule matches real law, or says why not.

``bench.rule_audit`` runs each top-level alternative of each regex in
``bills/extraction/rules.py`` over every sentence of the law texts in
``../shared/corpus``. An alternative that matches at most one sentence was
written for that sentence; it may stay only when ``bench/rule_audit_listed.py``
lists it with a reason and two realistic sentences, checked here.
"""

from __future__ import annotations

import pytest

from bench.rule_audit import (
    audit,
    corpus_documents,
    document_sentences,
    rule_alternatives,
    split_alternatives,
)
from bench.rule_audit_listed import LISTED

ALTERNATIVES = {(alt.rule, alt.source): alt for alt in rule_alternatives() if not alt.guard}


def _fires(key: tuple[str, str], text: str) -> bool:
    return any(ALTERNATIVES[key].matches(sentence) for sentence in document_sentences(text))


def test_alternatives_are_split_at_top_level_bars_only():
    pattern = r"a|b(?:c|d)|[|(]e|\(f|\|g"
    assert split_alternatives(pattern) == ["a", "b(?:c|d)", "[|(]e", r"\(f", r"\|g"]


def test_a_whole_group_of_alternatives_is_split_inside():
    assert split_alternatives(r"x|(?:y|z)|(?:u|v)w") == ["x", "y", "z", "(?:u|v)w"]


def test_an_alternative_runs_only_on_sentences_its_rule_admits():
    key = ("opt_out.opt_out", r"opt[- ]out")
    assert _fires(key, "A controller shall allow a consumer to opt out of profiling.")
    assert not _fires(key, "A controller shall allow a consumer to choose a plan.")


def test_an_anchored_alternative_runs_at_the_start_of_the_clause_after_a_modal():
    key = (
        "testing.test_or_evaluate",
        r"^\s*(?:\w+ly )?review\b[^.;]{0,40}\b(?:deployment|performance|outputs?) of\b",
    )
    assert _fires(key, "A deployer shall review the performance of the system each year.")
    assert not _fires(
        key, "Each year the performance of the system is what a deployer shall review."
    )


def test_every_listed_alternative_is_an_alternative_of_the_rules():
    assert set(LISTED) - set(ALTERNATIVES) == set()


@pytest.mark.parametrize("key", sorted(LISTED), ids=lambda key: f"{key[0]}:{key[1][:30]}")
def test_a_listed_alternative_fires_on_a_sentence_of_another_shape(key):
    assert _fires(key, LISTED[key].positive)


@pytest.mark.parametrize("key", sorted(LISTED), ids=lambda key: f"{key[0]}:{key[1][:30]}")
def test_a_listed_alternative_is_silent_on_its_counter_sentence(key):
    assert not _fires(key, LISTED[key].negative)


@pytest.fixture(scope="module")
def audit_rows(corpus_dir):
    return audit(corpus_documents(corpus_dir), rule_alternatives())


def test_every_alternative_matches_more_than_one_sentence_of_the_corpus_or_is_listed(audit_rows):
    unlisted = [
        f"{row.alternative.rule}: {row.alternative.source} ({row.sentences} sentence)"
        for row in audit_rows
        if row.rare and not row.listed
    ]
    assert unlisted == []


def test_a_listed_alternative_is_still_rare(audit_rows):
    common = [
        f"{row.alternative.rule}: {row.alternative.source} ({row.sentences} sentences)"
        for row in audit_rows
        if row.listed and not row.rare
    ]
    assert common == []  # the corpus now shows it general: take it off the list
