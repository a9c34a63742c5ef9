"""Record dataclasses: validation and the JSON round trip."""

import io
import json
from datetime import date

import pytest

from scrapers.records import (
    ActionRecord,
    BillRecord,
    RecordError,
    SponsorRecord,
    VersionRecord,
    merge_records,
    read_jsonl,
    read_jsonl_lines,
    write_jsonl,
)
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


def test_jsonl_lines_are_parsed_only_when_asked_and_their_errors_name_the_line():
    out = io.StringIO()
    write_jsonl([make_record()], out)
    lines = list(read_jsonl_lines(["{not json\n", "\n", out.getvalue(), '{"title": "x"}\n']))
    assert [line.number for line in lines] == [1, 3, 4]  # blank lines skipped, numbers kept
    with pytest.raises(RecordError, match="^line 1: not JSON"):
        lines[0].record()
    assert lines[1].record() == make_record()
    with pytest.raises(RecordError, match="^line 4: unknown|^line 4: missing"):
        lines[2].record()


def test_an_unknown_jurisdiction_code_is_refused():
    with pytest.raises(RecordError, match="unknown jurisdiction code 'US-XX'"):
        BillRecord.from_dict(make_record(jurisdiction="US-XX").to_dict())


# --------------------------------------------------------------------------- storable values


def test_lone_surrogates_and_nul_are_made_storable():
    record = make_record(title="AI \ud800 models\x00", sponsors=[SponsorRecord("Ann\udfff")])
    record.normalised()
    assert record.title == "AI \ufffd models"
    assert record.sponsors[0].name == "Ann\ufffd"
    json.dumps(record.to_dict(), ensure_ascii=False).encode("utf-8")  # no UnicodeEncodeError


@pytest.mark.parametrize(
    ("overrides", "field_name"),
    [
        ({"identifier": "HB " + "1" * 70}, "identifier"),
        ({"sponsors": [SponsorRecord("A" * 301)]}, "sponsor.name"),
        ({"versions": [VersionRecord("S1", url="https://e.gov/" + "x" * 2000)]}, "version.url"),
        ({"actions": [ActionRecord(date(2025, 1, 2), "Read", "C" * 201)]}, "action.actor"),
        ({"versions": [VersionRecord("L" * 301)]}, "version.label"),
    ],
)
def test_a_value_longer_than_its_column_is_rejected_naming_the_field(overrides, field_name):
    with pytest.raises(RecordError, match=rf"{field_name} is \d+ characters, longer than the"):
        make_record(**overrides).validate()


def test_long_but_real_urls_and_names_are_accepted():
    url = "https://www.congress.gov/117/bills/hr21/BILLS-117hr21rfs.htm?" + "q=1&" * 100
    record = make_record(
        versions=[VersionRecord("Referred in Senate", url=url)],
        sponsors=[SponsorRecord("Resident Commissioner González-Colón, Jenniffer " * 4)],
    )
    assert record.validate() is record


# --------------------------------------------------------------------------- one run's records


def test_records_of_one_bill_from_several_files_are_merged_into_one():
    detail = make_record()  # full: referred, then passed the Senate on June 12
    listed = make_record(
        title="",
        partial=True,
        actions=[ActionRecord(date(2025, 6, 20), "DELIVERED TO ASSEMBLY", "upper")],
        versions=[],
        subjects=["Technology"],
        source_ids={"list": "1"},
    )
    other_bill = make_record(identifier="S 1")
    merged = merge_records([listed.normalised(), other_bill, detail.normalised()])
    assert [r.identifier for r in merged] == ["S 6953", "S 1"]
    bill = merged[0]
    assert not bill.partial and bill.title == detail.title
    assert len(bill.actions) == 3 and bill.subjects == ["Technology"]
    assert bill.source_ids == {"nysenate": "2025-S6953", "list": "1"}


def test_a_partial_record_never_moves_the_merged_status_to_an_earlier_stage():
    full = make_record().normalised()  # passed_one_chamber on 2025-06-12
    later_but_earlier_stage = make_record(
        partial=True, actions=[], status="in_committee", status_date=date(2025, 7, 1)
    )
    later_stage = make_record(
        partial=True, actions=[], status="enacted", status_date=date(2025, 12, 19)
    )
    (bill,) = merge_records([full, later_but_earlier_stage])
    assert (bill.status, bill.status_date) == ("passed_one_chamber", date(2025, 6, 12))
    (bill,) = merge_records([later_stage, full])
    assert (bill.status, bill.status_date) == ("enacted", date(2025, 12, 19))
