"""New York: the Senate's Open Legislation API v3, and the jehiah/ny_legislation mirror.

Live scrapes use ``/api/3/bills/{session}/search`` with AI terms, then fetch each
hit's full bill (``view=default``: every amendment with its text, the actions,
same-as bills, sponsors). Recorded files may also be in the third-party
``jehiah/ny_legislation`` mirror format (capitalised keys); ``parse_file``
tells them apart.

Status comes from the shared action rules, not from the API's ``statusType``:
a bill substituted by its companion keeps ``ASSEMBLY_FLOOR`` in the API but is
``substituted`` here. NY sessions are named by their first year ("2025"); the
records use the two-year name ("2025-2026").
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.conf import settings

from .errors import ParseError
from .keys import required_api_key
from .records import ActionRecord, BillRecord, RelatedBillRecord, SponsorRecord, VersionRecord
from .registry import ScrapeParams, Source, register
from .relevance import assess_record
from .sessions import with_previous
from .text import clean_bill_text, html_to_text

if TYPE_CHECKING:
    from .http import HttpClient

SOURCE_NAME = "ny"
JURISDICTION = "US-NY"
API_ROOT = "https://legislation.nysenate.gov/api/3"
BILL_PAGE = "https://www.nysenate.gov/legislation/bills/{year}/{print_no}"
PDF_URL = "https://legislation.nysenate.gov/pdf/bills/{year}/{print_no}"
PAGE_SIZE = 100
# Elasticsearch query-string terms; assess() later drops the false positives.
SEARCH_TERMS = (
    '"artificial intelligence"',
    '"machine learning"',
    '"automated decision"',
    '"algorithmic discrimination"',
    '"frontier model"',
    '"generative"',
    '"deepfake"',
    '"synthetic media"',
    '"chatbot"',
)

_PRINT_NO = re.compile(r"^(?P<prefix>[A-Z]+)\s*0*(?P<number>\d+)(?P<version>[A-Z]?)$")
_NEW_PRINT = re.compile(r"^PRINT NUMBER \d+(?P<version>[A-Z])\b", re.IGNORECASE)
_SUBSTITUTION = re.compile(
    r"^SUBSTITUTED (?P<way>FOR|BY) (?P<other>[A-Z]+\d+)[A-Z]?\b", re.IGNORECASE
)
_CHAMBERS = {"SENATE": "upper", "ASSEMBLY": "lower"}
# The tail is a lookahead so that a second chapter cited inside it is still found.
_CHAPTER_LAW = re.compile(
    r"\bchapter\s+(?:(?P<number>\d+)\s+)?of\s+the\s+laws\s+of\s+(?P<year>\d{4})"
    r"(?=(?P<tail>(?:(?!\bchapter\b)[^;]){0,600}))",
    re.IGNORECASE,
)
_PROPOSED_IN = re.compile(
    r"as\s+proposed\s+in\s+legislative\s+bills?\s+numbers?\s+(?P<bills>[^,;]+)", re.IGNORECASE
)
_BILL_REF = re.compile(r"\b(?P<prefix>[SA])\.\s*(?P<number>\d+)(?:-[A-Z])?\b")


# --------------------------------------------------------------------------- sessions


def session_name(year: int) -> str:
    """The two-year session a year belongs to: 2025 and 2026 are both "2025-2026"."""
    start = year if year % 2 else year - 1
    return f"{start}-{start + 1}"


def session_year(session: str) -> int:
    """The API's session year ("2025") for "2025", "2025-2026" or 2026."""
    match = re.match(r"^\s*(\d{4})", str(session))
    if not match:
        raise ValueError(f"not a New York session: {session!r}")
    year = int(match.group(1))
    return year if year % 2 else year - 1


def sessions_to_scrape(today: date, grace_days: int) -> list[int]:
    """Session years to scrape on ``today``, newest first.

    The previous session stays in for ``grace_days`` after the new one starts,
    because chapter numbers and late signatures still arrive then.
    """
    current = session_year(str(today.year))
    return with_previous(current, current - 2, date(current, 1, 1), today, grace_days)


