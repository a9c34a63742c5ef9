"""Ingest of many records at once: new bills inserted a batch per transaction, the rest one by one.

Why: one transaction and about a dozen statements per bill capped a first load
at ~35 bills/s on PostgreSQL (profile in ``bench/RESULTS.md``). Here a batch
of records costs one query to find which of them are stored and unchanged,
and the new ones are written with one ``INSERT`` per table for the whole batch
(bills, events, actions, versions, sponsors, related-bill links).

The meaning is exactly that of ``ingest_record`` applied record by record:
- a record whose stored hash matches is "unchanged", with no transaction;
- a new record is inserted with its ``new_bill`` event, children and links,
  and its texts are marked (and announced) for extraction as ``create_children``
  does, and the bill is marked (and announced) for the search index;
- a stored record that changed, or a key repeated within the batch, goes
  through ``ingest_record``'s update path, after the batch, in input order
  among themselves;
- if anything in the batch insert fails, its transaction rolls back whole and
  each of its records is ingested alone, so a bad record fails alone and
  nothing is half-written.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import NamedTuple

from django.db import InterfaceError, OperationalError, connection, transaction
from django.db.models import Q
from django.utils import timezone

from scrapers.records import BillRecord

from . import bulk_states, history, legal_facts
from .bulk_rows import ROWS_PER_INSERT, insert_objects, insert_rows
from .ingest import Outcome, ingest_prepared, new_bill, places_of, prepare
from .models import (
    Bill,
    BillAction,
    ChangeEvent,
    LegislativeSession,
    RelatedBill,
    ScrapeRun,
    Sponsorship,
)
from .planner import index_scans
from .signals import search_index_needed

BATCH_SIZE = 500
ACTION_COLUMNS = ("bill", "date", "actor", "text", "classification", "order")
EVENT_COLUMNS = ("bill", "kind", "occurred_at", "details", "run")
SPONSOR_COLUMNS = ("bill", "name", "classification", "chamber", "party", "source_id", "order")

Key = tuple[str, str, str]


def imported_bills(import_hashes: list[str]) -> dict[str, int]:
    """{line hash: bill id} of the bills last imported from exactly these lines (one query).

    Such a line is unchanged without being parsed: its bytes (and the code that
    reads them) are those its bill was written from, key included.
    """
    wanted = [digest for digest in import_hashes if digest]
    if not wanted:
        return {}
    with index_scans():  # keys: by index, whatever the statistics say (bills.planner)
        return dict(Bill.objects.filter(import_hash__in=wanted).values_list("import_hash", "pk"))


def ingest_records(
    records: list[BillRecord],
    run: ScrapeRun | None,
    places: dict,
    import_hashes: list[str] | None = None,
) -> Iterator[tuple[BillRecord, Outcome | Exception]]:
    """Each record with its outcome, or the exception that made it fail alone.

    ``import_hashes`` (one per record, "" where none) are the ``line_hash``es of the
    JSONL lines the records were read from, stored with their bills.
    """
    ready: list[Prepared] = []
    for record, line in zip(records, import_hashes or [""] * len(records), strict=True):
        try:
            ready.append(Prepared(*prepare(record), line))
        except Exception as exc:  # noqa: BLE001 - a record that does not validate fails alone
            yield record, exc
    yield from ingest_ready(ready, run, places)


def ingest_ready(
    ready: list[Prepared], run: ScrapeRun | None, places: dict
) -> Iterator[tuple[BillRecord, Outcome | Exception]]:
    """``ingest_records`` of records ``prepare`` (or ``prepare_line``) has made ready."""
    stored = _stored_hashes([item.record for item in ready])
    fresh: list[tuple[int, Prepared]] = []
    one_by_one: list[tuple[int, Prepared]] = []
    seen: set[Key] = set()
    relabel: dict[int, str] = {}
    for position, item in enumerate(ready):
        key = item.record.key
        known = stored.get(key)
        if known is not None and known[1] == item.digest:
            if item.import_hash and known[2] != item.import_hash:
                relabel[known[0]] = item.import_hash  # same record, another line: remember it
            yield item.record, Outcome("unchanged", known[0])
        elif known is None and key not in seen:
            fresh.append((position, item))
        else:
            one_by_one.append((position, item))
        seen.add(key)
    _store_import_hashes(relabel)
    if fresh:
        updated = {stored[i.record.key][0] for _, i in one_by_one if i.record.key in stored}
        plan = _LinkPlan([i.record for _, i in fresh], updated)
        one_by_one += [entry for entry in fresh if entry[1].record.key in plan.entangled]
        fresh = [entry for entry in fresh if entry[1].record.key not in plan.entangled]
        yield from _insert_or_fall_back([i for _, i in fresh], run, places, plan)
    for _, item in sorted(one_by_one, key=lambda entry: entry[0]):
        yield item.record, _alone(item, run, places)


class Prepared(NamedTuple):
    record: BillRecord
    digest: str  # record_hash
    import_hash: str  # line_hash of its JSONL line, or ""


def _store_import_hashes(hashes: dict[int, str]) -> None:
    if hashes:
        bills = [Bill(pk=pk, import_hash=digest) for pk, digest in hashes.items()]
        Bill.objects.bulk_update(bills, ["import_hash"], batch_size=ROWS_PER_INSERT)


def database_unavailable(exc: BaseException) -> bool:
    """The database itself failed (connection lost, server gone), not this record's data.

    A deadlock or serialisation failure (SQLSTATE class 40) is one record's bad
    luck and fails alone; every other operational error stops the run.
    """
    if not isinstance(exc, OperationalError | InterfaceError):
        return False
    return not (getattr(exc.__cause__, "sqlstate", None) or "").startswith("40")


def _alone(item: Prepared, run: ScrapeRun | None, places: dict):
    try:
        return ingest_prepared(item.record, item.digest, run, places, item.import_hash)
    except Exception as exc:  # noqa: BLE001 - one bad record must not stop the rest
        places.clear()  # rows created in the rolled-back transaction are gone
        return exc


def _insert_or_fall_back(
    fresh: list[Prepared], run: ScrapeRun | None, places: dict, plan: _LinkPlan
) -> Iterator[tuple[BillRecord, Outcome | Exception]]:
    if not fresh:
        return
    try:
        with transaction.atomic():
            bills = _insert(fresh, run, places, plan)
    except Exception as exc:  # noqa: BLE001 - find the bad record by ingesting each alone
        places.clear()
        if database_unavailable(exc):  # not a record's fault: the run stops, nothing written
            yield fresh[0].record, exc
            return
        for item in fresh:
            yield item.record, _alone(item, run, places)
        return
    for item, bill in zip(fresh, bills, strict=True):
        yield item.record, Outcome("inserted", bill.pk, ["new_bill"])


def _stored_hashes(records: list[BillRecord]) -> dict[Key, tuple[int, str, str]]:
    """(pk, record hash, import hash) of the stored bills among ``records``, in one query."""
    return {
        key: (pk, *hashes)
        for key, pk, hashes in _stored({r.key for r in records}, "record_hash", "import_hash")
    }


def _stored(keys: set[Key], *columns: str) -> list[tuple[Key, int, tuple]]:
    """(key, pk, values of ``columns``) of the stored bills among ``keys``.

    Keyed by session and jurisdiction ids, so PostgreSQL walks the unique index
    (jurisdiction, session, identifier); matching on the codes through joins
    scanned the bills table once the database was large.
    """
    if not keys:
        return []
    sessions = {
        (code, ident): (pk, jurisdiction)
        for pk, jurisdiction, code, ident in LegislativeSession.objects.filter(
            jurisdiction__code__in={c for c, _, _ in keys}
        ).values_list("pk", "jurisdiction_id", "jurisdiction__code", "identifier")
    }
    wanted: dict[tuple[str, str], set[str]] = defaultdict(set)
    for code, session, ident in keys:
        if (code, session) in sessions:
            wanted[(code, session)].add(ident)
    if not wanted:
        return []
    place_of = {session: place for place, (session, _) in sessions.items()}
    if connection.vendor == "postgresql":
        rows = _stored_rows(
            [
                (*sessions[place][::-1], ident)
                for place, idents in wanted.items()
                for ident in idents
            ],
            columns,
        )
    else:
        match = Q(pk__in=[])
        for place, identifiers in wanted.items():
            session, jurisdiction = sessions[place]
            match |= Q(jurisdiction_id=jurisdiction, session_id=session, identifier__in=identifiers)
        rows = (
            Bill.objects.filter(match)
            .order_by()
            .values_list("session_id", "identifier", "pk", *columns)
        )
    return [((*place_of[s], ident), pk, tuple(values)) for s, ident, pk, *values in rows]


def _stored_rows(keys: list[tuple[int, int, str]], columns: tuple[str, ...]) -> list[tuple]:
    """(session id, identifier, pk, *columns) of the bills with these (jurisdiction id,
    session id, identifier) keys: one join with the keys as arrays, along the unique index.
    The ORM's OR of one condition per place cost the writer more CPU to build than the
    database took to answer (~200 places in a batch of 500 bills)."""
    wanted = ", ".join(f"b.{connection.ops.quote_name(column)}" for column in columns)
    sql = f"""
        SELECT b.session_id, b.identifier, b.id{", " + wanted if wanted else ""}
        FROM unnest(%s::bigint[], %s::bigint[], %s::text[]) AS k(jurisdiction, session, ident)
        JOIN bills_bill b ON b.jurisdiction_id = k.jurisdiction AND b.session_id = k.session
            AND b.identifier = k.ident
    """
    with index_scans(), connection.cursor() as cursor:
        cursor.execute(sql, [list(column) for column in zip(*keys, strict=True)])
        return cursor.fetchall()


def _insert(
    fresh: list[Prepared], run: ScrapeRun | None, places: dict, plan: _LinkPlan
) -> list[Bill]:
    records = [item.record for item in fresh]
    bills = [
        new_bill(item.record, *places_of(item.record, places), item.digest, item.import_hash)
        for item in fresh
    ]
    session_ends = legal_facts.session_ends(bills)
    for bill, record in zip(bills, records, strict=True):
        if record.key not in plan.refresh_new:
            bulk_states.derive_in_memory(bill, record.actions, record, session_ends)
    insert_objects(bills)
    now = timezone.now()
    insert_rows(ChangeEvent, EVENT_COLUMNS, [
        (b.pk, "new_bill", now, {"status": b.status}, run.pk if run else None) for b in bills
    ])  # fmt: skip
    insert_rows(BillAction, ACTION_COLUMNS, [
        (bill.pk, a.date, a.actor, a.text, a.classification, i)
        for bill, record in zip(bills, records, strict=True)
        for i, a in enumerate(record.actions)
    ])  # fmt: skip
    _insert_versions_and_sponsors(bills, records)
    _insert_links(bills, records, plan)
    by_key = {record.key: bill.pk for bill, record in zip(bills, records, strict=True)}
    bulk_states.refresh_all(
        [by_key[key] for key in plan.refresh_new] + list(plan.refresh_stored), run=run
    )
    # Written marked (``new_bill``); the job layer indexes them once the batch commits.
    search_index_needed.send(sender=Bill, bill_ids=[bill.pk for bill in bills])
    return bills


def _insert_versions_and_sponsors(bills: list[Bill], records: list[BillRecord]) -> None:
    """What ``history.create_children`` writes besides actions, for the whole batch at once."""
    versions, sponsors = [], []
    for bill, record in zip(bills, records, strict=True):
        versions += history.new_versions(bill, record)
        sponsors += [(bill.pk, s.name, s.classification, s.chamber, s.party, s.source_id, i)
                     for i, s in enumerate(record.sponsors)]  # fmt: skip
    insert_objects(versions, batch_size=100)
    for version in versions:
        history.queue_extraction(version)
    insert_rows(Sponsorship, SPONSOR_COLUMNS, sponsors)


class _LinkPlan:
    """Where the batch's links lead, and which bills' legal states they can move.

    Read before the batch is written: the stored bills the new links point to,
    and the stored links that were waiting for one of the new bills. Bills
    joined by links that can move a legal state form groups; a group holding
    more than one new bill, or a stored bill that this chunk also updates, is
    ``entangled``: the order in which one-by-one ingest would meet its members
    decides its events, so those records are ingested one by one, in order.
    """

    def __init__(self, records: list[BillRecord], updated_pks: set[int]) -> None:
        status = {record.key: record.status for record in records}
        self.links = {r.key: list(dict.fromkeys(history.related_keys(r))) for r in records}
        wanted = {key[1:] for links in self.links.values() for key in links} - set(status)
        self.stored = _stored_bills(wanted)  # key -> (pk, status)
        self.groups = _Groups()
        for key, links in self.links.items():
            for relation, *rest in links:
                target = tuple(rest)
                if target in status:
                    if bulk_states.shapes_legal_state(relation, status[key], status[target]):
                        self.groups.join(("new", key), ("new", target))
                elif target in self.stored:
                    pk, other = self.stored[target]
                    if bulk_states.shapes_legal_state(relation, status[key], other):
                        self.groups.join(("new", key), ("stored", pk))
        for relation, pk, other, target in _waiting_links(set(status)):
            if bulk_states.shapes_legal_state(relation, status[target], other):
                self.groups.join(("new", target), ("stored", pk))
        self.entangled: set[Key] = set()
        self.refresh_new: set[Key] = set()
        self.refresh_stored: set[int] = set()
        for members in self.groups.members():
            new = {key for kind, key in members if kind == "new"}
            stored = {pk for kind, pk in members if kind == "stored"}
            if len(new) > 1 or stored & updated_pks:
                self.entangled |= new
            else:
                self.refresh_new |= new
                self.refresh_stored |= stored


class _Groups:
    """Union-find over linked bills."""

    def __init__(self) -> None:
        self.parent: dict = {}

    def find(self, node):
        self.parent.setdefault(node, node)
        while self.parent[node] != node:
            self.parent[node] = self.parent[self.parent[node]]
            node = self.parent[node]
        return node

    def join(self, a, b) -> None:
        self.parent[self.find(a)] = self.find(b)

    def members(self) -> list[set]:
        groups: dict = defaultdict(set)
        for node in list(self.parent):
            groups[self.find(node)].add(node)
        return list(groups.values())


def _insert_links(bills: list[Bill], records: list[BillRecord], plan: _LinkPlan) -> None:
    """Related-bill links of the new bills, and older links that were waiting for them."""
    by_key = {record.key: bill.pk for bill, record in zip(bills, records, strict=True)}
    rows = []
    for bill, record in zip(bills, records, strict=True):
        for relation, code, session, ident in plan.links[record.key]:
            target = (code, session, ident)
            stored = plan.stored.get(target)
            rows.append(
                RelatedBill(bill=bill, relation=relation, jurisdiction_code=code,
                            session_identifier=session, identifier=ident,
                            related_id=by_key.get(target) or (stored[0] if stored else None))
            )  # fmt: skip
    RelatedBill.objects.bulk_create(rows, batch_size=ROWS_PER_INSERT)
    _resolve_waiting_links(by_key)


def _by_place(keys: Iterable[Key], code: str, session: str, ident: str) -> Q:
    """One condition matching any of ``keys`` (jurisdiction, session, identifier), by place."""
    wanted: dict[tuple[str, str], set[str]] = defaultdict(set)
    for c, s, i in keys:
        wanted[(c, s)].add(i)
    match = Q(pk__in=[])
    for (c, s), identifiers in wanted.items():
        match |= Q(**{code: c, session: s, f"{ident}__in": identifiers})
    return match


def _stored_bills(keys: set[Key]) -> dict[Key, tuple[int, str]]:
    return {key: (pk, status) for key, pk, (status,) in _stored(keys, "status")}


def _waiting_links(keys: set[Key]) -> list[tuple[str, int, str, Key]]:
    """(relation, linking bill id, its status, target key) of stored links waiting for ``keys``."""
    if not keys:
        return []
    if connection.vendor == "postgresql":
        with index_scans(), connection.cursor() as cursor:
            cursor.execute(
                """SELECT r.relation, r.bill_id, b.status, r.jurisdiction_code,
                          r.session_identifier, r.identifier
                   FROM unnest(%s::text[], %s::text[], %s::text[]) AS k(code, session, ident)
                   JOIN bills_relatedbill r ON r.related_id IS NULL AND r.jurisdiction_code = k.code
                       AND r.session_identifier = k.session AND r.identifier = k.ident
                   JOIN bills_bill b ON b.id = r.bill_id""",
                [list(column) for column in zip(*keys, strict=True)],
            )
            rows = cursor.fetchall()
    else:
        rows = RelatedBill.objects.filter(
            _by_place(keys, "jurisdiction_code", "session_identifier", "identifier"),
            related__isnull=True,
        ).values_list("relation", "bill_id", "bill__status", "jurisdiction_code",
                      "session_identifier", "identifier")  # fmt: skip
    return [(rel, pk, status, (c, s, i)) for rel, pk, status, c, s, i in rows]


def _resolve_waiting_links(by_key: dict[Key, int]) -> None:
    if connection.vendor == "postgresql":
        keys = list(by_key)
        with connection.cursor() as cursor:
            cursor.execute(
                """UPDATE bills_relatedbill r SET related_id = k.target
                   FROM unnest(%s::text[], %s::text[], %s::text[], %s::bigint[])
                       AS k(code, session, ident, target)
                   WHERE r.related_id IS NULL AND r.jurisdiction_code = k.code
                       AND r.session_identifier = k.session AND r.identifier = k.ident""",
                [*(list(column) for column in zip(*keys, strict=True)), list(by_key.values())],
            )
        return
    waiting = RelatedBill.objects.filter(
        _by_place(by_key, "jurisdiction_code", "session_identifier", "identifier"),
        related__isnull=True,
    ).values_list("pk", "jurisdiction_code", "session_identifier", "identifier")
    by_target: dict[int, list[int]] = defaultdict(list)
    for pk, code, session, ident in waiting:
        by_target[by_key[(code, session, ident)]].append(pk)
    for target, pks in by_target.items():
        RelatedBill.objects.filter(pk__in=pks).update(related_id=target)
