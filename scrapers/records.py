"""Plain records that every scraper yields and the importer consumes (no Django here).

A record is what one source says about one bill (or executive order, or
policy document) at one moment. ``to_dict``/``from_dict`` round-trip it
through JSON, one record per line (JSONL), which is also the format of the
demo data, ``export_records`` and ``scrape --dry-run --format jsonl``.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field, fields, is_dataclass
from datetime import date
from functools import cached_property
from typing import IO, Any
from urllib.parse import urlsplit

from vocabulary.jurisdictions import by_code
from vocabulary.kinds import BILL_KINDS, RELATION_KINDS
from vocabulary.statuses import STATUSES, classify_action, derive_status, is_earlier_stage

# The longest value the database keeps for each length-limited field. The model columns
# are declared with these numbers (``bills/models``), and ``validate`` rejects a longer
# value with a message naming the field, so SQLite (which ignores lengths) and
# PostgreSQL (which rejects the whole bill) accept and reject the same records. Sized for
# real data with room: congress.gov text URLs pass 150 characters, LegiScan's state
# links 300, and New York's committee actors 60.
FIELD_LENGTHS: dict[str, int] = {
    "session": 40,
    "identifier": 64,
    "popular_name": 500,
    "chapter": 200,
    "session_name": 200,
    "action.actor": 200,
    "version.label": 300,
    "version.url": 2000,
    "version.media_type": 255,
    "sponsor.name": 300,
    "sponsor.chamber": 40,
    "sponsor.party": 80,
    "sponsor.source_id": 200,
    "related.identifier": 64,
    "related.session": 40,
}
# Lone surrogates (from JSON "\ud800" escapes) cannot be encoded for the database or a
# terminal, and PostgreSQL refuses NUL in text; other C0 controls are noise in text.
_UNSTORABLE = re.compile("[\ud800-\udfff]|[\x00-\x08\x0b\x0c\x0e-\x1f]")
# The same controls as bytes: an ASCII text (most bill text) is checked by bytes.translate,
# several times faster than a regex scan of a 40 KB text.
_UNSTORABLE_BYTES = bytes([*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20)])
_CONTROL = re.compile("[\x00-\x1f]")
_SURROGATES = re.compile("[\ud800-\udfff]")
_SUSPECT_ESCAPE = re.compile(r"\\[bfu]")  # in JSON: \b, \f or \uXXXX (or an escaped backslash)


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
        for name, value in self._limited_values():
            limit = FIELD_LENGTHS[name]
            if len(value) > limit:
                raise RecordError(
                    f"{where}: {name} is {len(value)} characters, longer than the {limit} "
                    f"stored: {value[:60]!r}..."
                )
        return self

    def _limited_values(self) -> Iterator[tuple[str, str]]:
        """(FIELD_LENGTHS name, value) for every length-limited string of the record."""
        for name in ("session", "identifier", "popular_name", "chapter", "session_name"):
            yield name, str(getattr(self, name) or "")
        prefixes = (
            ("action", self.actions),
            ("version", self.versions),
            ("sponsor", self.sponsors),
            ("related", self.related_bills),
        )
        for prefix, items in prefixes:
            for item in items:
                for key, limit_name in _ITEM_LIMITS[prefix]:
                    yield limit_name, str(getattr(item, key) or "")

    def normalised(self, strings_storable: bool = False) -> BillRecord:
        """Fill action classifications and status/chapter from the status rules when missing.

        Also makes every string storable (``storable_text``), whatever the source sent;
        ``strings_storable`` says that is known already (``JsonlLine.strings_storable``),
        so only what ``_clean_strings`` does besides (dict values made strings) is done.
        """
        if strings_storable:
            _stringify_dicts(self)
        else:
            _clean_strings(self)
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
    if not isinstance(value, str):
        return False
    parsed = urlsplit(value.strip())
    return (
        parsed.scheme.lower() in ("http", "https")
        and bool(parsed.netloc)
        and not _CONTROL.search(value)
    )


_ITEM_LIMITS: dict[str, tuple[tuple[str, str], ...]] = {
    prefix: tuple(
        (name.split(".", 1)[1], name) for name in FIELD_LENGTHS if name.startswith(prefix + ".")
    )
    for prefix in ("action", "version", "sponsor", "related")
}


def storable_text(value: str) -> str:
    """``value`` without what no database or terminal can store: lone surrogates become
    U+FFFD, NUL and other control characters (except tab and line breaks) go."""
    if value.isascii():  # no surrogates; look for controls the fast way
        raw = value.encode("ascii")
        if len(raw.translate(None, _UNSTORABLE_BYTES)) == len(raw):
            return value
    elif not _UNSTORABLE.search(value):
        return value
    return _UNSTORABLE.sub(lambda m: "\ufffd" if m.group() >= "\ud800" else "", value)


def _clean_strings(obj: Any) -> None:
    """Apply ``storable_text`` to every string field of a record and its items, in place."""
    for name in _field_names(type(obj)):
        value = getattr(obj, name)
        if isinstance(value, str):
            setattr(obj, name, storable_text(value))
        elif isinstance(value, list):
            for i, item in enumerate(value):
                if isinstance(item, str):
                    value[i] = storable_text(item)
                elif is_dataclass(item):
                    _clean_strings(item)
        elif isinstance(value, dict):
            setattr(
                obj,
                name,
                {storable_text(str(k)): storable_text(str(v)) for k, v in value.items()},
            )


def _stringify_dicts(record: BillRecord) -> None:
    """What ``_clean_strings`` does to a record whose strings are all storable already:
    the keys and values of a dict-valued field (``source_ids``) become strings."""
    items = (record.actions, record.versions, record.sponsors, record.related_bills)
    for obj in (record, *(item for group in items for item in group if is_dataclass(item))):
        values = vars(obj)
        if dict in map(type, values.values()):  # one C loop per object (JSON gives plain dicts)
            for name, value in values.items():
                if isinstance(value, dict):
                    setattr(obj, name, {str(k): str(v) for k, v in value.items()})


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _field_names(cls: type) -> tuple[str, ...]:
    if cls not in _FIELD_NAMES:
        _FIELD_NAMES[cls] = tuple(f.name for f in fields(cls))
    return _FIELD_NAMES[cls]


# --------------------------------------------------------------------------- one run's records


def merge_records(records: Iterable[BillRecord]) -> list[BillRecord]:
    """One record per bill (jurisdiction, session, identifier), in first-seen order.

    A run may read one bill from several files (a detail response and a list
    page, the API and BILLSTATUS). Their records become one: a full record's
    fields win over a partial one's, gaps are filled from the others, actions,
    versions, sponsors and related bills are joined without repeats, and the
    status is the full records' latest; a partial record's status counts only
    when it is later in time and not an earlier stage.
    """
    groups: dict[tuple[str, str, str], list[BillRecord]] = {}
    for record in records:
        groups.setdefault(record.key, []).append(record)
    return [group[0] if len(group) == 1 else _merged(group) for group in groups.values()]


def _merged(group: list[BillRecord]) -> BillRecord:
    ordered = sorted(group, key=lambda r: r.partial)  # full records first, stable otherwise
    merged = copy.deepcopy(ordered[0])
    for other in ordered[1:]:
        for f in fields(BillRecord):
            if f.name in _JOINED or f.name in ("status", "status_date", "partial"):
                continue
            if getattr(merged, f.name) in (None, "", [], {}):
                setattr(merged, f.name, getattr(other, f.name))
        _join_items(merged, other)
        _merge_status(merged, other)
    merged.partial = all(r.partial for r in group)
    return merged


_JOINED = ("actions", "versions", "sponsors", "related_bills", "subjects", "sources", "source_ids")


def _join_items(merged: BillRecord, other: BillRecord) -> None:
    keys = {
        "actions": lambda a: (a.date, a.text, a.actor),
        "versions": lambda v: v.label,
        "sponsors": lambda s: (s.name, s.classification),
        "related_bills": lambda r: (r.identifier, r.session, r.jurisdiction),
        "subjects": lambda s: s,
        "sources": lambda s: s,
    }
    for name, key in keys.items():
        mine = getattr(merged, name)
        seen = {key(item) for item in mine}
        mine.extend(item for item in getattr(other, name) if key(item) not in seen)
    merged.source_ids = {**other.source_ids, **merged.source_ids}
    merged.actions.sort(key=lambda a: a.date)


def _merge_status(merged: BillRecord, other: BillRecord) -> None:
    if not other.status or other.status_date is None:
        return
    later = merged.status_date is None or other.status_date > merged.status_date
    if other.partial and not merged.partial:
        later = later and merged.status_date is not None
        if not later or is_earlier_stage(other.status, merged.status):
            return
    if later or not merged.status:
        merged.status, merged.status_date = other.status, other.status_date


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


@dataclass(frozen=True)
class JsonlLine:
    """One line of a JSONL file, not yet parsed: a re-import of an unchanged file compares
    each line with what it stored last time (``bills.ingest.line_hash``) before paying for
    JSON parsing, ``from_dict``, validation and normalisation.

    ``raw`` is the line as read: text, or the file's bytes (an import reads the file in
    binary, so an unchanged line is hashed as it lies in the file and never decoded; a
    line that is not UTF-8 then fails alone, when parsed, instead of stopping the run).
    """

    number: int
    raw: str | bytes

    @cached_property
    def text(self) -> str:
        """The line as text; raises ``RecordError`` naming the line if it is not UTF-8."""
        if isinstance(self.raw, str):
            return self.raw
        try:
            return self.raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise RecordError(f"line {self.number}: not UTF-8 (byte {exc.start})") from None

    def strings_storable(self) -> bool:
        """Whether every string of the line's record is storable as parsed (``storable_text``
        would change none), known without looking at the strings one by one.

        JSON can hold a control character only as an escape (``json.loads`` refuses raw
        ones in strings) and a lone surrogate only as a ``\\u`` escape or raw in a line
        not read from UTF-8; ``\\t``, ``\\n`` and ``\\r`` stay. A line with a
        backslash-u, -b or -f anywhere (even a harmless one) is cleaned string by string.
        """
        if _SUSPECT_ESCAPE.search(self.text):
            return False
        return self.text.isascii() or not _SURROGATES.search(self.text)

    def record(self) -> BillRecord:
        """The line's record (validated); raises ``RecordError`` naming the line."""
        try:
            return BillRecord.from_dict(json.loads(self.text))
        except json.JSONDecodeError as exc:
            raise RecordError(f"line {self.number}: not JSON ({exc.msg})") from None
        except RecordError as exc:
            raise RecordError(f"line {self.number}: {exc}") from None


def read_jsonl_lines(lines: Iterable[str | bytes]) -> Iterator[JsonlLine]:
    """Each non-blank line (text or bytes), numbered from 1, parsed only when its ``record``
    is asked for."""
    for number, line in enumerate(lines, start=1):
        if line and not line.isspace():  # not strip(): that copies a 40 KB line
            yield JsonlLine(number, line)


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