def identifier(print_no: str) -> str:
    """ "S6953B" -> "S 6953" (the amendment letter belongs to versions, not the bill)."""
    match = _PRINT_NO.match(print_no.strip().upper())
    if not match:
        raise ValueError(f"not a New York print number: {print_no!r}")
    return f"{match.group('prefix')} {int(match.group('number'))}"


# --------------------------------------------------------------------------- shared pieces


def _new_record(base: str, year: int, title: str, abstract: str, where: str) -> BillRecord:
    try:
        ident = identifier(base)
    except ValueError as exc:
        raise ParseError(SOURCE_NAME, where, "a print number like 'S6953'") from exc
    print_no = ident.replace(" ", "")
    session = session_name(year)
    start = int(session[:4])
    return BillRecord(
        jurisdiction=JURISDICTION,
        session=session,
        identifier=ident,
        title=(title or "").strip(),
        abstract=abstract,
        sources=[BILL_PAGE.format(year=start, print_no=print_no)],
        source_ids={"nysenate": f"{start}-{print_no}"},
        session_name=f"{session} Regular Sessions",
        session_start=date(start, 1, 1),
        session_end=date(start + 1, 12, 31),
    )


def _abstract(summary: str | None, act_clause: str | None) -> str:
    # The act clause names what the bill amends ("to amend a chapter of the laws of
    # 2025 ..."), which chapter-amendment linking reads when there is no text.
    return "\n\n".join(part.strip() for part in (summary, act_clause) if part and part.strip())


def _action(when: Any, text: Any, chamber: Any, where: str) -> ActionRecord:
    return ActionRecord(
        date=_date(when, where, "an action date"),
        text=str(text or "").strip(),
        actor=_CHAMBERS.get(str(chamber or "").upper(), str(chamber or "").lower()),
    )


def _date(value: Any, where: str, what: str) -> date:
    try:
        return date.fromisoformat(str(value)[:10])
    except (TypeError, ValueError) as exc:
        raise ParseError(SOURCE_NAME, where, f"{what} as YYYY-MM-DD, got {value!r}") from exc


def _versions(
    base: str,
    year: int,
    actions: list[ActionRecord],
    published: dict[str, date | None],
    texts: dict[str, str],
) -> list[VersionRecord]:
    """One version per print: the original, then each "PRINT NUMBER 6953A" action's print.

    A print's date is its "PRINT NUMBER" action's, else its publish date.
    """
    print_no = identifier(base).replace(" ", "")
    dates: dict[str, date | None] = {"": published.get("")}
    for action in actions:
        match = _NEW_PRINT.match(action.text)
        if match:
            dates.setdefault(match.group("version").upper(), action.date)
    for letter in [*published, *texts]:
        dates.setdefault(letter, published.get(letter))
    return [
        VersionRecord(
            label=f"{print_no}{letter}",
            date=dates[letter],
            url=PDF_URL.format(year=year, print_no=f"{print_no}{letter}"),
            media_type="application/pdf",
            text=texts.get(letter, ""),
        )
        for letter in sorted(dates)
    ]


def _sponsors(people: list[tuple[str, Any]], chamber: str) -> list[SponsorRecord]:
    """First named is the primary sponsor, the rest cosponsors (the order both formats use)."""
    actor = _CHAMBERS.get(chamber.upper(), "")
    sponsors: list[SponsorRecord] = []
    for name, member_id in people:
        if name and name not in {s.name for s in sponsors}:
            kind = "cosponsor" if sponsors else "primary"
            sponsors.append(SponsorRecord(name, kind, actor, source_id=str(member_id or "")))
    return sponsors


