"""Congress: bills from the congress.gov API v3 and govinfo BILLSTATUS bulk XML.

Both formats describe a bill with the same objects (the Library of Congress
publishes both), so BILLSTATUS XML is first turned into the API's JSON shape
and one builder makes the record. The API spreads a bill over a detail
response and sub-resources (``/actions``, ``/text``, ...); ``parse_file``
merges sibling files saved as ``bill_117_hr_21_actions.json`` next to
``bill_117_hr_21.json``, and ``scrape`` fetches the same pieces live.

Actions come from several systems (House floor, Senate, Library of Congress),
which often restate each other. Each kept action's actor is the chamber
("lower", "upper") or "executive"; only exact repeats of date, text and actor
are dropped, so a chamber's wording and the Library's summary both stay.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lxml import etree

from bills.vocabulary.statuses import ACTION_CLASSIFICATIONS, classify_action

from .errors import ParseError
from .jurisdictions import normalise_identifier
from .records import ActionRecord, BillRecord, RelatedBillRecord, SponsorRecord, VersionRecord
from .registry import ScrapeParams, Source, register
from .relevance import assess
from .sessions import with_previous
from .text import html_to_text

if TYPE_CHECKING:
    from .http import HttpClient

SOURCE_NAME = "congress"
API_ROOT = "https://api.congress.gov/v3"
BILLSTATUS_URL = (
    "https://www.govinfo.gov/bulkdata/BILLSTATUS/{congress}/{type}/"
    "BILLSTATUS-{congress}{type}{number}.xml"
)
PAGE_SIZE = 250  # the API's maximum
# Sub-resource path -> the key holding its items in the response.
SUB_RESOURCES: dict[str, str] = {
    "actions": "actions", "text": "textVersions", "subjects": "subjects", "titles": "titles",
    "cosponsors": "cosponsors", "relatedbills": "relatedBills", "summaries": "summaries",
}  # fmt: skip
_WEB_SLUGS = {
    "HR": "house-bill", "S": "senate-bill", "HRES": "house-resolution",
    "SRES": "senate-resolution", "HJRES": "house-joint-resolution",
    "SJRES": "senate-joint-resolution", "HCONRES": "house-concurrent-resolution",
    "SCONRES": "senate-concurrent-resolution",
}  # fmt: skip
# Library of Congress action codes (BILLSTATUS user guide, table 3) that name a stage
# outright; text rules add the rest.
_CODE_CLASSES: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(("Intro-H", "1000", "10000"), ("introduction",)),
    **dict.fromkeys(("H11100", "2000", "11000"), ("referral-committee",)),
    **dict.fromkeys(("H12200", "5000", "14000"), ("committee-passage",)),
    **dict.fromkeys(("8000", "17000"), ("passage",)),
    **dict.fromkeys(("E20000", "28000"), ("executive-receipt",)),
    "E30000": ("executive-signature",),
    **dict.fromkeys(("E40000", "36000"), ("became-law",)),
}
_FORMAT_PREFERENCE = {"Formatted Text": 0, "PDF": 1, "Formatted XML": 2, "Generated HTML": 3}
_MEDIA_TYPES = {".htm": "text/html", ".html": "text/html", ".pdf": "application/pdf"}
_LIST_TAGS = frozenset({"item", "summary", "amendment"})
_NAME_SUFFIX = re.compile(r"\s*\[[^\]]*\]\s*$")
_BILL_FILE = re.compile(r"^(?P<stem>bill_\d+_[a-z]+_\d+)(?:_(?P<part>[a-z]+))?$")


# --------------------------------------------------------------------------- small helpers


def current_congress(day: date) -> int:
    """The Congress sitting on ``day`` (the 119th began in January 2025)."""
    return (day.year - 1789) // 2 + 1


def bill_identifier(bill_type: str, number: Any) -> str:
    """ "hr", "21" -> "HR 21"; "HJRES", 1 -> "HJRES 1"."""
    return normalise_identifier(f"{bill_type}{number}")


def web_url(congress: Any, bill_type: str, number: Any) -> str:
    """The bill's congress.gov page, e.g. .../bill/117th-congress/house-bill/21."""
    slug = _WEB_SLUGS.get(bill_type.upper().replace(".", ""), "bill")
    return f"https://www.congress.gov/bill/{_ordinal(int(congress))}-congress/{slug}/{int(number)}"


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _date(value: Any) -> date | None:
    try:
        return date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def _listed(value: Any) -> list[Any]:
    """Items of an API list; a ``{count, url}`` stub, "" or None means none given here."""
    if isinstance(value, list):
        return value
    return [value] if isinstance(value, dict) and "count" not in value and value else []


