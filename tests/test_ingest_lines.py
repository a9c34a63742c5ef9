"""Import lines read fast (``prepare_line``) and parsed in worker processes (``bills.parsing``)
give exactly the records, hashes and database that the plain path gives."""

import json

import pytest

from bench.generate import records as generated
from bills import runs
from bills.ingest import prepare, prepare_line
from bills.models import Bill, ChangeEvent
from bills.parsing import decode, encode, parse_line
from bills.runs import ingest_many
from scrapers.records import BillRecord, JsonlLine, RecordError, read_jsonl_lines
from tests.record_factory import make_record
from tests.test_bulk_ingest import snapshot

HOSTILE = [
    ("title", "Caf\u00e9 rules \u2014 \u00a7 2"),  # non-ASCII, raw in the line
    ("title", "NUL\u0000 and bell\u0007 inside"),  # controls: written as \u escapes
    ("title", "back\bspace and form\ffeed"),  # \b and \f escapes
    ("title", "a lone \ud800 surrogate"),
    ("title", "C:\\users\\bob and \\b literally"),  # backslashes before u and b: harmless
    ("abstract", 'tab\tnew\nline\rreturn "quoted" /slash'),  # escapes that stay
]


def _lines() -> list[str]:
    lines = [json.dumps(d, sort_keys=True, ensure_ascii=False) for d in generated(40, seed=3)]
    for n, (name, value) in enumerate(HOSTILE):
        data = make_record(identifier=f"S {900 + n}").to_dict()
        data[name] = value
        data["actions"][0]["text"] = value
        data["source_ids"] = {"openstates": 12, "legiscan": value}  # not strings: made strings
        lines.append(json.dumps(data, sort_keys=True, ensure_ascii=False))
    data = make_record(identifier="S 950").to_dict()
    data["title"] = "Caf\u00e9"
    lines.append(json.dumps(data, ensure_ascii=True))  # every non-ASCII character escaped
    return lines


def test_a_line_prepared_fast_is_the_record_prepared_the_plain_way():
    for line in read_jsonl_lines(_lines()):
        fast = prepare_line(line)
        plain = prepare(BillRecord.from_dict(json.loads(line.text)))
        assert fast == plain, line.number


def test_only_lines_without_suspect_escapes_or_surrogates_skip_the_string_cleaning():
    verdicts = [line.strings_storable() for line in read_jsonl_lines(_lines())]
    assert all(verdicts[:40])  # generated bills
    # non-ASCII raw: storable; \u controls, \b \f, a surrogate: not; literal backslash-b: not
    # (a false alarm, cleaned the slow way); tab/newline escapes: storable; all-escaped: not
    assert verdicts[40:] == [True, False, False, False, False, True, False]


def test_a_record_crosses_to_a_worker_and_back_unchanged():
    for line in read_jsonl_lines(_lines()):
        parsed = parse_line(line)
        assert decode(encode(parsed)) == parsed
    bad = parse_line(JsonlLine(7, '{"title": "x"}'))
    assert isinstance(decode(encode(bad)), RecordError) and "line 7" in str(decode(encode(bad)))


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("no_extraction")
def test_parsing_in_worker_processes_stores_what_parsing_here_stores(tmp_path):
    lines = [*_lines(), "{not json\n", json.dumps({"title": "no key"}) + "\n"]
    items = lambda: read_jsonl_lines(line.rstrip("\n") + "\n" for line in lines)  # noqa: E731
    here = ingest_many(items(), source="test")
    assert (here.inserted, here.failed) == (47, 2), here.error
    plain = snapshot()
    Bill.objects.all().delete()
    ChangeEvent.objects.all().delete()
    there = ingest_many(items(), source="test", workers=2)
    assert (there.inserted, there.failed, there.error) == (47, 2, here.error)
    assert snapshot() == plain
    again = ingest_many(items(), source="test", workers=2)
    assert (again.unchanged, again.inserted, again.updated, again.failed) == (47, 0, 0, 2)


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("no_extraction")
@pytest.mark.parametrize("workers", [0, 1])
def test_a_bill_twice_in_a_file_is_read_against_what_the_batch_before_wrote(monkeypatch, workers):
    """The next batch's unchanged lines are looked up before the current batch is written;
    one whose bill that batch wrote meanwhile is parsed and ingested after all."""
    first = json.dumps(make_record(related_bills=[]).to_dict())
    changed = json.dumps(make_record(title="Changed", related_bills=[]).to_dict())
    other = json.dumps(make_record(identifier="S 2", related_bills=[]).to_dict())
    ingest_many(read_jsonl_lines([first]), source="test")
    monkeypatch.setattr(runs, "BATCH_SIZE", 2)
    run = ingest_many(read_jsonl_lines([changed, other, first]), source="test", workers=workers)
    assert (run.updated, run.inserted, run.unchanged) == (2, 1, 0)
    assert Bill.objects.get(identifier="S 6953").title == make_record().title


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("no_extraction")
def test_two_loaders_of_overlapping_files_store_each_bill_once():
    """Two imports at once (PostgreSQL: SQLite has one writer), sharing 100 of their bills:
    each bill is stored once, with one ``new_bill`` event and its children once."""
    import threading

    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("needs concurrent writers (PostgreSQL)")
    lines = [json.dumps(d, sort_keys=True) for d in generated(300, seed=11)]
    files = [lines[:200], lines[100:]]
    runs_done, start = [], threading.Barrier(2)

    def load(part: list[str]) -> None:
        try:
            start.wait()
            runs_done.append(ingest_many(read_jsonl_lines(part), source="test"))
        finally:
            connection.close()

    threads = [threading.Thread(target=load, args=(part,)) for part in files]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [run.failed for run in runs_done] == [0, 0], [run.error for run in runs_done]
    assert sum(run.inserted for run in runs_done) == 300
    assert sum(run.unchanged + run.updated for run in runs_done) == 100
    assert Bill.objects.count() == 300
    assert ChangeEvent.objects.filter(kind="new_bill").count() == 300
    records = [BillRecord.from_dict(json.loads(line)) for line in lines]
    from bills.models import BillAction

    assert BillAction.objects.count() == sum(len(r.actions) for r in records)


@pytest.mark.django_db
def test_a_file_is_read_as_bytes_a_line_that_is_not_utf8_fails_alone(tmp_path, no_extraction):
    """``import_jsonl_path`` reads the file in binary (an unchanged line is hashed, never
    decoded): CRLF endings still parse, a line that is not UTF-8 fails alone and is named,
    and the unchanged re-import finds every good line unchanged."""
    from bills.importing import import_jsonl_path

    good = [json.dumps(make_record(identifier=f"S {n}").to_dict()).encode() for n in (1, 2)]
    path = tmp_path / "bills.jsonl"
    path.write_bytes(good[0] + b"\r\n" + b'{"title": "caf\xe9"}\n' + good[1] + b"\n")
    run = import_jsonl_path(path)
    assert (run.inserted, run.failed) == (2, 1)
    assert "line 2: not UTF-8" in run.error
    again = import_jsonl_path(path)
    assert (again.inserted, again.unchanged, again.failed) == (0, 2, 1)