def _related(
    record: BillRecord, same_as: list[tuple[str, int]], extra: tuple[RelatedBillRecord, ...] = ()
) -> list[RelatedBillRecord]:
    """Companions, substitutions named in the actions, and bills a chapter amendment names."""
    found = [RelatedBillRecord(identifier(p), "companion", session_name(y)) for p, y in same_as]
    found.extend(extra)
    for action in record.actions:
        match = _SUBSTITUTION.match(action.text)
        if match:
            relation = "replaced_by" if match.group("way").upper() == "BY" else "replaces"
            found.append(
                RelatedBillRecord(identifier(match.group("other")), relation, record.session)
            )
    for ref in chapter_references(_record_text(record)):
        # Which of the named bills became the chapter is known only once it is signed;
        # link_chapter_amendments() upgrades the signed one to "chapter_amendment_of".
        found.extend(
            RelatedBillRecord(bill, "related", session_name(ref.year)) for bill in ref.bills
        )
    return _dedupe(record.identifier, found)


def _dedupe(own: str, related: list[RelatedBillRecord]) -> list[RelatedBillRecord]:
    seen: set[tuple[str, str, str]] = set()
    kept: list[RelatedBillRecord] = []
    for item in related:
        key = (item.identifier, item.relation, item.session)
        if item.identifier != own and key not in seen:
            seen.add(key)
            kept.append(item)
    return kept


def _same_as_list(value: Any, year: int) -> list[tuple[str, int]]:
    """The mirror's "A6453-2025" (possibly comma separated) as (print no, year) pairs."""
    pairs = []
    for part in str(value or "").split(","):
        match = re.match(r"^\s*([A-Z]+\d+)[A-Z]?(?:-(\d{4}))?\s*$", part.upper())
        if match:
            pairs.append((match.group(1), int(match.group(2) or year)))
    return pairs


# --------------------------------------------------------------------------- chapter amendments


@dataclass(frozen=True)
class ChapterReference:
    """ "chapter 699 of the laws of 2025", or "a chapter of the laws of 2025 ... as proposed
    in legislative bills numbers S. 6953-B and A. 6453-B" (number unknown, bills named)."""

    year: int
    number: int | None
    bills: tuple[str, ...]


def chapter_references(text: str) -> list[ChapterReference]:
    refs: list[ChapterReference] = []
    for match in _CHAPTER_LAW.finditer(text):
        proposed = _PROPOSED_IN.search(match.group("tail"))
        bills = tuple(
            f"{m.group('prefix').upper()} {int(m.group('number'))}"
            for m in _BILL_REF.finditer(proposed.group("bills") if proposed else "")
        )
        number = int(match.group("number")) if match.group("number") else None
        ref = ChapterReference(int(match.group("year")), number, bills)
        if ref not in refs:
            refs.append(ref)
    return refs


def _record_text(record: BillRecord) -> str:
    return "\n".join([record.title, record.abstract, *(v.text for v in record.versions)])


def link_chapter_amendments(records: list[BillRecord]) -> None:
    """Mark bills that amend a chapter signed from a bill in ``records``, both ways.

    Only links what the data settles: a chapter cited by number and year that a
    bill here was signed as, or a bill named "as proposed in" that was signed
    that year.
    """
    by_chapter = {(r.jurisdiction, r.chapter): r for r in records if r.chapter}
    by_key = {r.key: r for r in records}
    for record in records:
        for ref in chapter_references(_record_text(record)):
            target = _chapter_target(ref, record.jurisdiction, by_chapter, by_key)
            if target is not None and target is not record:
                _link(record, target)


def _chapter_target(
    ref: ChapterReference, jurisdiction: str, by_chapter: dict, by_key: dict
) -> BillRecord | None:
    if ref.number is not None:
        return by_chapter.get((jurisdiction, f"Chapter {ref.number} of {ref.year}"))
    for bill in ref.bills:
        candidate = by_key.get((jurisdiction, session_name(ref.year), bill))
        if candidate is not None and candidate.chapter.endswith(f" of {ref.year}"):
            return candidate
    return None


def _link(amender: BillRecord, chapter_bill: BillRecord) -> None:
    amender.related_bills = [
        r
        for r in amender.related_bills
        if not (r.identifier == chapter_bill.identifier and r.relation == "related")
    ]
    pairs = (
        (
            amender,
            RelatedBillRecord(
                chapter_bill.identifier, "chapter_amendment_of", chapter_bill.session
            ),
        ),
        (chapter_bill, RelatedBillRecord(amender.identifier, "amended_by", amender.session)),
    )
    for record, link in pairs:
        if link not in record.related_bills:
            record.related_bills.append(link)


