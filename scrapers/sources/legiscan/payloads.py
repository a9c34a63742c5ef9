"""Pure parsers of LegiScan's objects: bills, bill texts, master lists, searches, sessions.

The pull API and the bulk datasets carry the same objects: the live API wraps
them as ``{"status": "OK", "bill": {...}}`` and the dataset ZIPs store them bare
(``{"bill": {...}}``, ``{"text": {...}}`` with the document base64-encoded);
``unwrap`` reads either. They live apart from ``scrapers.sources.legiscan`` because
they are the half of the source that needs neither the network nor the file
system: dicts in, records out, tested on saved payloads.

LegiScan's own status code (1 Introduced ... 6 Failed) is authoritative; the
action rules may only refine it (introduced -> in committee, enacted -> in
effect), because LegiScan's state action texts are too varied for the rules.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from lxml import etree

from scrapers.errors import ParseError
from scrapers.payloads import number, obj, objects, read_zip_member
from scrapers.payloads import text as text_of
from scrapers.records import (
    ActionRecord,
    BillRecord,
    RelatedBillRecord,
    SponsorRecord,
    VersionRecord,
)
from scrapers.relevance import assess
from scrapers.text import clean_bill_text, document_to_text
from vocabulary.jurisdictions import Jurisdiction, from_legiscan_state, normalise_identifier

SOURCE_NAME = "legiscan"
STATUS_CODES = {
    1: "introduced",
    2: "passed_one_chamber",  # engrossed
    3: "passed_legislature",  # enrolled
    4: "enacted",  # passed (signed, or law without signature)
    5: "vetoed",
    6: "failed",
}
# Statuses the action rules may replace LegiScan's with: same stage, more precise.
_REFINEMENTS = {"introduced": {"in_committee"}, "enacted": {"effective"}}
_CHAMBERS = {"H": "lower", "A": "lower", "S": "upper", "J": "legislature"}
_ROLES = {"Rep": "lower", "Sen": "upper"}
# sasts type_id: 1 Same As, 2 Similar To, 3 Replaced by, 4 Replaces, 5 Crossfiled,
# 6 Enabling, 7 Enabled by, 8 Related, 9 Carry Over.
_SAST_RELATIONS = {
    1: "companion",
    3: "replaced_by",
    4: "replaces",
    5: "companion",
    9: "prior_session",
}
_RESOLUTION_TYPES = frozenset({"R", "CR", "JR", "JRCA", "CA", "M", "JM", "CM", "C", "SR", "CSR"})
_DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_WORD_NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def unwrap(payload: Any, key: str, where: str) -> dict:
    """The object under ``key`` of a live response (``status`` OK) or a dataset file."""
    if not isinstance(payload, dict):
        raise ParseError(SOURCE_NAME, where, f'a JSON object holding "{key}"')
    if payload.get("status") == "ERROR":
        message = (payload.get("alert") or {}).get("message", "no message")
        raise ParseError(SOURCE_NAME, where, f'status "OK", got an API error: {message}')
    inner = payload.get(key)
    if not isinstance(inner, dict):
        raise ParseError(SOURCE_NAME, where, f'a "{key}" object')
    return inner


def parse_bill(bill: dict, where: str, texts: Mapping[int, str] | None = None) -> BillRecord:
    """A getBill object as a record; ``texts`` maps doc_id to a version's extracted text."""
    state = _required(bill, "state", where)
    record = BillRecord(
        jurisdiction=_jurisdiction(state, where).code,
        session=session_identifier(bill.get("session"), where),
        identifier=normalise_identifier(_required(bill, "bill_number", where)),
        title=_required(bill, "title", where).strip(),
        kind=_kind(str(bill.get("bill_type", "B"))),
        abstract=_abstract(bill),
        subjects=[text_of(s.get("subject_name")) for s in objects(bill.get("subjects"))],
        sources=[u for u in (text_of(bill.get("url")), text_of(bill.get("state_link"))) if u],
        source_ids={
            SOURCE_NAME: str(_required(bill, "bill_id", where)),
            "legiscan_change_hash": text_of(bill.get("change_hash")),
        },
        session_name=text_of(obj(bill.get("session")).get("session_name")),
    )
    record.actions = [
        _action(h, f"{where} history[{i}]") for i, h in enumerate(_list(bill, "history"))
    ]
    record.sponsors = [_sponsor(s, i) for i, s in enumerate(_list(bill, "sponsors"))]
    record.versions = [_version(t, texts or {}, where) for t in _list(bill, "texts")]
    record.related_bills = [_related(s) for s in _list(bill, "sasts")]
    record.normalised()  # classifies actions and derives a status from them
    _apply_legiscan_status(record, bill, where)
    relevance = assess(record.title, record.abstract, "\n".join(v.text for v in record.versions))
    record.ai_relevant, record.ai_relevance_reason = relevance.relevant, relevance.reason
    return record


