"""Record dataclasses: validation and the JSON round trip."""

import io
import json
from datetime import date

import pytest

from scrapers.records import BillRecord, RecordError, read_jsonl, write_jsonl
from tests.record_factory import make_record


def test_record_round_trips_through_json():
    record = make_record().normalised()
    again = BillRecord.from_dict(json.loads(json.dumps(record.to_dict())))
    assert again == record


def test_normalised_fills_classification_and_status_from_actions():
    record = make_record().normalised()
    assert record.actions[1].classification == ["passage"]
    assert (record.status, record.status_date) == ("passed_one_chamber", date(2025, 6, 12))


def test_a_source_status_is_kept():
    record = make_record(status="enacted", status_date=date(2025, 12, 19)).normalised()
    assert record.status == "enacted"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"identifier": ""}, "field 'identifier' is empty"),
        ({"status": "signed-ish"}, "unknown status 'signed-ish'"),
        ({"kind": "tweet"}, "unknown kind 'tweet'"),
        ({"status_date": "19/12/2025"}, "not an ISO date"),
        ({"colour": "red"}, "unknown field(s): colour"),
    ],
)
def test_bad_records_are_refused_with_a_clear_message(change, message):
    data = make_record().to_dict() | change
    with pytest.raises(RecordError, match=message.replace("(", r"\(").replace(")", r"\)")):
        BillRecord.from_dict(data)


def test_jsonl_reader_reports_bad_lines_and_goes_on():
    out = io.StringIO()
    write_jsonl([make_record()], out)
    lines = ["{not json", out.getvalue().strip(), json.dumps({"title": "x"})]
    results = list(read_jsonl(lines))
    assert isinstance(results[0][1], RecordError) and "line 1: not JSON" in str(results[0][1])
    assert isinstance(results[1][1], BillRecord)
    assert isinstance(results[2][1], RecordError)


def test_an_unknown_jurisdiction_code_is_refused():
    with pytest.raises(RecordError, match="unknown jurisdiction code 'US-XX'"):
        BillRecord.from_dict(make_record(jurisdiction="US-XX").to_dict())
