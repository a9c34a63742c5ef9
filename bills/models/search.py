"""The full-text index: a bill's passages (see ``bills/search/passages.py`` for why passages).

On PostgreSQL ``vector`` holds the passage's ``tsvector`` (weighted: details
'A', text 'D') under a GIN index. On SQLite it stays empty and an FTS5
table, ``bills_searchpassage_fts``, kept by triggers, indexes ``text``.
Both are created by migration 0019 for the database in use.
"""

from __future__ import annotations

from django.contrib.postgres.search import SearchVectorField
from django.db import models

from .bill import Bill


class SearchPassage(models.Model):
    bill = models.ForeignKey(
        Bill, on_delete=models.CASCADE, related_name="search_passages"
    )  # the index follows its bill out
    kind = models.CharField(max_length=8)  # details | text
    label = models.CharField(max_length=120, blank=True)  # the version the text came from
    digest = models.CharField(max_length=64)  # sha256 of kind + text: re-index only what changed
    text = models.TextField()
    vector = SearchVectorField(null=True, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["bill", "digest"], name="unique_search_passage")
        ]
        # The GIN index (PostgreSQL) and the FTS5 table (SQLite) are made by migration 0019,
        # which asks the database which one it is.

    def __str__(self) -> str:
        return f"{self.bill_id} {self.kind} {self.label}"


class SearchTerms(models.Model):
    """Every word a bill's passages hold, once (PostgreSQL only; empty on SQLite).

    Why: a search matches at bill level (``frontier developer -chatbot`` wants both
    words somewhere in the bill and the third nowhere), but the passages' GIN index
    answers passages; mapping them to bills read one heap row per matching passage
    and a term at a time (at 250,000 bills, 30,000 rows for a word in 2% of bills).
    ``terms`` (a stripped ``tsvector``: lexemes without positions, as the passages'
    vectors have them) under its own GIN index answers the words of a query with
    AND and NOT at bill level in one index scan, with one heap row per matching
    bill. Phrases still need the passages' positions (``bills.search.engines``).
    Kept by ``bills.search.indexing`` with the passages it is made from.
    """

    bill = models.OneToOneField(
        Bill, on_delete=models.CASCADE, primary_key=True, related_name="search_terms"
    )
    terms = SearchVectorField()

    def __str__(self) -> str:
        return f"{self.bill_id} terms"
