"""Plain records that every scraper yields and the importer consumes (no Django here).

A record is what one source says about one bill (or executive order, or
policy document) at one moment. ``to_dict``/``from_dict`` round-trip it
through JSON, one record per line (JSONL), which is also the format of the
demo data, ``export_records`` and ``scrape --dry-run --format jsonl``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field, fields
from datetime import date
from typing import IO, Any
from urllib.parse import urlsplit

from vocabulary.jurisdictions import by_code
from vocabulary.kinds import BILL_KINDS, RELATION_KINDS
from vocabulary.statuses import STATUSES, classify_action, derive_status


class RecordError(ValueError):
    """A record is missing something the importer needs, or holds a bad value."""


@dataclass
class ActionRecord:
    date: date
    text: str
    actor: str = ""  # chamber or office: "upper", "lower", "executive", or the source's words
    classification: list[str] = field(default_factory=list)


@dataclass
class VersionRecord:
    label: str  # e.g. "S6953B", "Chaptered", "Introduced"
    date: date | None = None
    url: str = ""
    media_type: str = ""
    text: str = ""  # extracted clean text, when the source gives it


@dataclass
class SponsorRecord:
    name: str
    classification: str = "primary"  # primary | cosponsor
    chamber: str = ""
    party: str = ""
    source_id: str = ""


@dataclass
class RelatedBillRecord:
    identifier: str
    relation: str = "companion"
    session: str = ""  # empty: same session
    jurisdiction: str = ""  # empty: same jurisdiction


@dataclass
class BillRecord:
    jurisdiction: str  # "US-NY", "US-CA", "US"
    session: str  # "2025-2026", "119", "2025"
    identifier: str  # normalised: "S 6953", "HR 21", "EO 14179"
    title: str
    kind: str = "bill"
    popular_name: str = ""
    abstract: str = ""
    status: str = ""
    status_date: date | None = None
    chapter: str = ""
    effective_date: date | None = None
    subjects: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    source_ids: dict[str, str] = field(default_factory=dict)
    actions: list[ActionRecord] = field(default_factory=list)
    versions: list[VersionRecord] = field(default_factory=list)
    sponsors: list[SponsorRecord] = field(default_factory=list)
    related_bills: list[RelatedBillRecord] = field(default_factory=list)
    ai_relevant: bool | None = None
    ai_relevance_reason: str = ""
    session_name: str = ""
    session_start: date | None = None
    session_end: date | None = None
    # A summary from a list endpoint (e.g. only the latest action): ingest fills gaps with it
    # but never lets it overwrite a fuller record's fields or move the status back.
    partial: bool = False

    def to_dict(self) -> dict[str, Any]:
        return _jsonable(asdict(self))

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> BillRecord:
        if not isinstance(data, dict):
            raise RecordError(f"a record must be a JSON object, got {type(data).__name__}")
        known = {f.name for f in fields(cls)}
        unknown = set(data) - known
        if unknown:
            raise RecordError(f"unknown field(s): {', '.join(sorted(unknown))}")
        values = dict(data)
        for name in ("status_date", "effective_date", "session_start", "session_end"):
            values[name] = _date_or_none(values.get(name), name)
        values["actions"] = [_action(a) for a in values.get("actions") or []]
        values["versions"] = [_version(v) for v in values.get("versions") or []]
        values["sponsors"] = [
            _make(SponsorRecord, s, "sponsor") for s in values.get("sponsors") or []
        ]
        values["related_bills"] = [
            _make(RelatedBillRecord, r, "related bill") for r in values.get("related_bills") or []
        ]
        try:
            record = cls(**values)
        except TypeError as exc:
            raise RecordError(f"missing required field: {exc}") from exc
        return record.validate()

    def validate(self) -> BillRecord:
        """Check the fields the importer keys on and the vocabularies; returns self."""
        where = f"{self.jurisdiction}/{self.session}/{self.identifier}"
        for name in ("jurisdiction", "session", "identifier", "title"):
            if not str(getattr(self, name) or "").strip():
                raise RecordError(f"{where}: field {name!r} is empty")
        try:
            by_code(self.jurisdiction)
        except KeyError as exc:
            raise RecordError(f"{where}: {exc.args[0]}") from None
        if self.kind not in BILL_KINDS:
            raise RecordError(f"{where}: unknown kind {self.kind!r}")
        if self.status and self.status not in STATUSES:
            raise RecordError(f"{where}: unknown status {self.status!r}")
        for related in self.related_bills:
            if related.relation not in RELATION_KINDS:
                raise RecordError(f"{where}: unknown relation {related.relation!r}")
        urls = [("sources", url) for url in self.sources]
        urls += [(f"version {v.label!r} url", v.url) for v in self.versions if v.url]
        for name, url in urls:
            if not is_http_url(url):
                raise RecordError(f"{where}: {name} {url[:200]!r} is not an http(s) URL")
        return self

    def normalised(self) -> BillRecord:
        """Fill action classifications and status/chapter from the status rules when missing."""
        self.actions.sort(key=lambda a: a.date)
        for action in self.actions:
            if not action.classification:
                action.classification = classify_action(action.text)
        if self.actions and not self.status:
            result = derive_status(
                [(a.date, a.text, a.actor, a.classification) for a in self.actions]
            )
            self.status, self.status_date = result.status, result.date
            self.chapter = self.chapter or result.chapter
        elif not self.status:
            self.status = "introduced"
        return self

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.jurisdiction, self.session, self.identifier)


def is_http_url(value: str) -> bool:
    """An absolute http or https URL with a host: the only links a record may carry."""
    parsed = urlsplit(value.strip())
    return (
        parsed.scheme.lower() in ("http", "https")
        and bool(parsed.netloc)
        and not any(ord(c) < 32 for c in value)
    )


def _jsonable(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    return value


def _date_or_none(value: Any, name: str) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError as exc:
        raise RecordError(f"field {name!r} is not an ISO date: {value!r}") from exc


def _make(cls: type, data: Any, what: str) -> Any:
    if not isinstance(data, dict):
        raise RecordError(f"{what} must be an object, got {data!r}")
    try:
        return cls(**data)
    except TypeError as exc:
        raise RecordError(f"bad {what} {data!r}: {exc}") from exc


def _action(data: Any) -> ActionRecord:
    action = _make(ActionRecord, data, "action")
    action.date = _date_or_none(action.date, "action.date")
    if action.date is None:
        raise RecordError(f"action without a date: {data!r}")
    return action


def _version(data: Any) -> VersionRecord:
    version = _make(VersionRecord, data, "version")
    version.date = _date_or_none(version.date, "version.date")
    return version


def write_jsonl(records: Iterable[BillRecord], out: IO[str]) -> int:
    count = 0
    for record in records:
        out.write(json.dumps(record.to_dict(), ensure_ascii=False, sort_keys=True) + "\n")
        count += 1
    return count


def read_jsonl(lines: Iterable[str]) -> Iterator[tuple[int, BillRecord | RecordError]]:
    """Yield (line number, record or the error for that line); one bad line never stops the rest."""
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            yield number, BillRecord.from_dict(json.loads(line))
        except json.JSONDecodeError as exc:
            yield number, RecordError(f"line {number}: not JSON ({exc.msg})")
        except RecordError as exc:
            yield number, RecordError(f"line {number}: {exc}")