# --------------------------------------------------------------------------- the mirror format


def parse_mirror_bill(data: dict[str, Any], where: str) -> BillRecord:
    """One bill in the jehiah/ny_legislation mirror's JSON (``PrintNo``, ``Actions`` ...)."""
    if not isinstance(data.get("Actions", []), list) or not data.get("Title"):
        raise ParseError(SOURCE_NAME, where, "a mirror bill with 'Title' and an 'Actions' list")
    try:
        return _mirror_bill(data, where)
    except (AttributeError, KeyError, TypeError, ValueError) as exc:
        raise ParseError(SOURCE_NAME, where, f"a bill in the mirror's shape ({exc!r})") from exc


def _mirror_bill(data: dict[str, Any], where: str) -> BillRecord:
    year = _year(data.get("Session"), where)
    base = str(data.get("PrintNo") or "")
    abstract = _abstract(data.get("Summary"), data.get("ActClause"))
    record = _new_record(base, year, data["Title"], abstract, where)
    record.actions = [
        _action(a.get("Date"), a.get("Text"), a.get("Chamber"), where) for a in data["Actions"]
    ]
    published = _date(data["Published"], where, "'Published'") if data.get("Published") else None
    first = published or (min(a.date for a in record.actions) if record.actions else None)
    record.versions = _versions(base, year, record.actions, {"": first}, {})
    people = [(s.get("Name", ""), s.get("ID")) for s in data.get("Sponsors") or []]
    record.sponsors = _sponsors(people, str(data.get("Chamber") or ""))
    record.related_bills = _related(record, _same_as_list(data.get("SameAsPrintNo"), year))
    return record.normalised()


def _year(value: Any, where: str) -> int:
    try:
        return int(value)
    except (TypeError, ValueError) as exc:
        raise ParseError(SOURCE_NAME, where, f"a session year, got {value!r}") from exc


# --------------------------------------------------------------------------- the API format


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
    year, base = _year(result.get("session"), where), result["basePrintNo"]
    amendments = _items(result["amendments"]) or {}
    if not isinstance(amendments, dict):
        raise ParseError(SOURCE_NAME, where, "'amendments.items' mapping versions to amendments")
    active = amendments.get(result.get("activeVersion") or "", {})
    abstract = _abstract(result.get("summary"), active.get("actClause"))
    record = _new_record(base, year, result.get("title") or "", abstract, where)
    record.actions = [
        _action(a.get("date"), a.get("text"), a.get("chamber"), where)
        for a in sorted(_items(result.get("actions")), key=lambda a: a.get("sequenceNo") or 0)
    ]
    record.versions = _api_versions(result, amendments, record.actions, where)
    chamber = (result.get("billType") or {}).get("chamber", "")
    record.sponsors = _sponsors(_api_people(result, active), chamber)
    record.chapter = _approval_chapter(result.get("approvalMessage"))
    same_as = [
        (b["basePrintNo"], _year(b.get("session", year), where))
        for b in _items(active.get("sameAs"))
    ]
    record.related_bills = _related(record, same_as, _api_links(result, year, where))
    return record.normalised()


def _api_versions(
    result: dict, amendments: dict, actions: list[ActionRecord], where: str
) -> list[VersionRecord]:
    texts = {letter: _full_text(a) for letter, a in amendments.items()}
    published = {letter: _published(a, where) for letter, a in amendments.items()}
    if published.get("") is None and result.get("publishedDateTime"):
        published[""] = _date(result["publishedDateTime"], where, "'publishedDateTime'")
    return _versions(result["basePrintNo"], int(result["session"]), actions, published, texts)


def _full_text(amendment: dict[str, Any]) -> str:
    if amendment.get("fullText"):
        return clean_bill_text(amendment["fullText"]).text
    if amendment.get("fullTextHtml"):
        return html_to_text(amendment["fullTextHtml"]).strip()
    return ""