def session_identifier(session: Any, where: str) -> str:
    """ "2011-2012" from the years; a special session keeps its name so it stays distinct."""
    if not isinstance(session, dict) or "year_start" not in session:
        raise ParseError(SOURCE_NAME, where, 'a "session" object with year_start and year_end')
    start, end = session["year_start"], session.get("year_end") or session["year_start"]
    years = str(start) if start == end else f"{start}-{end}"
    if session.get("special") and session.get("session_name"):
        return str(session["session_name"])
    return years


def _apply_legiscan_status(record: BillRecord, bill: dict, where: str) -> None:
    try:
        status = STATUS_CODES.get(int(bill.get("status") or 0))
    except (TypeError, ValueError):
        raise ParseError(
            SOURCE_NAME, where, f"a numeric status, got {bill.get('status')!r}"
        ) from None
    if status is None or record.status in _REFINEMENTS.get(status, ()):
        return
    record.status = status
    record.status_date = _date(bill.get("status_date"), f"{where} status_date")


def _action(history: dict, where: str) -> ActionRecord:
    when = _date(history.get("date"), where)
    if when is None:
        raise ParseError(SOURCE_NAME, where, "a history entry with a date")
    return ActionRecord(
        date=when,
        text=text_of(history.get("action")).strip(),
        actor=_CHAMBERS.get(text_of(history.get("chamber")), ""),
    )


def _sponsor(sponsor: dict, position: int) -> SponsorRecord:
    # sponsor_type_id 1 primary, 2 co-sponsor, 3 joint; 0 (unknown, as in the older
    # datasets) lists the prime sponsor first.
    kind = number(sponsor.get("sponsor_type_id"))
    primary = kind in (1, 3) or (kind == 0 and position == 0)
    return SponsorRecord(
        name=text_of(sponsor.get("name")),
        classification="primary" if primary else "cosponsor",
        chamber=_ROLES.get(text_of(sponsor.get("role")), ""),
        party=text_of(sponsor.get("party")),
        source_id=text_of(sponsor.get("people_id")),
    )


def _version(version: dict, texts: Mapping[int, str], where: str) -> VersionRecord:
    return VersionRecord(
        label=text_of(version.get("type")),
        date=_date(version.get("date"), f"{where} texts date"),
        url=text_of(version.get("state_link")) or text_of(version.get("url")),
        media_type=text_of(version.get("mime")),
        text=texts.get(number(version.get("doc_id")), ""),
    )


def _related(sast: dict) -> RelatedBillRecord:
    return RelatedBillRecord(
        identifier=normalise_identifier(text_of(sast.get("sast_bill_number"))),
        relation=_SAST_RELATIONS.get(number(sast.get("type_id")), "related"),
    )


def _abstract(bill: dict) -> str:
    description = text_of(bill.get("description")).strip()
    return "" if description == text_of(bill.get("title")).strip() else description


def _kind(bill_type: str) -> str:
    if bill_type == "EO":
        return "executive_order"
    return "resolution" if bill_type in _RESOLUTION_TYPES else "bill"


@dataclass(frozen=True)
class MasterListEntry:
    bill_id: int
    number: str
    change_hash: str
    title: str = ""


def parse_master_list(payload: Any, where: str) -> list[MasterListEntry]:
    """Entries of getMasterList / getMasterListRaw (numbered keys; "session" is skipped)."""
    return _numbered_entries(unwrap(payload, "masterlist", where), where)


def parse_search(payload: Any, where: str) -> tuple[list[MasterListEntry], int]:
    """Hits of one getSearch page and the number of pages."""
    result = unwrap(payload, "searchresult", where)
    try:
        pages = int((result.get("summary") or {})["page_total"])
    except (KeyError, TypeError, ValueError):
        raise ParseError(SOURCE_NAME, where, 'a "summary" with an integer page_total') from None
    return _numbered_entries(result, where), pages


