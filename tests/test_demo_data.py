"""The demo data set, ``demo/demo_bills.jsonl``: valid records, honest statuses, our own words.

The demo is what a new install shows first, so it must import cleanly, its
statuses must be the ones the status rules would derive from its own action
histories, and its texts must be summaries we wrote, never the statutes'
wording (the corpus texts are the check: no 12-word run may be shared).
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest

from scrapers.records import BillRecord, RecordError, read_jsonl

DEMO = Path(__file__).resolve().parent.parent / "demo" / "demo_bills.jsonl"
RUN_LENGTH = 12

# Kinds whose status no action rule can reach, with the status they must carry instead.
STATUS_BY_KIND = {
    # A policy document is issued, not passed or signed: "published" comes from the source.
    "policy_document": "published",
}


def _load() -> list[BillRecord]:
    with DEMO.open(encoding="utf-8") as lines:
        return [record for _, record in read_jsonl(lines) if not isinstance(record, RecordError)]


RECORDS = _load()


def _key(record: BillRecord) -> str:
    return "/".join(record.key)


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def _plain_corpus_text(path: Path) -> str:
    """A corpus file as running text: tags, line numbers, page headers and hyphenation removed."""
    raw = path.read_text(encoding="utf-8", errors="replace")
    if path.suffix == ".json":
        raw = json.loads(raw).get("text") or ""
    if path.suffix in {".htm", ".html"}:
        raw = html.unescape(re.sub(r"<[^>]+>", " ", raw))
    lines = [
        re.sub(r"^\s*\d{1,2}(?=\s)", "", line)
        for line in raw.splitlines()
        if not re.search(r"\bLRB\d|^\s*Public Act \d|^\s*S\. \d+\s+\d+\s*$", line)
    ]
    return re.sub(r"(\w)-\n\s*(\w)", r"\1\2", "\n".join(lines))


def _runs(words: list[str]) -> set[tuple[str, ...]]:
    return {tuple(words[i : i + RUN_LENGTH]) for i in range(len(words) - RUN_LENGTH + 1)}


@pytest.fixture(scope="module")
def corpus_runs(corpus_dir: Path) -> set[tuple[str, ...]]:
    files = sorted((corpus_dir / "bill_texts").iterdir())
    files += sorted((corpus_dir / "federal" / "federal_register_repo_wrapped").glob("*.json"))
    runs: set[tuple[str, ...]] = set()
    for path in files:
        runs |= _runs(_words(_plain_corpus_text(path)))
    assert runs, "the corpus bill texts yielded no text"
    return runs


def test_every_line_is_a_valid_record():
    with DEMO.open(encoding="utf-8") as lines:
        results = list(read_jsonl(lines))
    errors = [str(result) for _, result in results if isinstance(result, RecordError)]
    assert errors == []
    assert 12 <= len(results) <= 20


def test_identifiers_are_unique_per_jurisdiction_and_session():
    keys = [record.key for record in RECORDS]
    assert len(keys) == len(set(keys))


@pytest.mark.parametrize("record", RECORDS, ids=_key)
def test_record_has_actions_a_dated_status_and_a_version_with_text(record):
    assert record.actions
    assert record.status and record.status_date
    assert any(version.text.strip() for version in record.versions)
    assert all(url.startswith("https://") for url in record.sources)


@pytest.mark.parametrize("record", RECORDS, ids=_key)
def test_status_is_what_the_actions_derive(record):
    without_status = {**record.to_dict(), "status": "", "status_date": None, "chapter": ""}
    derived = BillRecord.from_dict(without_status).normalised()
    expected = STATUS_BY_KIND.get(record.kind)
    if expected:
        assert record.status == expected
        return
    assert (derived.status, derived.status_date) == (record.status, record.status_date)
    if derived.chapter:
        assert derived.chapter == record.chapter


@pytest.mark.parametrize("record", RECORDS, ids=_key)
def test_version_texts_are_statute_sized_summaries(record):
    for version in record.versions:
        assert 300 <= len(_words(version.text)) <= 1600, version.label
        assert "summary text written for the RegTracker demo" in version.text


@pytest.mark.corpus
@pytest.mark.parametrize("record", RECORDS, ids=_key)
def test_no_text_repeats_a_twelve_word_run_of_the_corpus(record, corpus_runs):
    texts = [record.title, record.abstract] + [version.text for version in record.versions]
    copied = [" ".join(run) for text in texts for run in _runs(_words(text)) & corpus_runs]
    assert copied == []