def _published(amendment: dict[str, Any], where: str) -> date | None:
    value = amendment.get("publishDate")
    return _date(value, where, "an amendment 'publishDate'") if value else None


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
        session = session_name(_year(other.get("session", year), where))
        links.append(RelatedBillRecord(identifier(other["basePrintNo"]), "replaced_by", session))
    for prior in _items(result.get("previousVersions")):
        session = session_name(_year(prior.get("session"), where))
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
        hits.append((_year(bill.get("session"), where), bill["basePrintNo"]))
    end, total = data.get("offsetEnd") or 0, data.get("total") or 0
    return hits, (end + 1 if hits and end < total else None)


# --------------------------------------------------------------------------- files and live


def parse_file(path: Path) -> list[BillRecord]:
    """A saved API response or mirror file; a directory parses every ``*.json`` in it together."""
    path = Path(path)
    if path.is_dir():
        records = [r for child in sorted(path.glob("*.json")) for r in _parse_one(child)]
        link_chapter_amendments(records)
        return records
    records = _parse_one(path)
    link_chapter_amendments(records)
    return records


def _parse_one(path: Path) -> list[BillRecord]:
    try:
        data = json.loads(path.read_bytes())
    except (OSError, ValueError) as exc:
        raise ParseError(SOURCE_NAME, str(path), f"a readable JSON file ({exc})") from exc
    if isinstance(data, dict) and "PrintNo" in data:
        return [parse_mirror_bill(data, str(path))]
    if isinstance(data, dict) and "responseType" in data:
        return parse_api_response(data, str(path))
    raise ParseError(SOURCE_NAME, str(path), "an Open Legislation API response or a mirror bill")


def search_query(since: date | None) -> str:
    query = "(" + " OR ".join(SEARCH_TERMS) + ")"
    return f"{query} AND status.actionDate:[{since.isoformat()} TO *]" if since else query


def search_bills(client: HttpClient, year: int, since: date | None, key: str) -> Iterator[str]:
    """Base print numbers of a session's bills matching the AI terms, page by page."""
    url, offset = f"{API_ROOT}/bills/{year}/search", 1
    while offset is not None:
        params = {"term": search_query(since), "limit": PAGE_SIZE, "offset": offset, "key": key}
        hits, offset = parse_search_page(client.get_json(url, params=params), url)
        yield from (print_no for _, print_no in hits)


def fetch_bill(client: HttpClient, year: int, print_no: str, key: str) -> BillRecord:
    url = f"{API_ROOT}/bills/{year}/{print_no}"
    data = client.get_json(url, params={"view": "default", "key": key})
    return parse_api_bill(_api_result(data, url), url)


def scrape(params: ScrapeParams, client: HttpClient) -> Iterator[BillRecord]:
    """AI bills of the current (and recent previous) session, with chapter amendments linked.

    Records are held until the session is done because linking a chapter
    amendment needs the bill it amends.
    """
    if params.jurisdiction and params.jurisdiction != JURISDICTION:
        return
    key = required_api_key(SOURCE_NAME, "NYSENATE_API_KEY")
    years = (
        [session_year(params.session)]
        if params.session
        else sessions_to_scrape(date.today(), settings.SCRAPER_PREVIOUS_SESSION_DAYS)
    )
    for year in years:
        records = []
        for print_no in dict.fromkeys(search_bills(client, year, params.since, key)):
            records.append(assess_record(fetch_bill(client, year, print_no, key)))
        link_chapter_amendments(records)
        yield from records


SOURCE = register(
    Source(
        name=SOURCE_NAME,
        description="New York Senate Open Legislation API v3 (bills, amendments, full text)",
        scrape=scrape,
        parse_file=parse_file,
        rate_per_minute=60,
        every_hours=12,
        file_patterns=("*.json",),
        parses_directories=True,
        api_key_setting="NYSENATE_API_KEY",
        jurisdictions=(JURISDICTION,),
    )
)