def _words(value: Any) -> str:
    return " ".join(str(value or "").split())


# --------------------------------------------------------------------------- the record


def build_record(bill: Mapping[str, Any], parts: Mapping[str, Any]) -> BillRecord:
    """One bill from its API object plus sub-resource items (``parts`` keyed as the API keys them).

    Items embedded in ``bill`` itself (BILLSTATUS XML, wrapped files) are used
    when ``parts`` lacks them.
    """

    def part(key: str) -> Any:
        return parts.get(key) if parts.get(key) is not None else bill.get(key)

    congress, bill_type, number = str(bill["congress"]), str(bill["type"]), bill["number"]
    identifier = bill_identifier(bill_type, number)
    titles = _listed(part("titles"))
    record = BillRecord(
        jurisdiction="US",
        session=congress,
        identifier=identifier,
        title=_title(bill, titles, identifier, congress),
        kind="resolution" if "RES" in bill_type.upper() else "bill",
        abstract=_abstract(_listed(part("summaries")), titles),
        subjects=_subjects(part("subjects"), bill),
        sources=[bill.get("legislationUrl") or web_url(congress, bill_type, number)],
        source_ids={SOURCE_NAME: f"{congress}/{bill_type.lower()}/{int(number)}"},
        actions=parse_actions(_listed(part("actions"))),
        versions=_versions(_listed(part("textVersions"))),
        sponsors=_sponsors(_listed(bill.get("sponsors")), "primary")
        + _sponsors(_listed(part("cosponsors")), "cosponsor"),
        related_bills=_related(_listed(part("relatedBills")), congress),
    )
    _assess(record)
    record.normalised()
    record.chapter = _law(_listed(bill.get("laws"))) or record.chapter
    return record


def _title(bill: Mapping[str, Any], titles: list[dict], identifier: str, congress: str) -> str:
    display = [t.get("title") for t in titles if t.get("titleType") == "Display Title"]
    title = _words(bill.get("title")) or _words(display[0] if display else "")
    # New list entries can have no title yet; the record still needs one to be stored.
    return title or f"{identifier} ({_ordinal(int(congress))} Congress)"


def _abstract(summaries: list[dict], titles: list[dict]) -> str:
    """The newest CRS summary as text; else the official title ("To enhance ...")."""
    dated = [s for s in summaries if isinstance(s, dict) and s.get("text")]
    if dated:
        newest = max(dated, key=lambda s: (str(s.get("actionDate")), str(s.get("updateDate"))))
        return html_to_text(str(newest["text"])).strip()
    official = [t for t in titles if str(t.get("titleType", "")).startswith("Official Title")]
    return _words(official[0].get("title")) if official else ""


def _subjects(subjects: Any, bill: Mapping[str, Any]) -> list[str]:
    subjects = subjects if isinstance(subjects, dict) else {}
    area = (subjects.get("policyArea") or bill.get("policyArea") or {}).get("name")
    names = [s.get("name") for s in _listed(subjects.get("legislativeSubjects"))]
    return [n for n in [area, *names] if n]


def _law(laws: list[dict]) -> str:
    """ "Public Law 117-103" from the bill's ``laws`` element (empty until enacted)."""
    for law in laws:
        if law.get("number"):
            return f"{law.get('type') or 'Public Law'} {law['number']}"
    return ""


def _assess(record: BillRecord) -> None:
    relevance = assess(record.title, record.abstract)
    record.ai_relevant, record.ai_relevance_reason = relevance.relevant, relevance.reason


