"""Federal Register: the record for one document, shared by the API's JSON and GPO's XML.

``scrapers.sources.federal_register`` (API v1 JSON) and ``scrapers.sources.federal_register.daily_issue``
(GPO daily-issue XML) each gather the same fields about a document and hand
them to ``build_record`` here, so the mapping below is written once. This
module imports neither of them, so neither import makes a cycle.

Mapping: an executive order is kind ``executive_order``, identifier
"EO 14179", status ``enacted`` on its signing date (an order takes effect
when signed unless its text says otherwise, so ``effective_date`` falls back
to the signing date); proclamations ("PROC 9423") and other presidential
documents are ``policy_document``; rules and proposed rules are
``regulation`` (a final rule ``published``, a proposed rule ``introduced``:
it is still open for comment); notices are ``policy_document``. Documents
without an order or proclamation number are identified by their FR document
number ("FR 2016-08717"). The session is the year of signing (else of
publication).

A presidential document whose subtype is unknown (a page saved without
``subtype``, no order or proclamation number in its fields or text) is
``partial``: it may be an order, and must not look like a complete record.
Executive order notes ("See: EO 14313", "Revokes: EO 14110") become
related-document links.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from typing import Any

from scrapers.records import (
    ActionRecord,
    BillRecord,
    RelatedBillRecord,
    SponsorRecord,
    VersionRecord,
)
from scrapers.relevance import assess

SOURCE_NAME = "federal_register"
DOCUMENT_URL = "https://www.federalregister.gov/d/{number}"  # the site's short link
# GPO's daily-issue element names (also seen as API ``type`` codes) -> the API's type names.
TYPE_NAMES = {
    "PRESDOCU": "Presidential Document",
    "RULE": "Rule",
    "PRORULE": "Proposed Rule",
    "NOTICE": "Notice",
}


# "Executive Order 14434 of September 29, 2026" / "Proclamation 10914 of ..." at the head
# of a presidential document's text.
_HEAD_NUMBER = re.compile(r"\b(Executive Order|Proclamation)\s+(\d{3,6})\s+of\b")
# Labels of the FR's executive order notes, and the relation each one means for us.
_NOTE_RELATIONS = {
    "revokes": "replaces", "supersedes": "replaces", "revoked by": "replaced_by",
    "superseded by": "replaced_by", "amended by": "amended_by",
}  # fmt: skip
_NOTE_LABEL = re.compile(r"(?P<label>[A-Z][A-Za-z]*(?: [a-z]+)*)\s*:")
_NOTE_ORDER = re.compile(
    r"\b(?:EO|E\.O\.|Executive Order)\s*(?P<number>\d{3,6})\b"
    r"(?:,?\s+[A-Z][a-z]+\.? \d{1,2},\s+(?P<year>\d{4}))?"
)


def words(value: Any) -> str:
    """``value`` as text with its whitespace collapsed ("" for None)."""
    return " ".join(str(value or "").split())


def build_record(**f: Any) -> BillRecord:
    """The record for one document from fields common to the API and the daily-issue XML.

    Fields: number, title, doc_type (a ``TYPE_NAMES`` value), subtype,
    eo_number, proclamation, published, signed, effective, citation, abstract,
    issuers, urls, text.
    """
    f = {**f, **_numbers_from_text(f)}
    kind, identifier, status = _classify(f)
    signed, published = f["signed"], f["published"]
    effective = f["effective"] or (signed if kind == "executive_order" else None)
    record = BillRecord(
        jurisdiction="US",
        session=str((signed or published).year),
        identifier=identifier,
        title=f["title"],
        kind=kind,
        abstract=f["abstract"],
        status=status,
        status_date=signed if status == "enacted" and signed else published,
        effective_date=effective,
        sources=f["urls"] or [DOCUMENT_URL.format(number=f["number"])],
        source_ids={SOURCE_NAME: f["number"]},
        actions=_actions(signed, published, f["citation"]),
        versions=[
            VersionRecord(
                label=f["number"],
                date=published,
                url=(f["urls"] or [DOCUMENT_URL.format(number=f["number"])])[0],
                media_type="text/plain" if f["text"] else "text/html",
                text=f["text"],
            )
        ],
        sponsors=[SponsorRecord(name, "primary", chamber="executive") for name in f["issuers"]],
        related_bills=note_links(f.get("notes", ""), identifier),
        partial=_subtype_unknown(f) or not f.get("complete", True),
    )
    relevance = assess(record.title, record.abstract, f["text"])
    record.ai_relevant, record.ai_relevance_reason = relevance.relevant, relevance.reason
    return record.normalised()


def _classify(f: Mapping[str, Any]) -> tuple[str, str, str]:
    """(kind, identifier, status) from the document type and its order/proclamation number."""
    by_number = f"FR {f['number']}"
    if f["doc_type"] == "Presidential Document":
        if f["eo_number"] or f["subtype"] == "Executive Order":
            return (
                "executive_order",
                f"EO {int(f['eo_number'])}" if f["eo_number"] else by_number,
                "enacted",
            )
        if f["proclamation"]:
            return "policy_document", f"PROC {int(f['proclamation'])}", "enacted"
        return "policy_document", by_number, "published"
    if f["doc_type"] == "Rule":
        return "regulation", by_number, "published"
    if f["doc_type"] == "Proposed Rule":
        return "regulation", by_number, "introduced"
    return "policy_document", by_number, "published"


def _numbers_from_text(f: Mapping[str, Any]) -> dict[str, str]:
    """An order's or proclamation's number read from the head of its text when no field gave
    it (a page saved with a ``fields[]`` subset, or the API's default fields)."""
    if f["doc_type"] != "Presidential Document" or f.get("eo_number") or f.get("proclamation"):
        return {}
    found = _HEAD_NUMBER.search((f.get("text") or "")[:3000])
    if not found:
        return {}
    if found.group(1) == "Executive Order":
        return {"eo_number": found.group(2), "subtype": "Executive Order"}
    return {"proclamation": found.group(2), "subtype": "Proclamation"}


def _subtype_unknown(f: Mapping[str, Any]) -> bool:
    presidential = f["doc_type"] == "Presidential Document"
    return presidential and not (f.get("subtype") or f.get("eo_number") or f.get("proclamation"))


def note_links(notes: str, own: str) -> list[RelatedBillRecord]:
    """Related documents from executive order notes: "Revokes: EO 14110; See: EO 14179"."""
    links: list[RelatedBillRecord] = []
    labels = list(_NOTE_LABEL.finditer(notes))
    for i, label in enumerate(labels):
        end = labels[i + 1].start() if i + 1 < len(labels) else len(notes)
        relation = _NOTE_RELATIONS.get(label.group("label").lower(), "related")
        for order in _NOTE_ORDER.finditer(notes[label.end() : end]):
            identifier = f"EO {int(order.group('number'))}"
            if identifier != own and identifier not in {link.identifier for link in links}:
                # An order's session is its year of signing, when the note gives the date;
                # else the link is read in this document's session.
                links.append(RelatedBillRecord(identifier, relation, order.group("year") or ""))
    return links


def _actions(signed: date | None, published: date, citation: str) -> list[ActionRecord]:
    actions = []
    if signed:
        actions.append(ActionRecord(signed, "Signed by the President", "executive",
                                    ["executive-signature"]))  # fmt: skip
    where = f" ({citation})" if citation else ""
    actions.append(ActionRecord(published, f"Published in the Federal Register{where}",
                                "executive", ["publication"]))  # fmt: skip
    return actions
