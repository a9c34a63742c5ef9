"""Pieces of an Open States bill shared by its two formats, API v3 and scraper output.

Both formats describe actions, versions, related bills, abstracts and
classifications with the same fields, so ``scrapers.sources.openstates`` (API v3) and
``scrapers.sources.openstates.bulk`` (scraper output) convert them here; this module
imports neither of them, so neither import makes a cycle.

Open States' own action classifications are authoritative: an action keeps
them (mapped onto our vocabulary) and only unclassified actions go through the
regex rules; the status is then derived from the actions (``finish_record``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from typing import Any

from scrapers.errors import ParseError
from scrapers.payloads import objects, text, texts
from scrapers.records import ActionRecord, BillRecord, RelatedBillRecord, VersionRecord
from scrapers.relevance import assess
from vocabulary.jurisdictions import Jurisdiction, from_openstates_id, normalise_identifier
from vocabulary.statuses import ACTION_CLASSIFICATIONS

SOURCE_NAME = "openstates"
# Open States classifications that are ours under another name; others not in our
# vocabulary (deferral, receipt, study, ...) say nothing about status and are dropped.
_CLASSIFICATION_ALIASES = {
    "committee-passage-favorable": "committee-passage",
    "committee-passage-unfavorable": "committee-passage",
}
_RELATIONS = {
    "companion": "companion",
    "prior-session": "prior_session",
    "replaced-by": "replaced_by",
    "replaces": "replaces",
}
CHAMBERS = ("upper", "lower", "legislature", "executive")
# Some scrapers store a summary's file path as its abstract ("2025/Summaries/SF0006.pdf").
_FILE_PATH = re.compile(r"^\S+\.(pdf|docx?|html?|txt)$", re.IGNORECASE)


def action_classifications(raw: Iterable[str]) -> list[str]:
    """Open States action classifications in our vocabulary, in order, without repeats."""
    mapped: list[str] = []
    for code in texts(list(raw) if isinstance(raw, list | tuple) else []):
        ours = _CLASSIFICATION_ALIASES.get(code, code)
        if ours in ACTION_CLASSIFICATIONS and ours not in mapped:
            mapped.append(ours)
    return mapped


def action_record(action: dict, actor: str, where: str) -> ActionRecord:
    when = parse_date(action.get("date"), where)
    if when is None:
        raise ParseError(SOURCE_NAME, where, f"an action date, got {action.get('date')!r}")
    return ActionRecord(
        date=when,
        text=text(action.get("description")).strip(),
        actor=actor,
        classification=action_classifications(texts(action.get("classification"))),
    )


def version_record(version: dict, where: str) -> VersionRecord:
    link = (objects(version.get("links")) or [{}])[0]
    return VersionRecord(
        label=text(version.get("note")),
        date=parse_date(version.get("date"), f"{where} version date"),
        url=text(link.get("url")),
        media_type=text(link.get("media_type")),
    )


def related_record(related: dict) -> RelatedBillRecord:
    return RelatedBillRecord(
        identifier=normalise_identifier(text(related.get("identifier"))),
        relation=_RELATIONS.get(text(related.get("relation_type")), "related"),
        session=text(related.get("legislative_session")),
    )


def abstract_text(abstracts: list[dict], other_titles: list[dict]) -> str:
    """The abstracts' text; else the longest other title (the formal "AN ACT relating to...")."""
    found = [text(a.get("abstract")).strip() for a in objects(abstracts)]
    found = [t for t in found if t and not _FILE_PATH.match(t)]
    if found:
        return "\n\n".join(found)
    titles = sorted((text(t.get("title")).strip() for t in objects(other_titles)), key=len)
    return titles[-1] if titles else ""


def bill_kind(classification: list[str]) -> str:
    return "resolution" if any("resolution" in c for c in texts(classification)) else "bill"


def finish_record(record: BillRecord, found_by: str) -> BillRecord:
    record.normalised()
    relevance = assess(record.title, record.abstract)
    record.ai_relevant = relevance.relevant
    record.ai_relevance_reason = "; ".join(r for r in (relevance.reason, found_by) if r)
    return record


def required_field(obj: dict, name: str, kind: type, where: str) -> Any:
    value = obj.get(name)
    if not isinstance(value, kind) or (kind is str and not value.strip()):
        raise ParseError(SOURCE_NAME, where, f"a non-empty {kind.__name__} field {name!r}")
    return value


def jurisdiction_of(ocd_id: str, where: str) -> Jurisdiction:
    try:
        return from_openstates_id(text(ocd_id))
    except KeyError:
        raise ParseError(
            SOURCE_NAME, where, f"a US state, DC or PR jurisdiction id, got {ocd_id!r}"
        ) from None


def parse_date(value: Any, where: str) -> date | None:
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        raise ParseError(SOURCE_NAME, where, f"an ISO date, got {value!r}") from None


def source_urls(bill: dict) -> list[str]:
    urls = [text(s.get("url")) for s in objects(bill.get("sources")) if text(s.get("url"))]
    if text(bill.get("openstates_url")):
        urls.append(text(bill.get("openstates_url")))
    return urls