def parse_actions(items: list[dict]) -> list[ActionRecord]:
    """Actions oldest first, classified by action code and text, exact repeats dropped.

    The API and BILLSTATUS list actions newest first, so the list is reversed
    (keeping the order of same-day actions) before the record sorts by date.
    """
    seen: set[tuple[date, str, str]] = set()
    actions: list[ActionRecord] = []
    for item in reversed(items):
        day, text = _date(item.get("actionDate")), _words(item.get("text"))
        if day is None or not text:
            continue  # BILLSTATUS has empty placeholder items
        actor = _actor(item, text)
        if (day, text, actor) in seen:
            continue
        seen.add((day, text, actor))
        actions.append(ActionRecord(day, text, actor, _classify(item, text)))
    return actions


def _actor(item: Mapping[str, Any], text: str) -> str:
    system = _words((item.get("sourceSystem") or {}).get("name"))
    code, kind = _words(item.get("actionCode")), _words(item.get("type"))
    if system.startswith("House"):
        return "lower"
    if system == "Senate":
        return "upper"
    if code.startswith("E") or kind in {"President", "BecameLaw"} or code in {"28000", "36000"}:
        return "executive"
    chamber = re.search(r"\b(House|Senate)\b", text)
    if chamber:
        return "lower" if chamber.group(1) == "House" else "upper"
    return system


def _classify(item: Mapping[str, Any], text: str) -> list[str]:
    found = set(_CODE_CLASSES.get(_words(item.get("actionCode")), ())) | set(classify_action(text))
    return [code for code in ACTION_CLASSIFICATIONS if code in found]


def _versions(items: list[dict]) -> list[VersionRecord]:
    versions = []
    for item in items:
        if not isinstance(item, dict) or not _words(item.get("type")):
            continue  # BILLSTATUS closes the list with an empty item
        formats = sorted(
            (f for f in _listed(item.get("formats")) if isinstance(f, dict) and f.get("url")),
            key=lambda f: _FORMAT_PREFERENCE.get(f.get("type", ""), 9),
        )
        url = formats[0]["url"] if formats else ""
        suffix = Path(url).suffix.lower()
        media_type = _MEDIA_TYPES.get(suffix, "application/xml" if suffix == ".xml" else "")
        versions.append(
            VersionRecord(_words(item["type"]), _date(item.get("date")), url, media_type)
        )
    return sorted(versions, key=lambda v: (v.date is None, v.date or date.min))


def _sponsors(items: list[dict], classification: str) -> list[SponsorRecord]:
    sponsors = []
    for item in items:
        if not isinstance(item, dict) or item.get("sponsorshipWithdrawnDate"):
            continue
        full = _words(item.get("fullName"))
        name = _NAME_SUFFIX.sub("", full) or _words(
            f"{item.get('firstName')} {item.get('lastName')}"
        )
        sponsors.append(
            SponsorRecord(
                name=name,
                classification=classification,
                chamber="upper" if full.startswith("Sen.") else "lower",
                party=_words(item.get("party")),
                source_id=_words(item.get("bioguideId")),
            )
        )
    return sponsors


def _related(items: list[dict], congress: str) -> list[RelatedBillRecord]:
    related = []
    for item in items:
        if not isinstance(item, dict) or not item.get("type") or not item.get("number"):
            continue
        kinds = {_words(d.get("type")) for d in _listed(item.get("relationshipDetails"))}
        other = str(item.get("congress") or congress)
        related.append(
            RelatedBillRecord(
                identifier=bill_identifier(str(item["type"]), item["number"]),
                relation="companion" if "Identical bill" in kinds else "related",
                session="" if other == congress else other,
            )
        )
    return related


# --------------------------------------------------------------------------- formats


def parse_bill_list(payload: Mapping[str, Any], where: str) -> list[BillRecord]:
    """Minimal records (identifier, title, latest action) for each bill of a list response."""
    bills = payload.get("bills")
    if not isinstance(bills, list):
        raise ParseError(SOURCE_NAME, where, 'a bill list response with a "bills" array')
    records = []
    for listed in bills:
        bill = _required(listed, where)
        latest = listed.get("latestAction") or {}
        record = build_record({**bill, "actions": [latest] if latest else []}, {})
        record.partial = True
        records.append(record)
    return records


