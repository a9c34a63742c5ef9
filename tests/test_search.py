"""Full-text search (``bills/search/``) on the database in use: indexing and matching.

Runs on SQLite FTS5 in CI's first pass and on PostgreSQL in the second.
"""

from __future__ import annotations

from datetime import date

import pytest

from bills.ingest import ingest_record
from bills.models import Bill, SearchPassage
from bills.search import SearchQueryError, attach_snippets, index_bills, search_bills
from bills.search.passages import PASSAGE_WORDS
from scrapers.records import ActionRecord, VersionRecord
from tests.factories import make_bill, make_version
from tests.record_factory import make_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def ingest(django_capture_on_commit_callbacks, no_extraction):
    """``ingest_record`` and what the job layer does after its commit (indexing, eagerly)."""

    def run(record):
        with django_capture_on_commit_callbacks(execute=True):
            return ingest_record(record)

    return run


def found(query: str) -> list[str]:
    return list(search_bills(query).values_list("identifier", flat=True))


def version(label: str, text: str) -> VersionRecord:
    return VersionRecord(
        label, date(2025, 3, 27), "https://example.org/" + label, "text/plain", text
    )


def test_ingest_indexes_title_actions_and_every_version(ingest):
    ingest(
        make_record(
            versions=[version("A", "A critical safety incident."), version("B", "Whistleblowers.")]
        )
    )
    assert found("RAISE") == ["S 6953"]
    assert found("referred technology") == ["S 6953"]
    assert found('"critical safety incidents"') == ["S 6953"]
    assert found("whistleblower") == ["S 6953"]
    assert found("deepfake") == []


def test_a_new_action_reindexes_only_the_details_passage(ingest):
    ingest(make_record(versions=[version("A", "Model weights.")]))
    text_passage = SearchPassage.objects.get(kind="text")
    actions = make_record().actions + [ActionRecord(date(2025, 12, 19), "SIGNED CHAP.699", "")]
    ingest(make_record(actions=actions, versions=[version("A", "Model weights.")]))
    assert SearchPassage.objects.get(kind="text").pk == text_passage.pk
    assert found("chap 699") == ["S 6953"]
    assert SearchPassage.objects.count() == 2


def test_a_changed_text_replaces_its_passages(ingest):
    ingest(make_record(versions=[version("A", "Model weights.")]))
    ingest(make_record(versions=[version("A", "Compute thresholds.")]))
    assert found("weights") == []
    assert found("threshold") == ["S 6953"]


def test_an_excluded_word_anywhere_in_a_bill_excludes_the_bill():
    long_text = " ".join(["frontier"] * PASSAGE_WORDS + ["filler"] * PASSAGE_WORDS + ["biometric"])
    with_word = make_bill(identifier="S 1")
    make_version(with_word, text=long_text)
    without = make_bill(identifier="S 2")
    make_version(without, text="frontier developers")
    index_bills([with_word.pk, without.pk])
    assert SearchPassage.objects.filter(bill=with_word, kind="text").count() == 3
    assert found("frontier -biometric") == ["S 2"]
    assert sorted(found("frontier biometric or developers")) == ["S 1", "S 2"]


def test_words_in_one_passage_and_the_title_both_count():
    bill = make_bill(identifier="S 3", title="Chatbot safety")
    make_version(bill, text="Operators shall disclose.")
    index_bills([bill.pk])
    assert found("chatbot disclose") == ["S 3"]


def test_a_title_match_ranks_above_a_passing_mention_in_the_text():
    mention = make_bill(identifier="S 4", title="Budget")
    make_version(mention, text="… also the chatbot provisions of another act …")
    titled = make_bill(identifier="S 5", title="Companion chatbot safeguards")
    make_version(titled, text="Operators shall disclose.")
    index_bills([mention.pk, titled.pk])
    assert found("chatbot") == ["S 5", "S 4"]


def test_snippets_mark_the_match_and_escape_the_text():
    bill = make_bill(identifier="S 6")
    make_version(bill, "Enrolled", "A critical safety incident <script>x</script> & occurs.")
    index_bills([bill.pk])
    [hit] = attach_snippets('"critical safety incident"', list(search_bills('"safety incident"')))
    assert hit.snippet.label == "Enrolled"
    assert "<mark>" in hit.snippet.html and "<script" not in hit.snippet.html
    assert "&amp;" in hit.snippet.html  # escaped (PostgreSQL's headline drops tags itself)
    assert "critical" in hit.snippet.html.replace("<mark>", "").replace("</mark>", "")


def test_a_phrase_snippet_shows_the_phrase_even_when_its_words_come_earlier_alone():
    bill = make_bill(identifier="S 9")
    filler = " ".join(f"clause{n} applies." for n in range(400))  # far past a snippet's window
    make_version(bill, "Enrolled", f"Safety first. Incident logs. {filler} A critical safety "
                 "incident shall be reported.")  # fmt: skip
    index_bills([bill.pk])
    [hit] = attach_snippets('"critical safety incident"', list(search_bills('"critical safety"')))
    assert "<mark>critical safety incident</mark>" in hit.snippet.html.lower()


def test_search_narrows_a_given_queryset():
    ny, ca = make_bill("US-NY", "S 7"), make_bill("US-CA", "SB 8")
    for bill in (ny, ca):
        make_version(bill, text="frontier developer")
    index_bills([ny.pk, ca.pk])
    assert list(search_bills("frontier", Bill.objects.filter(jurisdiction__code="US-CA"))) == [ca]


