"""Idempotent, transactional upsert of scraper records into the database.

One transaction per bill, keyed by jurisdiction + session + identifier.
Re-ingesting an identical record is one indexed lookup and a hash compare: no
row changes and no event. A changed record updates only what changed and
emits the matching ``ChangeEvent``s; a new or changed text version queues
obligation extraction after the commit. Several sources may describe the same
bill, so ingest merges rather than replaces: versions and actions are added,
never deleted, and empty values never overwrite stored ones.
"""

from __future__ import annotations

import hashlib
import json
import logging
import sys
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from scrapers.records import BillRecord, JsonlLine
from vocabulary.statuses import is_earlier_stage

from .history import (
    create_children,
    related_keys,
    sync_actions,
    sync_dates,
    sync_sponsors,
    sync_versions,
)
from .legal_state import refresh_around
from .models import (
    Bill,
    ChangeEvent,
    Jurisdiction,
    LegislativeSession,
    RelatedBill,
    ScrapeRun,
)
from .sessions import get_jurisdiction, get_session
from .signals import search_index_needed

logger = logging.getLogger(__name__)

SCALAR_FIELDS = (
    "title",
    "popular_name",
    "abstract",
    "kind",
    "chapter",
    "effective_date",
    "ai_relevant",
    "ai_relevance_reason",
)


@dataclass
class Outcome:
    result: str  # inserted | updated | unchanged
    bill_id: int
    events: list[str] = field(default_factory=list)


def record_hash(record: BillRecord, ascii_only: bool = False) -> str:
    """SHA-256 of the record's JSON (``to_dict``, sorted keys): what "unchanged" compares.

    Built by ``_plain`` rather than ``to_dict``: ``dataclasses.asdict`` deep-copies
    every field of every action, which made hashing 6% of a first load; the JSON
    is the same (a test holds them equal).

    The JSON keeps non-ASCII characters raw (``ensure_ascii=False``). When the caller
    knows every string of the record is ASCII (``ascii_only``: a JSONL line that is
    ASCII and has no ``\\u`` escape), that JSON is byte for byte what
    ``ensure_ascii=True`` writes, which the C encoder writes about twice as fast.
    """
    payload = json.dumps(_plain(record), sort_keys=True, ensure_ascii=ascii_only, default=_iso)
    return hashlib.sha256(payload.encode()).hexdigest()


def _code_fingerprint() -> bytes:
    """A digest of the code that turns a JSONL line into a normalised record.

    Part of every ``line_hash``: after an upgrade that changes parsing,
    validation or the status rules, a line read before no longer counts as
    unchanged, so the next import derives it again (and the record hash decides).
    """
    digest = hashlib.sha256()
    for name in ("scrapers.records", "vocabulary.statuses", "vocabulary.kinds",
                 "vocabulary.jurisdictions", __name__):  # fmt: skip
        digest.update(Path(sys.modules[name].__file__).read_bytes())
    return digest.digest()


_FINGERPRINT: list[bytes] = []


def line_hash(line: JsonlLine) -> str:
    """SHA-256 of a JSONL line as read (and of the code that reads it): ``Bill.import_hash``."""
    if not _FINGERPRINT:
        _FINGERPRINT.append(_code_fingerprint())
    raw = line.raw
    if isinstance(raw, str):
        # surrogatepass: a line holding a lone surrogate (not read from UTF-8) is hashed too,
        # and fails alone when parsed, instead of stopping the run here
        raw = raw.encode("utf-8", "surrogatepass")
    return hashlib.sha256(_FINGERPRINT[0] + raw).hexdigest()


def _plain(record: BillRecord) -> dict:
    """The record as ``to_dict`` gives it, dates left for ``json.dumps(default=_iso)``."""
    data = dict(vars(record))
    for name in ("actions", "versions", "sponsors", "related_bills"):
        data[name] = [vars(item) for item in data[name]]
    return data


def _iso(value):
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def prepare(record: BillRecord) -> tuple[BillRecord, str]:
    """The validated, normalised record and its hash; raises on a bad record, touching nothing."""
    record = record.validate().normalised()
    return record, record_hash(record)


def prepare_line(line: JsonlLine) -> tuple[BillRecord, str]:
    """``prepare`` of a JSONL line's record: parsed, validated once (``from_dict``
    validates), normalised without cleaning strings the line shows to be storable."""
    storable = line.strings_storable()
    record = line.record().normalised(strings_storable=storable)
    return record, record_hash(record, ascii_only=storable and line.text.isascii())


