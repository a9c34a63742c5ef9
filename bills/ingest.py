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
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from scrapers.records import BillRecord, RecordError

from .models import (
    Bill,
    BillAction,
    BillVersion,
    ChangeEvent,
    Jurisdiction,
    LegislativeSession,
    RelatedBill,
    ScrapeRun,
    Sponsorship,
)
from .sessions import get_jurisdiction, get_session

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


def record_hash(record: BillRecord) -> str:
    payload = json.dumps(record.to_dict(), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(payload.encode()).hexdigest()


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest() if text else ""


def ingest_record(
    record: BillRecord, run: ScrapeRun | None = None, places: dict | None = None
) -> Outcome:
    """Upsert one record in its own transaction; raises on a bad record, storing nothing.

    ``places`` caches jurisdiction and session rows for the length of one run.
    """
    record = record.validate().normalised()
    digest = record_hash(record)
    places = {} if places is None else places
    unchanged = _unchanged_bill_id(record, digest, places)
    if unchanged is not None:  # the common case on a re-scrape: one read, no transaction
        return Outcome("unchanged", unchanged)
    with transaction.atomic():
        jurisdiction, session = _places(record, places)
        bill = (
            Bill.objects.select_for_update()
            .filter(jurisdiction=jurisdiction, session=session, identifier=record.identifier)
            .order_by()
            .first()
        )
        if bill is not None and bill.record_hash == digest:
            return Outcome("unchanged", bill.pk)
        if bill is None:
            bill = _create_bill(record, jurisdiction, session, digest)
            events = [_event(bill, "new_bill", run, {"status": bill.status})]
            _create_children(bill, record)
            result = "inserted"
        else:
            events = _update_bill(bill, record, digest, run)
            events += _sync_children(bill, record, run, new=False)
            result = "updated" if events else "unchanged"
        _link_related(bill, record)
    return Outcome(result, bill.pk, [e.kind for e in events if e])


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


def _places(record: BillRecord, cache: dict) -> tuple[Jurisdiction, LegislativeSession]:
    key = (record.jurisdiction, record.session)
    if key not in cache:
        jurisdiction = get_jurisdiction(record.jurisdiction)
        cache[key] = (jurisdiction, get_session(jurisdiction, record))
    return cache[key]


def _create_bill(
    record: BillRecord, jurisdiction: Jurisdiction, session: LegislativeSession, digest: str
) -> Bill:
    dates = [a.date for a in record.actions]
    return Bill.objects.create(
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
        **{name: getattr(record, name) for name in SCALAR_FIELDS},
    )


def _update_bill(bill: Bill, record: BillRecord, digest: str, run: ScrapeRun | None) -> list:
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
    bill.record_hash = digest
    bill.save()
    return events


def _status_moves(bill: Bill, record: BillRecord) -> bool:
    """A full record sets the status; a partial one only moves it forward in time."""
    if not record.status or (record.status, record.status_date) == (bill.status, bill.status_date):
        return False
    if not record.partial or bill.status_date is None:
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


def _create_children(bill: Bill, record: BillRecord) -> None:
    """A new bill's actions, versions and sponsors: bulk inserts, nothing to compare."""
    BillAction.objects.bulk_create(
        BillAction(bill=bill, date=a.date, actor=a.actor, text=a.text,
                   classification=a.classification, order=i)
        for i, a in enumerate(record.actions)
    )  # fmt: skip
    versions = BillVersion.objects.bulk_create(
        BillVersion(bill=bill, label=v.label, date=v.date, url=v.url, media_type=v.media_type,
                    text=v.text, sha256=text_hash(v.text), order=i)
        for i, v in enumerate(_unique_versions(record.versions))
    )  # fmt: skip
    for version in versions:
        _queue_extraction(version)
    Sponsorship.objects.bulk_create(
        Sponsorship(bill=bill, name=s.name, classification=s.classification, chamber=s.chamber,
                    party=s.party, source_id=s.source_id, order=i)
        for i, s in enumerate(record.sponsors)
    )  # fmt: skip


def _unique_versions(versions: list) -> list:
    seen: dict[str, object] = {}
    for version in versions:
        seen.setdefault(version.label, version)
    return list(seen.values())


def _sync_children(bill: Bill, record: BillRecord, run: ScrapeRun | None, new: bool) -> list:
    events = []
    added_actions = _sync_actions(bill, record)
    if added_actions and not new:
        events.append(_event(bill, "new_action", run, {"actions": added_actions}))
    for label, change in _sync_versions(bill, record):
        if not new:
            events.append(_event(bill, "new_version", run, {"label": label, "change": change}))
    if _sync_sponsors(bill, record) and not new:
        events.append(_event(bill, "details_changed", run, {"fields": {"sponsors": True}}))
    _sync_dates(bill)
    return events


def _action_key(date, text: str, actor: str) -> tuple:
    return (date, " ".join(text.split()).lower(), actor.lower())


def _sync_actions(bill: Bill, record: BillRecord) -> list[dict]:
    existing = list(bill.actions.all())
    have = {_action_key(a.date, a.text, a.actor) for a in existing}
    have_unattributed = {key[:2] for key in have}  # a source that names no actor
    fresh = [
        a
        for a in record.actions
        if _action_key(a.date, a.text, a.actor) not in have
        and (a.actor or _action_key(a.date, a.text, "")[:2] not in have_unattributed)
    ]
    if not fresh:
        return []
    # Keep the stored order for what we have and slot new actions in by date.
    merged = [(a.date, i, a) for i, a in enumerate(existing)]
    merged += [(a.date, len(existing) + i, a) for i, a in enumerate(fresh)]
    merged.sort(key=lambda item: (item[0], item[1]))
    offset = len(merged) + 1
    for position, (_, _, item) in enumerate(merged):
        if isinstance(item, BillAction) and item.order != position + offset:
            BillAction.objects.filter(pk=item.pk).update(order=position + offset)
    to_create = [
        BillAction(
            bill=bill,
            date=item.date,
            actor=item.actor,
            text=item.text,
            classification=item.classification,
            order=position + offset,
        )
        for position, (_, _, item) in enumerate(merged)
        if not isinstance(item, BillAction)
    ]
    BillAction.objects.bulk_create(to_create)
    _compact_action_order(bill, offset)
    return [{"date": a.date.isoformat(), "text": a.text} for a in fresh]


def _compact_action_order(bill: Bill, offset: int) -> None:
    """Orders were written shifted by ``offset`` to dodge the unique constraint; shift back."""
    from django.db.models import F

    bill.actions.update(order=F("order") - offset)


def _sync_versions(bill: Bill, record: BillRecord) -> list[tuple[str, str]]:
    stored = {v.label: v for v in bill.versions.all()}
    changes = []
    for position, version in enumerate(record.versions):
        digest = text_hash(version.text)
        current = stored.get(version.label)
        if current is None:
            created = BillVersion.objects.create(
                bill=bill,
                label=version.label,
                date=version.date,
                url=version.url,
                media_type=version.media_type,
                text=version.text,
                sha256=digest,
                order=position,
            )
            changes.append((version.label, "added"))
            _queue_extraction(created)
            continue
        if _update_version(current, version, digest):
            changes.append((version.label, "text changed"))
            _queue_extraction(current)
    return changes


def _update_version(current: BillVersion, version, digest: str) -> bool:
    """Fill in what the stored version lacks; True when its text changed."""
    dirty = False
    for name in ("date", "url", "media_type"):
        value = getattr(version, name)
        if value and getattr(current, name) != value:
            setattr(current, name, value)
            dirty = True
    text_changed = bool(digest) and digest != current.sha256
    if text_changed:
        current.text, current.sha256 = version.text, digest
    if dirty or text_changed:
        current.save()
    return text_changed


def _queue_extraction(version: BillVersion) -> None:
    if not version.text:
        return
    from .tasks import extract_version_obligations

    version_id = version.pk
    transaction.on_commit(lambda: extract_version_obligations.delay(version_id))


def _sync_sponsors(bill: Bill, record: BillRecord) -> bool:
    if not record.sponsors:
        return False
    wanted = [(s.name, s.classification, s.chamber, s.party, s.source_id) for s in record.sponsors]
    have = [
        (s.name, s.classification, s.chamber, s.party, s.source_id) for s in bill.sponsorships.all()
    ]
    if wanted == have:
        return False
    bill.sponsorships.all().delete()
    Sponsorship.objects.bulk_create(
        Sponsorship(
            bill=bill, name=n, classification=c, chamber=ch, party=p, source_id=sid, order=i
        )
        for i, (n, c, ch, p, sid) in enumerate(wanted)
    )
    return True


def _sync_dates(bill: Bill) -> None:
    dates = list(bill.actions.order_by("order").values_list("date", flat=True))
    first, latest = (min(dates), max(dates)) if dates else (None, None)
    if (first, latest) != (bill.first_action_date, bill.latest_action_date):
        Bill.objects.filter(pk=bill.pk).update(first_action_date=first, latest_action_date=latest)
        bill.first_action_date, bill.latest_action_date = first, latest


def _link_related(bill: Bill, record: BillRecord) -> None:
    have = set(
        bill.related_bills.values_list(
            "relation", "jurisdiction_code", "session_identifier", "identifier"
        )
    )
    for rel in record.related_bills:
        key = (
            rel.relation,
            rel.jurisdiction or record.jurisdiction,
            rel.session or record.session,
            rel.identifier,
        )
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


def ingest_many(
    items: Iterable[BillRecord | RecordError], source: str, parameters: dict | None = None
) -> ScrapeRun:
    """Ingest records one transaction each, recording the run; one bad record fails alone."""
    run = ScrapeRun.objects.create(source=source, parameters=parameters or {})
    errors: list[str] = []
    places: dict = {}
    try:
        for item in items:
            _ingest_counted(item, run, errors, places)
    except Exception as exc:  # the source itself broke (parse/fetch error): record it
        logger.exception("run %s of %s failed", run.pk, source)
        errors.append(f"{type(exc).__name__}: {exc}")
        return finish_run(run, errors, fatal=True)
    return finish_run(run, errors)


def _ingest_counted(
    item: BillRecord | RecordError, run: ScrapeRun, errors: list[str], places: dict
) -> None:
    if isinstance(item, RecordError):
        run.failed += 1
        errors.append(str(item))
        return
    try:
        outcome = ingest_record(item, run, places)
    except Exception as exc:  # noqa: BLE001 - one bad record must not stop the rest
        places.clear()  # rows created in the rolled-back transaction are gone
        run.failed += 1
        errors.append(f"{'/'.join(item.key)}: {type(exc).__name__}: {exc}")
        logger.warning("record %s failed: %s", item.key, exc)
        return
    setattr(run, outcome.result, getattr(run, outcome.result) + 1)


def finish_run(run: ScrapeRun, errors: list[str], fatal: bool = False) -> ScrapeRun:
    if fatal:
        run.status = "failed"
    elif run.failed and not (run.inserted or run.updated or run.unchanged):
        run.status = "failed"
    else:
        run.status = "partial" if run.failed else "succeeded"
    run.error = "\n".join(errors[:200])
    run.finished_at = timezone.now()
    run.save()
    return run