def _numbered_entries(listing: dict, where: str) -> list[MasterListEntry]:
    entries = []
    for key, item in listing.items():
        if not key.isdigit():
            continue
        try:
            entries.append(
                MasterListEntry(
                    bill_id=int(item["bill_id"]),
                    number=str(item.get("number") or item.get("bill_number", "")),
                    change_hash=str(item["change_hash"]),
                    title=str(item.get("title", "")),
                )
            )
        except (KeyError, TypeError, ValueError):
            raise ParseError(SOURCE_NAME, f"{where} [{key}]", "bill_id and change_hash") from None
    return entries


@dataclass(frozen=True)
class SessionInfo:
    session_id: int
    year_start: int
    special: bool


def parse_session_list(payload: Any, where: str) -> list[SessionInfo]:
    """getSessionList: the state's sessions, newest first as LegiScan lists them."""
    if not isinstance(payload, dict) or not isinstance(payload.get("sessions"), list):
        raise ParseError(SOURCE_NAME, where, 'a "sessions" array')
    try:
        return [
            SessionInfo(int(s["session_id"]), int(s["year_start"]), bool(int(s.get("special", 0))))
            for s in payload["sessions"]
        ]
    except (KeyError, TypeError, ValueError):
        raise ParseError(SOURCE_NAME, where, "sessions with session_id and year_start") from None


@dataclass(frozen=True)
class BillText:
    doc_id: int
    bill_id: int
    date: date | None
    label: str
    media_type: str
    text: str


def parse_bill_text(payload: Any, where: str) -> BillText:
    """A getBillText object (or dataset text file) with its document decoded to clean text."""
    text = unwrap(payload, "text", where)
    try:
        data = base64.b64decode(text["doc"], validate=True)
        doc_id, bill_id = int(text["doc_id"]), int(text["bill_id"])
    except (KeyError, TypeError, ValueError, binascii.Error):
        raise ParseError(SOURCE_NAME, where, "doc_id, bill_id and a base64 doc") from None
    mime = str(text.get("mime", ""))
    return BillText(
        doc_id=doc_id,
        bill_id=bill_id,
        date=_date(text.get("date"), f"{where} date"),
        label=str(text.get("type", "")),
        media_type=mime,
        text=document_text(data, mime, where),
    )


def document_text(data: bytes, media_type: str, where: str) -> str:
    """Clean text of a decoded document: HTML, PDF, plain text or .docx."""
    kind = media_type.split(";")[0].strip().lower()
    if kind == _DOCX:
        return clean_bill_text(_docx_text(data, where)).text
    if kind in ("text/html", "application/pdf") or kind.startswith("text/"):
        return document_to_text(data, kind, where=where).text
    raise ParseError(
        SOURCE_NAME,
        where,
        f"an HTML, PDF, plain-text or .docx document; {media_type!r} (e.g. binary Word, "
        "WordPerfect or RTF) has no converter here, use the version's state_link instead",
    )


def _docx_text(data: bytes, where: str) -> str:
    """The paragraphs of a .docx; the archive is inflated only up to a bound (zip bombs)."""
    document = read_zip_member(data, "word/document.xml", SOURCE_NAME, where)
    try:
        # libxml2 refuses nesting deeper than 256 levels unless huge_tree is asked for.
        root = etree.fromstring(document, etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError:
        raise ParseError(SOURCE_NAME, where, "a .docx archive with word/document.xml") from None
    paragraphs = root.iter(f"{_WORD_NS}p")
    return "\n".join("".join(t.text or "" for t in p.iter(f"{_WORD_NS}t")) for p in paragraphs)


def _required(payload: dict, name: str, where: str) -> str:
    """A bill's text (or numeric) field that must be there."""
    value = text_of(payload.get(name)).strip()
    if not value:
        raise ParseError(SOURCE_NAME, where, f"a bill with {name!r}")
    return value


def _list(payload: dict, name: str) -> list[dict]:
    return objects(payload.get(name))


def _jurisdiction(state: str, where: str) -> Jurisdiction:
    try:
        return from_legiscan_state(state)
    except KeyError:
        raise ParseError(SOURCE_NAME, where, f"a US state abbreviation, got {state!r}") from None


def _date(value: Any, where: str) -> date | None:
    if value in (None, "", "0000-00-00"):
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        raise ParseError(SOURCE_NAME, where, f"an ISO date, got {value!r}") from None