def ingest_record(
    record: BillRecord, run: ScrapeRun | None = None, places: dict | None = None
) -> Outcome:
    """Upsert one record in its own transaction; raises on a bad record, storing nothing.

    ``places`` caches jurisdiction and session rows for the length of one run.
    """
    record, digest = prepare(record)
    return ingest_prepared(record, digest, run, places)


def ingest_prepared(
    record: BillRecord,
    digest: str,
    run: ScrapeRun | None = None,
    places: dict | None = None,
    import_hash: str = "",
) -> Outcome:
    """``ingest_record`` of a record ``prepare`` has already validated and hashed.

    ``import_hash`` is the ``line_hash`` of the JSONL line the record was read
    from ("" for a record from anywhere else), stored with the bill.
    """
    places = {} if places is None else places
    unchanged = _unchanged_bill_id(record, digest, places)
    if unchanged is not None:  # the common case on a re-scrape: one read, no transaction
        return Outcome("unchanged", unchanged)
    with transaction.atomic():
        jurisdiction, session = places_of(record, places)
        bill = (
            Bill.objects.select_for_update()
            .filter(jurisdiction=jurisdiction, session=session, identifier=record.identifier)
            .order_by()
            .first()
        )
        if bill is not None and bill.record_hash == digest:
            return Outcome("unchanged", bill.pk)
        if bill is None:
            bill = _create_bill(record, jurisdiction, session, digest, import_hash)
            events = [_event(bill, "new_bill", run, {"status": bill.status})]
            create_children(bill, record)
            result = "inserted"
        else:
            events = _update_bill(bill, record, digest, run, import_hash)
            events += _sync_children(bill, record, run, new=False)
            result = "updated" if events else "unchanged"
        _link_related(bill, record)
        refresh_around(bill, run=run)
        if result != "unchanged":
            _needs_search_index(bill)
    return Outcome(result, bill.pk, [e.kind for e in events if e])


def _needs_search_index(bill: Bill) -> None:
    """Mark the bill for the search index (new bills are written marked) and announce it."""
    if bill.search_pending_since is None:
        bill.search_pending_since = timezone.now()
        Bill.objects.filter(pk=bill.pk).update(search_pending_since=bill.search_pending_since)
    search_index_needed.send(sender=Bill, bill_ids=[bill.pk])


def _unchanged_bill_id(record: BillRecord, digest: str, places: dict) -> int | None:
    key = (record.jurisdiction, record.session)
    if key in places:
        filters = {"jurisdiction": places[key][0], "session": places[key][1]}
    else:
        filters = {"jurisdiction__code": key[0], "session__identifier": key[1]}
    found = (
        Bill.objects.filter(identifier=record.identifier, record_hash=digest, **filters)
        .order_by()
        .values_list("pk", flat=True)
        .first()
    )
    return found


def places_of(record: BillRecord, cache: dict) -> tuple[Jurisdiction, LegislativeSession]:
    """The record's jurisdiction and session rows (created when new), cached for a run."""
    key = (record.jurisdiction, record.session)
    if key not in cache:
        jurisdiction = get_jurisdiction(record.jurisdiction)
        cache[key] = (jurisdiction, get_session(jurisdiction, record))
    return cache[key]


def _create_bill(
    record: BillRecord,
    jurisdiction: Jurisdiction,
    session: LegislativeSession,
    digest: str,
    import_hash: str,
) -> Bill:
    bill = new_bill(record, jurisdiction, session, digest, import_hash)
    bill.save(force_insert=True)
    return bill


def new_bill(
    record: BillRecord,
    jurisdiction: Jurisdiction,
    session: LegislativeSession,
    digest: str,
    import_hash: str = "",
) -> Bill:
    """An unsaved bill row for a new record (the one place that maps the fields).

    It is written marked for the search index (``search_pending_since``).
    """
    dates = [a.date for a in record.actions]
    return Bill(
        first_action_date=min(dates, default=None),
        latest_action_date=max(dates, default=None),
        jurisdiction=jurisdiction,
        session=session,
        identifier=record.identifier,
        status=record.status,
        status_date=record.status_date,
        subjects=record.subjects,
        source_urls=record.sources,
        source_ids=record.source_ids,
        record_hash=digest,
        import_hash=import_hash,
        search_pending_since=timezone.now(),
        **{name: getattr(record, name) for name in SCALAR_FIELDS},
    )


