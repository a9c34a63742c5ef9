"""Search finds the same bills on both engines: the corpus's real texts, each query checked
against an independent reading of the files.

This module runs in both passes of CI (SQLite FTS5, then PostgreSQL), and
in each the engine must give exactly the set that a plain regular-expression
reading of the texts gives; so the two engines agree with each other. The
patterns mirror stemming ("incident" also finds "incidents") the way both
engines' English stemmers do for these words.
"""

from __future__ import annotations

import re

import pytest

from bills.search import index_bills, search_bills
from tests.factories import make_bill, make_version

pytestmark = [pytest.mark.django_db, pytest.mark.corpus]

QUERIES = {
    '"critical safety incident"': ([r"critical\W+safety\W+incident"], []),
    "whistleblower -california": ([r"\bwhistleblow"], [r"\bcalifornia\b"]),
    '"House Bill 5551"': ([r"house\W+bill\W+5551\b"], []),  # only near the end of a 1.4 MB act
    "algorithmic discrimination": (
        [r"\balgorithm", r"\bdiscriminat(e|es|ed|ing|ion|ions)\b"],
        [],
    ),
}
OR_QUERY = '"frontier model" or "intimate image"'
OR_PATTERNS = [r"frontier\W+model", r"intimate\W+images?\b"]  # "imagery" is another stem


@pytest.fixture
def corpus_bills(corpus_dir):
    """One bill per plain-text corpus file, its text as one version, indexed."""
    files = sorted(p for p in (corpus_dir / "bill_texts").iterdir() if p.suffix in {".txt", ".md"})
    texts = {}
    for number, path in enumerate(files, start=1):
        bill = make_bill("US-NY", f"S {number}", title=f"Corpus file {number}")
        make_version(bill, "Text", path.read_text(encoding="utf-8", errors="replace"))
        texts[bill.pk] = (path.name, path.read_text(encoding="utf-8", errors="replace").lower())
    index_bills(texts)
    return texts


def _expected(texts, wanted: list[str], unwanted: list[str]) -> set[str]:
    return {
        name
        for name, text in texts.values()
        if all(re.search(p, text) for p in wanted) and not any(re.search(p, text) for p in unwanted)
    }


@pytest.mark.parametrize("query", list(QUERIES))
def test_each_engine_finds_exactly_the_files_that_say_it(corpus_bills, query):
    wanted, unwanted = QUERIES[query]
    expected = _expected(corpus_bills, wanted, unwanted)
    found = {corpus_bills[pk][0] for pk in search_bills(query).values_list("pk", flat=True)}
    assert expected, "the query must match some corpus file, or the test proves nothing"
    assert len(expected) < len(corpus_bills)
    assert found == expected


def test_or_finds_the_files_that_say_either_side(corpus_bills):
    expected = set()
    for pattern in OR_PATTERNS:
        expected |= _expected(corpus_bills, [pattern], [])
    found = {corpus_bills[pk][0] for pk in search_bills(OR_QUERY).values_list("pk", flat=True)}
    assert found == expected
    assert expected - _expected(corpus_bills, [OR_PATTERNS[0]], [])  # the "or" added files


def test_the_same_five_laws_say_critical_safety_incident_on_every_engine(corpus_bills):
    found = {
        corpus_bills[pk][0]
        for pk in search_bills('"critical safety incident"').values_list("pk", flat=True)
    }
    assert found == {
        "CA_SB53_2025_TFAIA_chaptered_ch138.txt",
        "IL_HB2949_104th_PA104-0466_FY2027_Budget_Implementation_Act.txt",  # amends SB 315
        "IL_SB0315_104th_PA104-0538_AI_Safety_Measures_Act_enrolled.txt",
        "NY_S6953A_2025_RAISE_Act_print_A.txt",
        "NY_S8828_2025-26_RAISE_Act_chapter96_of_2026.txt",
    }
