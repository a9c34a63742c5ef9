"""import_records / export_records commands: idempotence and the round trip."""

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from bills.models import Bill, ChangeEvent, ScrapeRun
from scrapers.records import write_jsonl
from tests.record_factory import make_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def jsonl(tmp_path):
    path = tmp_path / "records.jsonl"
    with path.open("w") as out:
        write_jsonl([make_record(), make_record(identifier="A 6453", related_bills=[])], out)
    return path


def _import(path) -> str:
    out = io.StringIO()
    call_command("import_records", str(path), stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_importing_the_same_file_twice_changes_nothing_the_second_time(jsonl):
    assert _import(jsonl).startswith("succeeded: 2 inserted, 0 updated, 0 unchanged")
    events = ChangeEvent.objects.count()
    assert _import(jsonl).startswith("succeeded: 0 inserted, 0 updated, 2 unchanged")
    assert ChangeEvent.objects.count() == events
    assert ScrapeRun.objects.count() == 2


def test_export_then_import_into_an_empty_database_gives_the_same_records(jsonl):
    _import(jsonl)
    first = io.StringIO()
    call_command("export_records", stdout=first, stderr=io.StringIO())
    Bill.objects.all().delete()
    exported = first.getvalue()
    (jsonl.parent / "again.jsonl").write_text(exported)
    _import(jsonl.parent / "again.jsonl")
    second = io.StringIO()
    call_command("export_records", stdout=second, stderr=io.StringIO())
    assert second.getvalue() == exported
    assert len(exported.splitlines()) == 2


def test_export_filters_by_jurisdiction(jsonl):
    _import(jsonl)
    _import_one_ca(jsonl.parent)
    out = io.StringIO()
    call_command("export_records", jurisdiction="US-CA", stdout=out, stderr=io.StringIO())
    assert [json.loads(line)["identifier"] for line in out.getvalue().splitlines()] == ["SB 53"]


def _import_one_ca(folder):
    path = folder / "ca.jsonl"
    with path.open("w") as out:
        write_jsonl([make_record(jurisdiction="US-CA", identifier="SB 53", related_bills=[])], out)
    _import(path)


def test_a_file_of_only_bad_lines_fails_the_command(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"title": "no key"}\nnot json\n')
    with pytest.raises(CommandError, match="failed"):
        _import(path)
    assert ScrapeRun.objects.get().status == "failed"


def test_a_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="cannot read"):
        _import(tmp_path / "nope.jsonl")


@pytest.fixture
def parsed(monkeypatch):
    """How many lines were built into records (``BillRecord.from_dict``)."""
    from scrapers.records import BillRecord

    calls = []
    build = BillRecord.from_dict.__func__

    def counted(cls, data):
        calls.append(data["identifier"])
        return build(cls, data)

    monkeypatch.setattr(BillRecord, "from_dict", classmethod(counted))
    return calls


def test_a_re_import_of_the_same_file_builds_no_record(jsonl, parsed):
    _import(jsonl)
    assert sorted(parsed) == ["A 6453", "S 6953"]
    parsed.clear()
    assert _import(jsonl).startswith("succeeded: 0 inserted, 0 updated, 2 unchanged")
    assert parsed == []


def test_a_line_is_read_again_once_another_source_changed_its_bill(jsonl, parsed):
    from bills.ingest import ingest_record
    from scrapers.records import ActionRecord

    _import(jsonl)
    record = make_record()
    record.actions.append(ActionRecord(record.actions[-1].date, "Hearing held", ""))
    assert ingest_record(record).result == "updated"
    parsed.clear()
    assert _import(jsonl).startswith("succeeded: 0 inserted, 0 updated, 2 unchanged")
    assert parsed == ["S 6953"]  # its line no longer is what the bill was last written from


def test_the_same_records_written_differently_are_unchanged_and_remembered(jsonl, parsed):
    _import(jsonl)
    spaced = jsonl.parent / "spaced.jsonl"
    lines = jsonl.read_text().splitlines()
    compact = [json.dumps(json.loads(line), separators=(",", ":")) for line in lines]
    spaced.write_text("".join(line + "\n" for line in compact))
    parsed.clear()
    assert _import(spaced).startswith("succeeded: 0 inserted, 0 updated, 2 unchanged")
    assert len(parsed) == 2  # other bytes: built and compared by their record hash
    parsed.clear()
    assert _import(spaced).startswith("succeeded: 0 inserted, 0 updated, 2 unchanged")
    assert parsed == []
