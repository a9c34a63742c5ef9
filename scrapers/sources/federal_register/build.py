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
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from scrapers.records import ActionRecord, BillRecord, SponsorRecord, VersionRecord
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


def words(value: Any) -> str:
    """``value`` as text with its whitespace collapsed ("" for None)."""
    return " ".join(str(value or "").split())


def build_record(**f: Any) -> BillRecord:
    """The record for one document from fields common to the API and the daily-issue XML.

    Fields: number, title, doc_type (a ``TYPE_NAMES`` value), subtype,
    eo_number, proclamation, published, signed, effective, citation, abstract,
    issuers, urls, text.
    """
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


def _actions(signed: date | None, published: date, citation: str) -> list[ActionRecord]:
    actions = []
    if signed:
        actions.append(ActionRecord(signed, "Signed by the President", "executive",
                                    ["executive-signature"]))  # fmt: skip
    where = f" ({citation})" if citation else ""
    actions.append(ActionRecord(published, f"Published in the Federal Register{where}",
                                "executive", ["publication"]))  # fmt: skip
    return actions
