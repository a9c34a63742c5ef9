"""Turning an import file's lines into ready records, here or in worker processes.

Why: reading a realistic bill (~40 KB of JSON: ``json.loads``, ``from_dict``,
validation, the status rules, the record hash) costs about as much CPU as
writing it, and one Python process does one thing at a time. With ``workers``
the lines of the next batch are parsed in other processes while this one
writes the current batch, so parsing, writing and the database server's work
overlap on several cores. Nothing else changes: the records come back in input
order and are written exactly as records parsed here would be (same batches,
same transactions, same events).

A record crosses the process boundary as plain tuples (``encode``/``decode``):
pickling the dataclasses themselves cost about as much as parsing the line.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from datetime import date

from scrapers.records import (
    ActionRecord,
    BillRecord,
    JsonlLine,
    RecordError,
    RelatedBillRecord,
    SponsorRecord,
    VersionRecord,
)

from .ingest import prepare_line

# What parsing a line gives: the ready record and its hash, or why it is not one.
Parsed = tuple[BillRecord, str] | RecordError


def parse_line(line: JsonlLine) -> Parsed:
    """``prepare_line``, with any failure as a ``RecordError`` naming the line."""
    try:
        return prepare_line(line)
    except RecordError as exc:
        return exc
    except Exception as exc:  # noqa: BLE001 - a line that breaks the status rules fails alone
        return RecordError(f"line {line.number}: {type(exc).__name__}: {exc}")


class InlineParser:
    """Parses in this process, when the batch's records are asked for."""

    def submit(self, lines: list[JsonlLine]) -> Callable[[], list[Parsed]]:
        return lambda: [parse_line(line) for line in lines]

    def close(self) -> None:
        pass


class PoolParser:
    """Parses in ``workers`` forked processes, starting as soon as a batch is submitted."""

    CHUNK = 50  # lines per task: a batch is shared among the workers

    def __init__(self, workers: int) -> None:
        self.pool = multiprocessing.get_context("fork").Pool(workers)

    def submit(self, lines: list[JsonlLine]) -> Callable[[], list[Parsed]]:
        pairs = [(line.number, line.raw) for line in lines]
        chunks = [pairs[i : i + self.CHUNK] for i in range(0, len(pairs), self.CHUNK)]
        pending = self.pool.map_async(_parse_encoded, chunks)
        return lambda: [decode(item) for chunk in pending.get() for item in chunk]

    def close(self) -> None:
        self.pool.terminate()
        self.pool.join()


def parser(workers: int) -> InlineParser | PoolParser:
    """A pool of ``workers`` processes where this process can fork, else parsing inline.

    The pool is forked before any query of the run's own batches, and a worker
    never touches the database: the connection it inherits is never used, and it
    leaves by ``os._exit`` without closing it.
    """
    if (
        workers > 0
        and "fork" in multiprocessing.get_all_start_methods()
        and not multiprocessing.current_process().daemon  # a Celery worker may have no children
    ):
        return PoolParser(workers)
    return InlineParser()


def _parse_encoded(pairs: list[tuple[int, str | bytes]]) -> list:
    return [encode(parse_line(JsonlLine(number, raw))) for number, raw in pairs]


def encode(parsed: Parsed):
    """A parsed line as plain tuples (dates as ordinals), for a worker to send back."""
    if isinstance(parsed, RecordError):
        return str(parsed)
    record, digest = parsed
    values = [getattr(record, name) for name in _BILL]
    for i in _BILL_DATES:
        values[i] = _ordinal(values[i])
    values[_ACTIONS] = [(a.date.toordinal(), a.text, a.actor, a.classification)
                        for a in record.actions]  # fmt: skip
    values[_VERSIONS] = [(v.label, _ordinal(v.date), v.url, v.media_type, v.text)
                         for v in record.versions]  # fmt: skip
    values[_SPONSORS] = [(s.name, s.classification, s.chamber, s.party, s.source_id)
                         for s in record.sponsors]  # fmt: skip
    values[_RELATED] = [(r.identifier, r.relation, r.session, r.jurisdiction)
                        for r in record.related_bills]  # fmt: skip
    return values, digest


def decode(item) -> Parsed:
    if isinstance(item, str):
        return RecordError(item)
    values, digest = item
    for i in _BILL_DATES:
        values[i] = _date(values[i])
    values[_ACTIONS] = [
        ActionRecord(date.fromordinal(d), t, a, c) for d, t, a, c in values[_ACTIONS]
    ]
    values[_VERSIONS] = [VersionRecord(label, _date(d), url, media, text)
                         for label, d, url, media, text in values[_VERSIONS]]  # fmt: skip
    values[_SPONSORS] = [SponsorRecord(*s) for s in values[_SPONSORS]]
    values[_RELATED] = [RelatedBillRecord(*r) for r in values[_RELATED]]
    return BillRecord(*values), digest


def _ordinal(value: date | None) -> int | None:
    return None if value is None else value.toordinal()


def _date(value: int | None) -> date | None:
    return None if value is None else date.fromordinal(value)


_BILL = tuple(BillRecord.__dataclass_fields__)
_BILL_DATES = [_BILL.index(n) for n in ("status_date", "effective_date", "session_start",
                                        "session_end")]  # fmt: skip
_ACTIONS, _VERSIONS, _SPONSORS, _RELATED = (
    _BILL.index(n) for n in ("actions", "versions", "sponsors", "related_bills")
)