def _update_bill(
    bill: Bill, record: BillRecord, digest: str, run: ScrapeRun | None, import_hash: str
) -> list:
    events = []
    changed: dict[str, list] = {}
    for name in SCALAR_FIELDS:
        new = getattr(record, name)
        if record.partial and getattr(bill, name) not in (None, ""):
            continue
        if new not in (None, "", []) and getattr(bill, name) != new:
            changed[name] = [_jsonable(getattr(bill, name)), _jsonable(new)]
            setattr(bill, name, new)
    if _status_moves(bill, record):
        events.append(
            _event(
                bill,
                "status_change",
                run,
                {
                    "from": bill.status,
                    "to": record.status,
                    "from_date": _jsonable(bill.status_date),
                    "date": _jsonable(record.status_date),
                },
            )
        )
        bill.status, bill.status_date = record.status, record.status_date
    changed.update(_merge_collections(bill, record))
    if changed:
        events.append(_event(bill, "details_changed", run, {"fields": changed}))
    bill.record_hash, bill.import_hash = digest, import_hash
    bill.save()
    return events


def _status_moves(bill: Bill, record: BillRecord) -> bool:
    """A full record sets the status; a partial one only moves it forward, in time and stage."""
    if not record.status or (record.status, record.status_date) == (bill.status, bill.status_date):
        return False
    if not record.partial:
        return True
    if is_earlier_stage(record.status, bill.status):
        return False  # a list page's latest action cannot undo a passage the full record saw
    if bill.status_date is None:
        return True
    return record.status_date is not None and record.status_date > bill.status_date


def _merge_collections(bill: Bill, record: BillRecord) -> dict[str, list]:
    changed: dict[str, list] = {}
    if record.subjects and record.subjects != bill.subjects:
        changed["subjects"] = [bill.subjects, record.subjects]
        bill.subjects = record.subjects
    urls = bill.source_urls + [u for u in record.sources if u not in bill.source_urls]
    if urls != bill.source_urls:
        changed["source_urls"] = [bill.source_urls, urls]
        bill.source_urls = urls
    ids = {**bill.source_ids, **record.source_ids}
    if ids != bill.source_ids:
        changed["source_ids"] = [bill.source_ids, ids]
        bill.source_ids = ids
    return changed


def _sync_children(bill: Bill, record: BillRecord, run: ScrapeRun | None, new: bool) -> list:
    events = []
    added_actions = sync_actions(bill, record)
    if added_actions and not new:
        events.append(_event(bill, "new_action", run, {"actions": added_actions}))
    for label, change in sync_versions(bill, record):
        if not new:
            events.append(_event(bill, "new_version", run, {"label": label, "change": change}))
    if sync_sponsors(bill, record) and not new:
        events.append(_event(bill, "details_changed", run, {"fields": {"sponsors": True}}))
    sync_dates(bill)
    return events


def _link_related(bill: Bill, record: BillRecord) -> None:
    have = set(
        bill.related_bills.values_list(
            "relation", "jurisdiction_code", "session_identifier", "identifier"
        )
    )
    for key in related_keys(record):
        if key in have:
            continue
        RelatedBill.objects.create(
            bill=bill,
            relation=key[0],
            jurisdiction_code=key[1],
            session_identifier=key[2],
            identifier=key[3],
            related=_find_bill(key[1], key[2], key[3]),
        )
    # Links made before this bill existed now point at it.
    RelatedBill.objects.filter(
        related__isnull=True,
        jurisdiction_code=record.jurisdiction,
        session_identifier=record.session,
        identifier=record.identifier,
    ).update(related=bill)


def _find_bill(jurisdiction: str, session: str, identifier: str) -> Bill | None:
    return Bill.objects.filter(
        jurisdiction__code=jurisdiction, session__identifier=session, identifier=identifier
    ).first()


def _event(bill: Bill, kind: str, run: ScrapeRun | None, details: dict) -> ChangeEvent:
    return ChangeEvent.objects.create(bill=bill, kind=kind, run=run, details=details)


def _jsonable(value):
    return value.isoformat() if hasattr(value, "isoformat") else value