def _required(bill: Any, where: str) -> dict[str, Any]:
    if not isinstance(bill, dict) or not all(bill.get(k) for k in ("congress", "type", "number")):
        raise ParseError(SOURCE_NAME, where, "a bill object with congress, type and number")
    if not str(bill["number"]).isdigit() or not str(bill["congress"]).isdigit():
        raise ParseError(SOURCE_NAME, where, f"numeric congress and bill number, got {bill!r:.120}")
    return bill


def parse_bill_detail(
    payload: Mapping[str, Any], parts: Mapping[str, Any], where: str
) -> BillRecord:
    """A bill detail response (``{"bill": {...}}``) plus sub-resource responses by path name.

    ``parts`` maps a sub-resource path ("actions", "text", ...) to its whole
    response, as fetched or as saved next to the detail file.
    """
    bill = _required(payload.get("bill"), where)
    items = {
        key: response.get(key)
        for name, key in SUB_RESOURCES.items()
        if isinstance(response := parts.get(name), dict)
    }
    return build_record(bill, items)


def parse_wrapped(payload: Mapping[str, Any], where: str) -> BillRecord:
    """A tracker's envelope ``{id, list_item, bill, actions, summaries}`` around API objects."""
    bill = _required(payload.get("bill"), where)
    parts = {key: payload.get(key) for key in ("actions", "summaries") if key in payload}
    return build_record(bill, parts)


def parse_billstatus(data: bytes, where: str) -> BillRecord:
    """A govinfo BILLSTATUS XML file (schema 3): everything about one bill."""
    try:
        root = etree.fromstring(data, parser=etree.XMLParser(resolve_entities=False))
    except etree.XMLSyntaxError as exc:
        raise ParseError(SOURCE_NAME, where, f"well-formed BILLSTATUS XML ({exc})") from exc
    bill = root.find("bill") if root.tag == "billStatus" else None
    if bill is None:
        raise ParseError(SOURCE_NAME, where, "a <billStatus> root with a <bill> element")
    return build_record(_required(_xml_object(bill), where), {})


def _xml_object(element: etree._Element) -> Any:
    """BILLSTATUS element -> the API's JSON shape: ``<item>`` runs become lists."""
    children = [c for c in element if isinstance(c.tag, str)]
    if not children:
        return (element.text or "").strip()
    if element.tag in {"actions", "summaries"} and children[0].tag in {"count", "actions"}:
        return {}  # an amendment's nested action counts; not the bill's own actions
    if {c.tag for c in children} <= _LIST_TAGS:
        return [_xml_object(c) for c in children]
    return {c.tag: _xml_object(c) for c in children}


def parse_file(path: Path) -> list[BillRecord]:
    """Parse a saved congress.gov response or BILLSTATUS file (format detected from content).

    A bill detail file picks up sub-resource files saved beside it; a
    sub-resource file on its own yields nothing (its detail file uses it).
    """
    path = Path(path)
    data = path.read_bytes()
    if data.lstrip()[:1] == b"<":
        return [parse_billstatus(data, str(path))]
    payload = _load_json(data, str(path))
    if isinstance(payload.get("bills"), list):
        return parse_bill_list(payload, str(path))
    if "list_item" in payload or isinstance(payload.get("actions"), list) and "bill" in payload:
        return [parse_wrapped(payload, str(path))]
    if isinstance(payload.get("bill"), dict):
        return [parse_bill_detail(payload, _sibling_parts(path), str(path))]
    if set(payload) & {*SUB_RESOURCES.values(), "amendments", "committees"}:
        return []
    raise ParseError(
        SOURCE_NAME, str(path), "a congress.gov bill, bill list or sub-resource response"
    )


def _load_json(data: bytes, where: str) -> dict[str, Any]:
    try:
        payload = json.loads(data)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ParseError(SOURCE_NAME, where, f"JSON or BILLSTATUS XML ({exc})") from exc
    if not isinstance(payload, dict):
        raise ParseError(SOURCE_NAME, where, "a JSON object")
    return payload