def test_index_bills_works_in_bulk_and_is_idempotent():
    bills = [make_bill(identifier=f"HB {n}", title=f"Act number {n}") for n in range(1, 6)]
    SearchPassage.objects.all().delete()  # as after a bulk load that bypassed ingest
    assert found("act") == []
    assert index_bills(b.pk for b in bills) == 5
    assert index_bills(b.pk for b in bills) == 0
    assert len(found("act")) == 5


def test_a_query_that_cannot_run_raises_a_search_error_not_a_database_error():
    with pytest.raises(SearchQueryError):
        search_bills("-only -exclusions")


@pytest.mark.parametrize("fetch_all", [True, False], ids=["few matches", "many matches"])
def test_pages_past_the_ranked_candidates_hold_every_match_once_title_matches_first(
    monkeypatch, fetch_all
):
    """On PostgreSQL a page is taken from a bounded candidate set (bills.search.engine):
    with fewer candidates than matches, the pages still hold every match exactly once,
    the bills whose title says the word first, the rest newest first."""
    from datetime import timedelta

    from bills.search import engine

    monkeypatch.setattr(engine, "CANDIDATES", 3)
    monkeypatch.setattr(engine, "few", lambda matches, bills: fetch_all)
    titled = {"S 101", "S 106"}
    for n in range(8):
        identifier = f"S {100 + n}"
        bill = make_bill(
            identifier=identifier,
            title="Broadband maps" if identifier in titled else "Budget",
            latest_action_date=date(2025, 1, 1) + timedelta(days=n),
        )
        make_version(bill, text="Grants for broadband. " * (n + 1))
    make_version(make_bill(identifier="S 200", title="Other"), text="Roads.")
    found = search_bills("broadband", Bill.objects.all())
    assert found.count() == 8
    pages = [list(found[start : start + 3]) for start in (0, 3, 6)]
    shown = [bill.identifier for page in pages for bill in page]
    assert sorted(shown) == sorted(f"S {100 + n}" for n in range(8))
    assert set(shown[:2]) == titled
    rest = [bill for page in pages for bill in page][2:]
    assert all(bill.search_rank is not None for bill in rest)
    assert list(found[8:11]) == []
    narrowed = search_bills("broadband -maps", Bill.objects.filter(identifier__lt="S 105"))
    assert sorted(b.identifier for b in narrowed[0:10]) == ["S 100", "S 102", "S 103", "S 104"]
    assert narrowed.count() == 4


@pytest.mark.parametrize("by_bill", [True, False], ids=["terms by bill", "terms by index"])
def test_the_few_matches_path_finds_what_the_plain_query_finds(monkeypatch, by_bill):
    """``SearchResults``' few-matches path evaluates each term once (``matching_bills``),
    asking the later terms either by the bills still in the running or by the term's own
    index entries; both must find exactly the bills the plain SQL condition finds."""
    from django.db import connection

    from bills.search import engine, engines

    if connection.vendor != "postgresql":
        pytest.skip("the bounded, few-matches path is PostgreSQL's (SQLite ranks every match)")
    monkeypatch.setattr(engine, "few", lambda matches, bills: True)
    monkeypatch.setattr(engines, "VECTOR_READ", 0 if by_bill else 10**9)
    texts = {
        "S 1": "A frontier developer shall report a critical safety incident.",
        "S 2": "A frontier model; the developer files a report.",
        "S 3": "The developer of a chatbot shall disclose it.",
        "S 4": "Critical infrastructure safety; an incident report.",
        "S 5": "Frontier developer duties. " + "filler " * PASSAGE_WORDS + "chatbot",
        "S 6": "Broadband maps.",
    }
    for identifier, text in texts.items():
        make_version(make_bill(identifier=identifier, title="Budget"), text=text)
    index_bills(list(Bill.objects.values_list("pk", flat=True)))
    for query in (
        "frontier developer",
        "developer -chatbot",
        '"critical safety incident"',
        '"critical safety incident" or chatbot',
        "frontier -report -chatbot",
        "broadband developer",
    ):
        plain = sorted(bill.identifier for bill in search_bills(query))  # the SQL condition
        bounded = search_bills(query)
        assert sorted(bill.identifier for bill in bounded[0:50]) == plain, query
        assert search_bills(query).count() == len(plain), query
    assert sorted(found("developer -chatbot")) == ["S 1", "S 2"]


def test_the_bill_level_terms_follow_a_changed_text(monkeypatch, ingest):
    """The few-matches path answers words from each bill's ``SearchTerms`` row, which
    indexing rewrites from the passages: a word gone from the text stops matching."""
    from django.db import connection

    from bills.models import SearchTerms
    from bills.search import engine

    if connection.vendor != "postgresql":
        pytest.skip("SearchTerms is PostgreSQL's (FTS5 answers on SQLite)")
    monkeypatch.setattr(engine, "few", lambda matches, bills: True)
    record = make_record(identifier="SB 9", versions=[version("Introduced", "A chatbot rule.")])
    ingest(record)
    assert [b.identifier for b in search_bills("chatbot")[0:5]] == ["SB 9"]
    record.versions = [version("Introduced", "A companion robot rule.")]
    ingest(record)
    assert list(search_bills("chatbot")[0:5]) == []
    assert [b.identifier for b in search_bills("robot -chatbot")[0:5]] == ["SB 9"]
    assert SearchTerms.objects.count() == 1
    Bill.objects.all().delete()
    assert SearchTerms.objects.count() == 0
