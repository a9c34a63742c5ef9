"""Storing extracted obligations for a version, carrying reviews over, and recording changes.

Extraction itself is pure (``bills.extraction``); this module is the part
that touches the database: it is a no-op when the version's text was already
extracted, keeps editors' reviews across re-extraction (matched by a
fingerprint of what the extractor originally said), marks which version's
obligations are current, and writes an ``obligations_changed`` event naming
exactly what was added, removed or changed against the previous version.

Extraction is idempotent, also when two workers race on one version (a
redelivered task and the sweeper): the work is re-checked under a row lock,
and it clears the version's ``extraction_pending_since`` mark only for the
text it really extracted.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import multiprocessing.util
import re
from collections import defaultdict
from collections.abc import Callable
from datetime import timedelta
from functools import partial

from django.db import connections, transaction
from django.utils import timezone

from . import totals
from .bulk_rows import insert_objects
from .legal_facts import TextLayout
from .legal_state import derive_new_duties
from .models import BillVersion, ChangeEvent, Obligation

COPIED_COLUMNS = ("penalty_max_usd", "compute_threshold_flop", "revenue_threshold_usd")
_DURATION = re.compile(
    r"^P(?:(?P<y>\d+)Y)?(?:(?P<mo>\d+)M)?(?:(?P<w>\d+)W)?(?:(?P<d>\d+)D)?"
    r"(?:T(?:(?P<h>\d+)H)?(?:(?P<mi>\d+)M)?(?:(?P<s>\d+)S)?)?$"
)
_SECONDS = {
    "y": 365 * 86400,
    "mo": 30 * 86400,
    "w": 7 * 86400,
    "d": 86400,
    "h": 3600,
    "mi": 60,
    "s": 1,
}


def duration_seconds(value: str | None) -> int | None:
    """Seconds in an ISO-8601 duration such as PT72H or P15D (months as 30 days), else None."""
    match = _DURATION.match(value or "")
    if not match or value in ("P", "PT"):
        return None
    return sum(int(v) * _SECONDS[k] for k, v in match.groupdict().items() if v)


def fingerprint(category: str, actor: str, text: str) -> str:
    words = " ".join(text.split()).lower()
    return hashlib.sha256(f"{category}|{actor}|{words}".encode()).hexdigest()


def extract_for_version(version_id: int, extractor: Callable | None = None) -> dict:
    """Extract obligations of a version; returns a summary. Re-running on the same text is a no-op."""
    if extractor is None:
        from .extraction import extract as extractor

    version = BillVersion.objects.select_related("bill").filter(pk=version_id).first()
    if version is None:  # deleted since it was queued: nothing left to do
        return {"version": version_id, "skipped": True}
    if not version.text or version.extracted_sha256 == version.sha256:
        _clear_mark(version_id, version.sha256)
        return {"version": version_id, "skipped": True}
    digest, text = version.sha256, version.text
    found = extractor(text)
    with transaction.atomic():
        version = (  # the text was read above
            BillVersion.objects.select_for_update().select_related("bill").defer("text")
        ).get(pk=version_id)
        if version.sha256 != digest or version.extracted_sha256 == digest:
            # The text changed meanwhile (its own extraction is queued), or another
            # worker finished first: storing now would be stale or a repeat.
            if version.extracted_sha256 == version.sha256:
                _clear_mark(version_id, version.sha256)
            return {"version": version_id, "skipped": True}
        previous = _current_obligations(version)
        stored = _store(version, found, TextLayout.of_text(text, digest))
        version.extracted_sha256 = digest
        version.extraction_pending_since = None
        version.save(update_fields=["extracted_sha256", "extraction_pending_since"])
        is_latest = _mark_current(version)
        if is_latest:
            diff = diff_obligations(previous, stored)
            if any(diff.values()):
                ChangeEvent.objects.create(
                    bill=version.bill,
                    kind="obligations_changed",
                    details={"version": version.label, **diff},
                )
    return {"version": version_id, "obligations": len(stored), "current": is_latest}


def _clear_mark(version_id: int, digest: str) -> None:
    """Nothing left to extract for this text: drop the pending mark (only for this text)."""
    BillVersion.objects.filter(
        pk=version_id, sha256=digest, extraction_pending_since__isnull=False
    ).update(extraction_pending_since=None)


def pending_versions(older_than: timedelta | None = None, limit: int | None = None) -> list[int]:
    """Ids of versions still marked for extraction (oldest first), optionally only stale marks."""
    marked = BillVersion.objects.filter(extraction_pending_since__isnull=False)
    if older_than is not None:
        marked = marked.filter(extraction_pending_since__lte=timezone.now() - older_than)
    ids = marked.order_by("extraction_pending_since", "pk").values_list("pk", flat=True)
    return list(ids[:limit] if limit else ids)


def touch_pending(version_ids: list[int]) -> None:
    """Restart the wait of marked versions (just queued again), so a sweep does not repeat them."""
    BillVersion.objects.filter(pk__in=version_ids, extraction_pending_since__isnull=False).update(
        extraction_pending_since=timezone.now()
    )


def reextract_all(extractor: Callable | None = None, progress: Callable | None = None) -> dict:
    """Extract every stored version again (after an extractor upgrade): ``extract_obligations --all``.

    Idempotent: obligations are replaced per version in one transaction and
    fingerprints are stable, so a second run stores the same rows; editors'
    reviews are re-applied by fingerprint, as on any re-extraction.
    ``progress`` is called once per version (a progress bar's update).
    """
    ids = list(BillVersion.objects.exclude(text="").order_by("pk").values_list("pk", flat=True))
    versions = obligations = 0
    for pk in ids:
        BillVersion.objects.filter(pk=pk).update(extracted_sha256="")
        result = extract_for_version(pk, extractor)
        if not result.get("skipped"):
            versions += 1
            obligations += result["obligations"]
        if progress is not None:
            progress()
    return {"versions": versions, "obligations": obligations}


def extract_pending(
    limit: int | None = None, extractor: Callable | None = None, workers: int = 0
) -> list[dict]:
    """Extract every version still marked, without a Celery worker (``extract_obligations
    --pending [--workers N]``)."""
    return extract_versions(pending_versions(limit=limit), extractor, workers)


def extract_versions(
    version_ids: list[int], extractor: Callable | None = None, workers: int = 0
) -> list[dict]:
    """``extract_for_version`` of each, in batches of ``BATCH`` whose matrix totals are
    recomputed once (``totals.flushed_once``); in this process or, with ``workers`` > 1,
    in that many forked processes with a database connection each, as a Celery worker's
    pool runs tasks (its default concurrency is the number of cores): extraction is
    CPU-bound in Python, so one process uses one core. Each version is still its own
    transaction; concurrent extractions of one bill serialise on its versions' row locks."""
    batches = [version_ids[i : i + BATCH] for i in range(0, len(version_ids), BATCH)]
    if workers > 1 and len(batches) > 1 and _can_fork():
        connections.close_all()  # each child opens its own
        with multiprocessing.get_context("fork").Pool(workers, _child_started) as pool:
            done = pool.imap(partial(_extract_batch, extractor=extractor), batches)
            results = [result for batch in done for result in batch]
            pool.close()  # the children leave by themselves, closing their connections
            pool.join()
        return results
    return [result for batch in batches for result in _extract_batch(batch, extractor)]


BATCH = 25  # versions whose cells are recomputed together


def _extract_batch(version_ids: list[int], extractor: Callable | None = None) -> list[dict]:
    with totals.flushed_once():
        return [extract_for_version(pk, extractor) for pk in version_ids]


def _child_started() -> None:
    """In a pool's child: close its database connections when it leaves."""
    multiprocessing.util.Finalize(None, connections.close_all, exitpriority=10)


def _can_fork() -> bool:
    return (
        "fork" in multiprocessing.get_all_start_methods()
        and not multiprocessing.current_process().daemon  # a Celery worker may have no children
        and not any(c.in_atomic_block for c in connections.all(initialized_only=True))
    )


def _store(version: BillVersion, found: list, layout: TextLayout) -> list[Obligation]:
    """The version's duties in place of its earlier ones, inserted with their legal states
    (section dates, amendments: ``derive_new_duties``) and editors' reviews."""
    reviewed = _reviews_for(version.bill_id)
    version.obligations.all().delete()
    rows, seen = [], set()
    for item in found:
        mark = fingerprint(item.category, item.actor, item.text)
        if mark in seen:
            continue
        seen.add(mark)
        row = _row(version, item, mark)
        if mark in reviewed:
            _apply_review(row, reviewed[mark])
        rows.append(row)
    derive_new_duties(version.bill, rows, layout)
    insert_objects(rows)  # COPY on PostgreSQL: bulk_create's SQL took as long as extracting
    return rows


def _row(version: BillVersion, item, mark: str) -> Obligation:
    attrs = dict(item.attributes)
    return Obligation(
        bill_id=version.bill_id,
        version=version,
        jurisdiction_id=version.bill.jurisdiction_id,
        category=item.category,
        actor=item.actor,
        actor_text=(item.actor_text or "")[:200],
        section=(item.section or "")[:80],
        start=item.start,
        end=item.end,
        text=item.text,
        attributes=attrs,
        confidence=item.confidence,
        rule_id=getattr(item, "rule_id", "")[:64],
        trigger_start=getattr(item, "trigger_start", None),
        trigger_end=getattr(item, "trigger_end", None),
        relevance=(getattr(item, "relevance", "") or "")[:200],
        needs_review=bool(getattr(item, "needs_review", False)),
        fingerprint=mark,
        **typed_columns(attrs),
    )


def typed_columns(attrs: dict) -> dict:
    columns = {name: attrs.get(name) for name in COPIED_COLUMNS}
    columns["deadline_seconds"] = duration_seconds(attrs.get("deadline"))
    return columns


def _reviews_for(bill_id: int) -> dict[str, Obligation]:
    """The newest review of each fingerprint on this bill, to re-apply after re-extraction."""
    reviews: dict[str, Obligation] = {}
    for ob in (
        Obligation.objects.filter(bill_id=bill_id)
        .exclude(review_state="extracted")
        .order_by("reviewed_at")
    ):
        reviews[ob.fingerprint] = ob
    return reviews


def _apply_review(row: Obligation, review: Obligation) -> None:
    for name in ("category", "actor", "attributes", "review_state", "reviewed_by_id"):
        setattr(row, name, getattr(review, name))
    row.reviewed_at, row.review_note = review.reviewed_at, review.review_note
    for name, value in typed_columns(row.attributes).items():
        setattr(row, name, value)


def _current_obligations(version: BillVersion) -> list[Obligation]:
    return list(Obligation.objects.filter(bill_id=version.bill_id, is_current=True))


def _mark_current(version: BillVersion) -> bool:
    """Make the latest extracted version's obligations current; True if it is this one."""
    versions = [
        v
        for v in version.bill.versions.defer("text")
        if v.extracted_sha256 and v.extracted_sha256 == v.sha256
    ]
    latest = max(versions, key=lambda v: (v.date or version.date or _MIN, v.order, v.pk))
    # Only rows whose flag changes: rewriting a row updates every index holding ``is_current``.
    Obligation.objects.filter(bill_id=version.bill_id, is_current=True).exclude(
        version=latest
    ).update(is_current=False)
    Obligation.objects.filter(version=latest, is_current=False).update(is_current=True)
    return latest.pk == version.pk


def _key(ob: Obligation) -> tuple[str, str, str]:
    return (ob.category, ob.actor, ob.section)


def diff_obligations(before: list[Obligation], after: list[Obligation]) -> dict[str, list]:
    """What changed between two sets of obligations, keyed by category, actor and section."""
    old, new = _by_key(before), _by_key(after)
    added = [_brief(ob) for k in new.keys() - old.keys() for ob in new[k]]
    removed = [_brief(ob) for k in old.keys() - new.keys() for ob in old[k]]
    changed = []
    for k in sorted(old.keys() & new.keys()):
        was, now = _merged_attrs(old[k]), _merged_attrs(new[k])
        for name in sorted(was.keys() | now.keys()):
            if was.get(name) != now.get(name):
                changed.append(
                    {
                        "category": k[0],
                        "actor": k[1],
                        "section": k[2],
                        "attribute": name,
                        "from": was.get(name),
                        "to": now.get(name),
                    }
                )
    return {"added": added, "removed": removed, "changed": changed}


def _by_key(obligations: list[Obligation]) -> dict[tuple, list[Obligation]]:
    grouped: dict[tuple, list[Obligation]] = defaultdict(list)
    for ob in obligations:
        if ob.review_state != "rejected":
            grouped[_key(ob)].append(ob)
    return grouped


def _merged_attrs(obligations: list[Obligation]) -> dict:
    merged: dict = {}
    for ob in obligations:
        merged.update(ob.attributes)
    return merged


def _brief(ob: Obligation) -> dict:
    return {
        "category": ob.category,
        "actor": ob.actor,
        "section": ob.section,
        "text": ob.text[:300],
        "attributes": ob.attributes,
    }


from datetime import date as _date  # noqa: E402

_MIN = _date.min