def _sibling_parts(path: Path) -> dict[str, Any]:
    match = _BILL_FILE.match(path.stem)
    if not match or match.group("part"):
        return {}
    parts = {}
    for name in SUB_RESOURCES:
        sibling = path.with_name(f"{match.group('stem')}_{name}{path.suffix}")
        if sibling.is_file():
            parts[name] = _load_json(sibling.read_bytes(), str(sibling))
    return parts


# --------------------------------------------------------------------------- live


def _api_key() -> dict[str, str]:
    from django.conf import settings

    key = getattr(settings, "CONGRESS_API_KEY", "")
    return {"api_key": key, "format": "json"} if key else {"format": "json"}


def iter_bill_list(client: HttpClient, congress: str, since: date | None) -> Iterator[dict]:
    """Every bill of a Congress updated since ``since``, following ``pagination.next``."""
    params: dict[str, Any] = {**_api_key(), "limit": PAGE_SIZE, "offset": 0}
    if since:
        params["fromDateTime"] = f"{since.isoformat()}T00:00:00Z"
    url: str | None = f"{API_ROOT}/bill/{congress}"
    while url:
        payload = client.get_json(url, params=params)
        yield from payload.get("bills") or []
        url = (payload.get("pagination") or {}).get("next")
        params = _api_key()  # the next link carries offset and limit
    return


def fetch_bill(client: HttpClient, congress: str, bill_type: str, number: Any) -> BillRecord:
    """Detail plus every sub-resource of one bill, all pages, parsed into a record."""
    url = f"{API_ROOT}/bill/{congress}/{bill_type.lower()}/{number}"
    detail = client.get_json(url, params=_api_key())
    parts = {name: _fetch_all(client, f"{url}/{name}", key) for name, key in SUB_RESOURCES.items()}
    return parse_bill_detail(detail, parts, url)


def _fetch_all(client: HttpClient, url: str, key: str) -> dict[str, Any]:
    payload = client.get_json(url, params={**_api_key(), "limit": PAGE_SIZE})
    items, next_url = payload.get(key), (payload.get("pagination") or {}).get("next")
    while isinstance(items, list) and next_url:
        more = client.get_json(next_url, params=_api_key())
        items.extend(more.get(key) or [])
        next_url = (more.get("pagination") or {}).get("next")
    return payload


def fetch_billstatus(client: HttpClient, congress: str, bill_type: str, number: Any) -> BillRecord:
    """One bill from govinfo's BILLSTATUS bulk data (no API key needed)."""
    url = BILLSTATUS_URL.format(congress=congress, type=bill_type.lower(), number=number)
    return parse_billstatus(client.get(url).content, url)


def scrape(params: ScrapeParams, client: HttpClient) -> Iterator[BillRecord]:
    """AI-relevant bills of a Congress (default: the current one) updated since ``params.since``.

    The list gives titles only, so a bill is fetched in full when its title is
    AI-relevant or still empty, and yielded when the full record is relevant.
    """
    for congress in [params.session] if params.session else congresses_to_scrape(date.today()):
        for listed in iter_bill_list(client, congress, params.since):
            title = _words(listed.get("title"))
            if title and not assess(title).relevant:
                continue
            record = fetch_bill(client, congress, str(listed["type"]), listed["number"])
            if record.ai_relevant:
                yield record


def congresses_to_scrape(today: date) -> list[str]:
    """The sitting Congress, and the previous one for the grace period after January 3."""
    from django.conf import settings

    current = current_congress(today)
    started = date(1789 + 2 * (current - 1), 1, 3)
    grace = settings.SCRAPER_PREVIOUS_SESSION_DAYS
    return [str(c) for c in with_previous(current, current - 1, started, today, grace)]


SOURCE = register(
    Source(
        name=SOURCE_NAME,
        description="U.S. Congress bills: congress.gov API v3 and govinfo BILLSTATUS XML",
        scrape=scrape,
        parse_file=parse_file,
        rate_per_minute=80,  # 5,000 requests per hour per key
        every_hours=24,
        file_patterns=("*.json", "BILLSTATUS-*.xml"),
        api_key_setting="CONGRESS_API_KEY",
        jurisdictions=("US",),
    )
)
