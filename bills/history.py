"""A bill's history and texts: its actions, versions and sponsors, created or merged.

Several sources describe the same bill, so nothing here deletes what another
source said: actions and versions are added, a text is replaced only by a
different non-empty text, and a new or changed text is marked as awaiting
obligation extraction in the same transaction (``extraction_pending_since``),
so a crash between commit and queuing loses nothing; the job layer hears
``bills.signals.extraction_needed`` and queues the work after commit.
"""

from __future__ import annotations

import hashlib

from django.db.models import F
from django.utils import timezone

from scrapers.records import BillRecord

from .models import Bill, BillAction, BillVersion, Sponsorship
from .signals import extraction_needed


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest() if text else ""


def create_children(bill: Bill, record: BillRecord) -> None:
    """A new bill's actions, versions and sponsors: bulk inserts, nothing to compare."""
    BillAction.objects.bulk_create(new_actions(bill, record))
    for version in BillVersion.objects.bulk_create(new_versions(bill, record)):
        queue_extraction(version)
    Sponsorship.objects.bulk_create(new_sponsorships(bill, record))


def new_actions(bill: Bill, record: BillRecord) -> list[BillAction]:
    """Unsaved action rows of a new bill, in the record's (date) order."""
    return [
        BillAction(bill=bill, date=a.date, actor=a.actor, text=a.text,
                   classification=a.classification, order=i)
        for i, a in enumerate(record.actions)
    ]  # fmt: skip


def new_versions(bill: Bill, record: BillRecord) -> list[BillVersion]:
    """Unsaved version rows of a new bill; a repeated label keeps its first text."""
    return [_new_version(bill, v, i) for i, v in enumerate(_unique_versions(record.versions))]


def new_sponsorships(bill: Bill, record: BillRecord) -> list[Sponsorship]:
    return [
        Sponsorship(bill=bill, name=s.name, classification=s.classification, chamber=s.chamber,
                    party=s.party, source_id=s.source_id, order=i)
        for i, s in enumerate(record.sponsors)
    ]  # fmt: skip


def related_keys(record: BillRecord) -> list[tuple[str, str, str, str]]:
    """(relation, jurisdiction, session, identifier) of each link; blanks mean the record's own."""
    return [
        (
            rel.relation,
            rel.jurisdiction or record.jurisdiction,
            rel.session or record.session,
            rel.identifier,
        )
        for rel in record.related_bills
    ]


def _new_version(bill: Bill, version, position: int) -> BillVersion:
    """An unsaved version row for a record's version (the one place that maps the fields)."""
    return BillVersion(
        bill=bill,
        label=version.label,
        date=version.date,
        url=version.url,
        media_type=version.media_type,
        text=version.text,
        sha256=text_hash(version.text),
        extraction_pending_since=timezone.now() if version.text else None,
        order=position,
    )


def _unique_versions(versions: list) -> list:
    seen: dict[str, object] = {}
    for version in versions:
        seen.setdefault(version.label, version)
    return list(seen.values())


def _action_key(date, text: str, actor: str) -> tuple:
    return (date, " ".join(text.split()).lower(), actor.lower())


def sync_actions(bill: Bill, record: BillRecord) -> list[dict]:
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
    bill.actions.update(order=F("order") - offset)


def sync_versions(bill: Bill, record: BillRecord) -> list[tuple[str, str]]:
    stored = {v.label: v for v in bill.versions.all()}
    changes = []
    for position, version in enumerate(_unique_versions(record.versions)):
        digest = text_hash(version.text)
        current = stored.get(version.label)
        if current is None:
            created = _new_version(bill, version, position)
            created.save()
            changes.append((version.label, "added"))
            queue_extraction(created)
            continue
        if _update_version(current, version, digest):
            changes.append((version.label, "text changed"))
            queue_extraction(current)
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
        current.extraction_pending_since = timezone.now()
    if dirty or text_changed:
        current.save()
    return text_changed


def queue_extraction(version: BillVersion) -> None:
    """Announce a version marked for extraction; the job layer queues it after commit."""
    if version.text:
        extraction_needed.send(sender=BillVersion, version_ids=[version.pk])


def sync_sponsors(bill: Bill, record: BillRecord) -> bool:
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


def sync_dates(bill: Bill) -> None:
    dates = list(bill.actions.order_by("order").values_list("date", flat=True))
    first, latest = (min(dates), max(dates)) if dates else (None, None)
    if (first, latest) != (bill.first_action_date, bill.latest_action_date):
        Bill.objects.filter(pk=bill.pk).update(first_action_date=first, latest_action_date=latest)
        bill.first_action_date, bill.latest_action_date = first, latest
