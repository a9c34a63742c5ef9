"""bench.generate: realistic records, deterministic from a seed, valid for the importer."""

import json
import statistics
from collections import Counter

import pytest

from bench.generate import main, records
from scrapers.records import BillRecord, read_jsonl


@pytest.fixture(scope="module")
def sample() -> list[dict]:
    return list(records(1500, seed=3))


def test_the_same_seed_gives_the_same_records_and_a_longer_run_extends_a_shorter_one():
    assert list(records(40, seed=9)) == list(records(60, seed=9))[:40]
    assert list(records(40, seed=9)) != list(records(40, seed=10))


def test_every_record_is_valid_and_keys_never_repeat(sample):
    parsed = [BillRecord.from_dict(json.loads(json.dumps(r))).normalised() for r in sample]
    assert len({r.key for r in parsed}) == len(parsed)
    statuses = Counter(r.status for r in parsed)
    assert {"in_committee", "passed_one_chamber", "enacted", "vetoed"} <= set(statuses)
    assert statuses["in_committee"] > statuses["enacted"] > statuses["vetoed"]


def test_records_have_the_shape_of_real_bills(sample):
    assert all(5 <= len(r["actions"]) <= 40 for r in sample)
    assert all(1 <= len(r["sponsors"]) <= 5 for r in sample)
    assert all(1 <= len(r["versions"]) <= 3 for r in sample)
    first_texts = [len(r["versions"][0]["text"]) for r in sample if "budget" not in r["title"]]
    assert 5_000 <= min(first_texts) and max(first_texts) <= 62_000
    assert 12_000 < statistics.mean(first_texts) < 30_000
    places = Counter(r["jurisdiction"] for r in sample)
    assert len(places) > 45 and places["US-NY"] > places["US-WY"]


def test_about_two_percent_are_ai_bills_with_duties_thresholds_and_penalties(sample):
    ai = [r for r in sample if r["ai_relevant"]]
    assert 0.01 < len(ai) / len(sample) < 0.04
    texts = [r["versions"][0]["text"] for r in ai]
    assert all("artificial intelligence" in t and " shall " in t for t in texts)
    assert any("10^26" in t for t in texts) and any("civil penalty" in t for t in texts)


def test_chapter_amendments_substitutions_and_companions_are_linked(sample):
    relations = Counter(rel["relation"] for r in sample for rel in r["related_bills"])
    assert relations["companion"] and relations["replaced_by"]
    assert relations["chapter_amendment_of"] == relations["amended_by"] > 0


def test_the_command_writes_jsonl_the_importer_reads(tmp_path):
    path = tmp_path / "small.jsonl"
    assert main(["--count", "25", "--seed", "2", "-o", str(path)]) == 0
    with path.open() as handle:
        parsed = [item for _, item in read_jsonl(handle)]
    assert len(parsed) == 25 and all(isinstance(p, BillRecord) for p in parsed)
