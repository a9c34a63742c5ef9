"""New York: the Senate's Open Legislation API v3, and the jehiah/ny_legislation mirror.

Live scrapes use ``/api/3/bills/{session}/search`` with AI terms, then fetch each
hit's full bill (``view=default``: every amendment with its text, the actions,
same-as bills, sponsors). Recorded files may also be in the third-party
``jehiah/ny_legislation`` mirror format (capitalised keys, parsed by
``scrapers.sources.ny.mirror``); ``parse_file`` tells them apart. Both formats build
their records with ``scrapers.sources.ny.build``, and bills amending a chapter signed
in the same batch are linked by ``scrapers.chapter_amendments``.

Status comes from the shared action rules, not from the API's ``statusType``:
a bill substituted by its companion keeps ``ASSEMBLY_FLOOR`` in the API but is
``substituted`` here. NY sessions are named by their first year ("2025"); the
records use the two-year name ("2025-2026").
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from scrapers.chapter_amendments import link_chapter_amendments
from scrapers.errors import ParseError
from scrapers.payloads import load_json
from scrapers.records import ActionRecord, BillRecord, RelatedBillRecord, VersionRecord
from scrapers.text import clean_bill_text, html_to_text

from .build import (
    SOURCE_NAME,
    action_record,
    bill_abstract,
    identifier,
    new_record,
    parse_date,
    parse_year,
    print_versions,
    related_bills,
    session_name,
    sponsor_records,
)
from .mirror import parse_mirror_bill


def _items(container: Any) -> Any:
    return (container or {}).get("items") or [] if isinstance(container, dict) else []


def parse_api_bill(result: dict[str, Any], where: str) -> BillRecord:
    """The ``result`` of ``/api/3/bills/{session}/{printNo}?view=default``."""
    if not result.get("basePrintNo") or not isinstance(result.get("amendments"), dict):
        raise ParseError(SOURCE_NAME, where, "a full bill with 'basePrintNo' and 'amendments'")
    try:
        return _api_bill(result, where)
    except (AttributeError, KeyError, TypeError, ValueError) as exc:
        # A renamed or retyped field deep inside: say where, not crash with a bare KeyError.
        raise ParseError(
            SOURCE_NAME, where, f"a bill in the API's documented shape ({exc!r})"
        ) from exc


def _api_bill(result: dict[str, Any], where: str) -> BillRecord:
    year, base = parse_year(result.get("session"), where), result["basePrintNo"]
    amendments = _items(result["amendments"]) or {}
    if not isinstance(amendments, dict):
        raise ParseError(SOURCE_NAME, where, "'amendments.items' mapping versions to amendments")
    active = amendments.get(result.get("activeVersion") or "", {})
    abstract = bill_abstract(result.get("summary"), active.get("actClause"))
    record = new_record(base, year, result.get("title") or "", abstract, where)
    record.actions = [
        action_record(a.get("date"), a.get("text"), a.get("chamber"), where)
        for a in sorted(_items(result.get("actions")), key=lambda a: a.get("sequenceNo") or 0)
    ]
    record.versions = _api_versions(result, amendments, record.actions, where)
    chamber = (result.get("billType") or {}).get("chamber", "")
    record.sponsors = sponsor_records(_api_people(result, active), chamber)
    record.chapter = _approval_chapter(result.get("approvalMessage"))
    same_as = [
        (b["basePrintNo"], parse_year(b.get("session", year), where))
        for b in _items(active.get("sameAs"))
    ]
    record.related_bills = related_bills(record, same_as, _api_links(result, year, where))
    return record.normalised()


def _api_versions(
    result: dict, amendments: dict, actions: list[ActionRecord], where: str
) -> list[VersionRecord]:
    texts = {letter: _full_text(a) for letter, a in amendments.items()}
    published = {letter: _published(a, where) for letter, a in amendments.items()}
    if published.get("") is None and result.get("publishedDateTime"):
        published[""] = parse_date(result["publishedDateTime"], where, "'publishedDateTime'")
    return print_versions(result["basePrintNo"], int(result["session"]), actions, published, texts)


def _full_text(amendment: dict[str, Any]) -> str:
    if amendment.get("fullText"):
        return clean_bill_text(amendment["fullText"]).text
    if amendment.get("fullTextHtml"):
        return html_to_text(amendment["fullTextHtml"]).strip()
    return ""


def _published(amendment: dict[str, Any], where: str) -> date | None:
    value = amendment.get("publishDate")
    return parse_date(value, where, "an amendment 'publishDate'") if value else None


def _api_people(result: dict[str, Any], active: dict[str, Any]) -> list[tuple[str, Any]]:
    sponsor = result.get("sponsor") or {}
    member = sponsor.get("member") or {}
    people = [(member.get("fullName", ""), member.get("memberId"))] if member else []
    if not member and sponsor.get("rules"):
        people.append(("Rules Committee", ""))
    for group in (
        result.get("additionalSponsors"),
        active.get("coSponsors"),
        active.get("multiSponsors"),
    ):
        people.extend((m.get("fullName", ""), m.get("memberId")) for m in _items(group))
    return people


def _approval_chapter(message: Any) -> str:
    if isinstance(message, dict) and message.get("chapter") and message.get("year"):
        return f"Chapter {message['chapter']} of {message['year']}"
    return ""


def _api_links(result: dict, year: int, where: str) -> tuple[RelatedBillRecord, ...]:
    """The bill that replaced this one on the floor, and its versions in earlier sessions."""
    links = []
    other = result.get("substitutedBy")
    if isinstance(other, dict) and other.get("basePrintNo"):
        session = session_name(parse_year(other.get("session", year), where))
        links.append(RelatedBillRecord(identifier(other["basePrintNo"]), "replaced_by", session))
    for prior in _items(result.get("previousVersions")):
        session = session_name(parse_year(prior.get("session"), where))
        links.append(RelatedBillRecord(identifier(prior["basePrintNo"]), "prior_session", session))
    return tuple(links)


def _api_result(data: Any, where: str) -> dict[str, Any]:
    if not isinstance(data, dict) or data.get("success") is False:
        message = data.get("message") if isinstance(data, dict) else ""
        raise ParseError(
            SOURCE_NAME, where, f"a successful API response ({message or 'no message'})"
        )
    if not isinstance(data.get("result"), dict):
        raise ParseError(SOURCE_NAME, where, "an API response with a 'result' object")
    return data["result"]


def parse_api_response(data: Any, where: str) -> list[BillRecord]:
    """A single-bill response, or a listing/search response made with ``full=true``."""
    result = _api_result(data, where)
    if data.get("responseType") == "bill":
        return [parse_api_bill(result, where)]
    bills = [item.get("result", item) for item in _items(result)]
    if not all(isinstance(b, dict) and "amendments" in b for b in bills):
        raise ParseError(SOURCE_NAME, where, "full bill responses in the listing (full=true)")
    return [parse_api_bill(bill, where) for bill in bills]


def parse_search_page(data: Any, where: str) -> tuple[list[tuple[int, str]], int | None]:
    """(session year, base print no) of each hit, and the next page's offset (None at the end)."""
    result = _api_result(data, where)
    hits = []
    for item in _items(result):
        bill = item.get("result", item) if isinstance(item, dict) else {}
        if not bill.get("basePrintNo"):
            raise ParseError(SOURCE_NAME, where, "search hits with 'basePrintNo'")
        hits.append((parse_year(bill.get("session"), where), bill["basePrintNo"]))
    end, total = data.get("offsetEnd") or 0, data.get("total") or 0
    return hits, (end + 1 if hits and end < total else None)


def parse_file(path: Path) -> list[BillRecord]:
    """A saved API response or mirror file; a directory parses every ``*.json`` in it together."""
    path = Path(path)
    if path.is_dir():
        records = [r for child in sorted(path.glob("*.json")) for r in _parse_one(child)]
        link_chapter_amendments(records, session_name)
        return records
    records = _parse_one(path)
    link_chapter_amendments(records, session_name)
    return records


def _parse_one(path: Path) -> list[BillRecord]:
    data = load_json(path.read_bytes(), SOURCE_NAME, str(path), "a readable JSON file")
    if isinstance(data, dict) and "PrintNo" in data:
        return [parse_mirror_bill(data, str(path))]
    if isinstance(data, dict) and "responseType" in data:
        return parse_api_response(data, str(path))
    raise ParseError(SOURCE_NAME, str(path), "an Open Legislation API response or a mirror bill")
