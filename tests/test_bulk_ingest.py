"""bills.bulk_ingest: a batch stores exactly what ingesting its records one by one stores."""

from datetime import date

import pytest

from bench.generate import records as generated
from bills.ingest import ingest_record
from bills.models import Bill, ChangeEvent, RelatedBill, ScrapeRun
from bills.runs import ingest_many
from bills.search import index_pending
from scrapers.records import ActionRecord, BillRecord, RelatedBillRecord
from tests.record_factory import make_record

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_extraction")]

SKIP = {"id", "created_at", "updated_at", "jurisdiction", "session"}


def linked_records() -> list:
    """Links resolved inside the batch, to a stored bill, waiting links, a substitution."""
    signed = [ActionRecord(date(2025, 3, 1), "REFERRED TO RULES", "upper"),
              ActionRecord(date(2025, 6, 1), "PASSED SENATE", "upper"),
              ActionRecord(date(2025, 6, 2), "PASSED ASSEMBLY", "lower"),
              ActionRecord(date(2025, 7, 1), "SIGNED CHAP.12", "executive")]  # fmt: skip
    substituted = [ActionRecord(date(2025, 3, 1), "REFERRED TO RULES", "lower"),
                   ActionRecord(date(2025, 6, 2), "SUBSTITUTED BY S 70", "lower")]  # fmt: skip
    return [
        make_record(identifier="A 70", actions=substituted,
                    related_bills=[RelatedBillRecord("S 70", "replaced_by")]),
        make_record(identifier="S 70", actions=signed, related_bills=[]),
        make_record(identifier="S 71", actions=signed[:2],
                    related_bills=[RelatedBillRecord("S 1", "chapter_amendment_of")]),
        make_record(identifier="S 72", related_bills=[RelatedBillRecord("S 1", "companion"),
                                                      RelatedBillRecord("S 999", "companion")]),
        make_record(identifier="S 73", related_bills=[RelatedBillRecord("S 74", "amended_by")]),
        make_record(identifier="S 74", actions=signed, related_bills=[]),
    ]  # fmt: skip


def stored_bill() -> BillRecord:
    signed = [ActionRecord(date(2025, 1, 10), "SIGNED CHAP.3", "executive")]
    return make_record(identifier="S 1", actions=signed, related_bills=[RelatedBillRecord("S 71")])


def batch() -> list[BillRecord]:
    return [BillRecord.from_dict(d) for d in generated(120, seed=5)] + linked_records()


def snapshot() -> dict:
    def key(bill):
        return (bill.jurisdiction.code, bill.session.identifier, bill.identifier)

    index_pending()  # what the job layer does after each commit
    state = {}
    for bill in Bill.objects.select_related("jurisdiction", "session"):
        fields = {f.attname: getattr(bill, f.attname) for f in Bill._meta.concrete_fields}
        state[key(bill)] = {
            "bill": {k: v for k, v in fields.items() if k.removesuffix("_id") not in SKIP},
            "actions": list(bill.actions.values_list("date", "actor", "text", "classification", "order")),
            "versions": list(bill.versions.values_list("label", "sha256", "order", "url")),
            "pending": bill.versions.filter(extraction_pending_since__isnull=False).count(),
            "sponsors": list(bill.sponsorships.values_list("name", "classification", "order")),
            "related": sorted(
                (r.relation, r.jurisdiction_code, r.session_identifier, r.identifier,
                 key(r.related) if r.related else None)
                for r in bill.related_bills.select_related("related__jurisdiction", "related__session")
            ),
            "passages": sorted(bill.search_passages.values_list("kind", "label", "digest")),
            "events": sorted((e.kind, str(e.details)) for e in bill.change_events.all()),
        }  # fmt: skip
    return state


def test_a_batch_stores_what_one_by_one_ingest_stores():
    ingest_record(stored_bill())
    run = ingest_many(batch(), source="test")
    assert (run.inserted, run.failed) == (126, 0)
    in_batches = snapshot()
    Bill.objects.all().delete()
    ChangeEvent.objects.all().delete()
    ingest_record(stored_bill())
    one_run = ScrapeRun.objects.create(source="test")
    for record in batch():
        ingest_record(record, one_run)
    one_by_one = snapshot()
    assert in_batches.keys() == one_by_one.keys()
    for key in one_by_one:
        assert in_batches[key] == one_by_one[key], key


def test_links_inside_the_batch_and_to_stored_bills_resolve():
    ingest_record(stored_bill())
    ingest_many(linked_records(), source="test")
    resolved = dict(
        RelatedBill.objects.values_list("bill__identifier", "related__identifier").order_by()
    )
    assert resolved["A 70"] == "S 70" and resolved["S 73"] == "S 74"
    assert resolved["S 71"] == "S 1" and resolved["S 1"] == "S 71"


def test_a_record_that_fails_inside_a_batch_fails_alone_and_leaves_nothing(monkeypatch):
    from bills import history

    build = history.new_versions

    def breaks_on_s2(bill, record):
        if record.identifier == "S 2":
            raise ValueError("version table broke")
        return build(bill, record)

    monkeypatch.setattr(history, "new_versions", breaks_on_s2)
    items = [make_record(identifier=f"S {i}", related_bills=[]) for i in (1, 2, 3)]
    run = ingest_many(items, source="test")
    assert (run.inserted, run.failed, run.status) == (2, 1, "partial")
    assert "S 2: ValueError: version table broke" in run.error
    assert sorted(Bill.objects.values_list("identifier", flat=True)) == ["S 1", "S 3"]
    assert ChangeEvent.objects.filter(bill__identifier="S 2").count() == 0


def test_a_key_repeated_in_a_batch_is_inserted_then_updated():
    later = make_record(title="A later title", related_bills=[])
    run = ingest_many([make_record(related_bills=[]), later], source="test")
    assert (run.inserted, run.updated) == (1, 1)
    assert Bill.objects.get().title == "A later title"


def test_an_unchanged_batch_writes_nothing():
    ingest_many(batch(), source="test")
    events = ChangeEvent.objects.count()
    run = ingest_many(batch(), source="test")
    assert (run.unchanged, run.inserted, run.updated) == (126, 0, 0)
    assert ChangeEvent.objects.count() == events


def test_the_record_hash_is_that_of_the_record_json():
    import hashlib
    import json

    from bills.ingest import record_hash

    for record in [make_record(), *batch()[:30]]:
        record.normalised()
        payload = json.dumps(record.to_dict(), sort_keys=True, ensure_ascii=False)
        assert record_hash(record) == hashlib.sha256(payload.encode()).hexdigest()


def test_a_batch_written_by_copy_moves_the_data_generation():
    from bills import generation

    ingest_record(make_record(identifier="S 1", related_bills=[]))  # its places exist now
    before = generation.current()
    run = ingest_many([make_record(identifier=f"S {n}", related_bills=[]) for n in (2, 3)], "t")
    assert run.inserted == 2
    assert generation.current() > before  # cached API answers built before are stale
