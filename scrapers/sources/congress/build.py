"""Pieces of a Congress bill shared by its two formats, congress.gov API JSON and BILLSTATUS XML.

The Library of Congress publishes both formats with the same objects, so
``scrapers.sources.congress`` (API JSON) and ``scrapers.sources.congress.billstatus`` (XML,
first turned into the API's JSON shape) build their records here with one
``build_record``. This module imports neither of them, so neither import makes
a cycle.

Actions come from several systems (House floor, Senate, Library of Congress),
which often restate each other. Each kept action's actor is the chamber
("lower", "upper") or "executive"; only exact repeats of date, text and actor
are dropped, so a chamber's wording and the Library's summary both stay.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from scrapers.errors import ParseError
from scrapers.payloads import obj
from scrapers.payloads import text as text_field
from scrapers.records import (
    ActionRecord,
    BillRecord,
    RelatedBillRecord,
    SponsorRecord,
    VersionRecord,
)
from scrapers.relevance import assess
from scrapers.text import html_to_text
from vocabulary.jurisdictions import normalise_identifier
from vocabulary.statuses import ACTION_CLASSIFICATIONS, classify_action

SOURCE_NAME = "congress"
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
_NAME_SUFFIX = re.compile(r"\s*\[[^\]]*\]\s*$")
# congress.gov's fullName: "Rep. Connolly, Gerald E. [D-VA-11]", "Sen. Cruz, Ted [R-TX]".
_NAME_TITLE = re.compile(r"^(?:Rep|Sen|Del|Resident Commissioner|Commissioner)\.?\s+")
# Congress sits in Washington: a UTC stamp such as 2025-07-05T03:59:59Z is an event of July 4.
LOCAL_TIME = ZoneInfo("America/New_York")
# Sub-resources a detail response gives only as {count, url} links; without their items the
# record is partial. Actions matter most: 0 actions read is not "no actions".
_STATUS_PARTS = ("actions",)


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
    """A date from "2021-01-04" or a UTC stamp, as the date it was in Washington."""
    if not value or not isinstance(value, str):
        return None
    try:
        if "T" in value:
            stamp = datetime.fromisoformat(value.replace("Z", "+00:00"))
            return stamp.astimezone(LOCAL_TIME).date() if stamp.tzinfo else stamp.date()
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _listed(value: Any) -> list[dict]:
    """Objects of an API list; a ``{count, url}`` stub, "" or None means none given here.

    Items that are not objects are skipped, whatever a hostile file puts there.
    """
    if isinstance(value, list):
        return [item for item in value if isinstance(item, dict)]
    return [value] if isinstance(value, dict) and "count" not in value and value else []


def words(value: Any) -> str:
    """``value`` as text with its whitespace collapsed ("" for None)."""
    return " ".join(str(value or "").split())


def require_bill(bill: Any, where: str) -> dict[str, Any]:
    """``bill`` if it is a bill object with numeric congress and number; else ParseError."""
    if not isinstance(bill, dict) or not all(bill.get(k) for k in ("congress", "type", "number")):
        raise ParseError(SOURCE_NAME, where, "a bill object with congress, type and number")
    if not str(bill["number"]).isdigit() or not str(bill["congress"]).isdigit():
        raise ParseError(SOURCE_NAME, where, f"numeric congress and bill number, got {bill!r:.120}")
    return bill


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
        sources=[
            words(text_field(bill.get("legislationUrl"))) or web_url(congress, bill_type, number)
        ],
        source_ids={SOURCE_NAME: f"{congress}/{bill_type.lower()}/{int(number)}"},
        actions=parse_actions(_listed(part("actions"))),
        versions=_versions(_listed(part("textVersions"))),
        sponsors=_sponsors(_listed(bill.get("sponsors")), "primary")
        + _sponsors(_listed(part("cosponsors")), "cosponsor"),
        related_bills=_related(_listed(part("relatedBills")), congress),
    )
    if not record.actions:
        record.actions = parse_actions(_summary_actions(bill))
        record.partial = _has_unread_items(bill, parts)
    _assess(record)
    record.normalised()
    law = _law(_listed(bill.get("laws")))
    record.chapter = law or record.chapter
    if law and record.status not in ("enacted", "effective"):
        # The laws element is the Library's word that the bill became law, whatever the
        # latest action says; the date is the latest action's only if that action says so.
        record.status, record.status_date = "enacted", None
    return record


def _summary_actions(bill: Mapping[str, Any]) -> list[dict]:
    """What a detail or list response says of the history without its actions: the latest
    action and the introduction, newest first as the API lists actions."""
    items = []
    latest = bill.get("latestAction")
    if isinstance(latest, dict) and latest.get("actionDate") and latest.get("text"):
        items.append(latest)
    introduced = _date(bill.get("introducedDate"))
    if introduced:
        chamber = words(bill.get("originChamber"))
        where = f" in {chamber}" if chamber in ("House", "Senate") else ""
        items.append({"actionDate": introduced.isoformat(), "text": f"Introduced{where}",
                      "type": "IntroReferral"})  # fmt: skip
    return items


def _has_unread_items(bill: Mapping[str, Any], parts: Mapping[str, Any]) -> bool:
    """True when the bill links status-bearing items (``{count: n, url}``) not given here."""
    for key in _STATUS_PARTS:
        link = bill.get(key)
        if parts.get(key) is None and isinstance(link, dict) and link.get("count"):
            return True
    return False


def _title(bill: Mapping[str, Any], titles: list[dict], identifier: str, congress: str) -> str:
    display = [t.get("title") for t in titles if t.get("titleType") == "Display Title"]
    title = words(bill.get("title")) or words(display[0] if display else "")
    # New list entries can have no title yet; the record still needs one to be stored.
    return title or f"{identifier} ({_ordinal(int(congress))} Congress)"


def _abstract(summaries: list[dict], titles: list[dict]) -> str:
    """The newest CRS summary as text; else the official title ("To enhance ...")."""
    dated = [s for s in summaries if isinstance(s, dict) and s.get("text")]
    if dated:
        newest = max(dated, key=lambda s: (str(s.get("actionDate")), str(s.get("updateDate"))))
        return html_to_text(str(newest["text"])).strip()
    official = [t for t in titles if str(t.get("titleType", "")).startswith("Official Title")]
    return words(official[0].get("title")) if official else ""


def _subjects(subjects: Any, bill: Mapping[str, Any]) -> list[str]:
    subjects = subjects if isinstance(subjects, dict) else {}
    area = obj(subjects.get("policyArea")) or obj(bill.get("policyArea"))
    names = [s.get("name") for s in _listed(subjects.get("legislativeSubjects"))]
    return [words(n) for n in [area.get("name"), *names] if isinstance(n, str) and words(n)]


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
        day, text = _date(item.get("actionDate")), words(item.get("text"))
        if day is None or not text:
            continue  # BILLSTATUS has empty placeholder items
        actor = _actor(item, text)
        if (day, text, actor) in seen:
            continue
        seen.add((day, text, actor))
        actions.append(ActionRecord(day, text, actor, _classify(item, text)))
    return actions


def _actor(item: Mapping[str, Any], text: str) -> str:
    system = words(obj(item.get("sourceSystem")).get("name"))
    code, kind = words(item.get("actionCode")), words(item.get("type"))
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
    found = set(_CODE_CLASSES.get(words(item.get("actionCode")), ())) | set(classify_action(text))
    return [code for code in ACTION_CLASSIFICATIONS if code in found]


def _versions(items: list[dict]) -> list[VersionRecord]:
    versions = []
    for item in items:
        if not isinstance(item, dict) or not words(item.get("type")):
            continue  # BILLSTATUS closes the list with an empty item
        formats = sorted(
            (f for f in _listed(item.get("formats")) if isinstance(f.get("url"), str) and f["url"]),
            key=lambda f: _FORMAT_PREFERENCE.get(f.get("type", ""), 9),
        )
        url = formats[0]["url"] if formats else ""
        suffix = Path(url).suffix.lower()
        media_type = _MEDIA_TYPES.get(suffix, "application/xml" if suffix == ".xml" else "")
        versions.append(
            VersionRecord(words(item["type"]), _date(item.get("date")), url, media_type)
        )
    return sorted(versions, key=lambda v: (v.date is None, v.date or date.min))


def _sponsors(items: list[dict], classification: str) -> list[SponsorRecord]:
    sponsors = []
    for item in items:
        if not isinstance(item, dict) or item.get("sponsorshipWithdrawnDate"):
            continue
        full = words(item.get("fullName"))
        name = _NAME_TITLE.sub("", _NAME_SUFFIX.sub("", full)) or words(
            f"{item.get('firstName') or ''} {item.get('lastName') or ''}"
        )
        if not name:
            continue
        sponsors.append(
            SponsorRecord(
                name=name,
                classification=classification,
                chamber="upper" if full.startswith("Sen.") else "lower",
                party=words(item.get("party")),
                source_id=words(item.get("bioguideId")),
            )
        )
    return sponsors


def _related(items: list[dict], congress: str) -> list[RelatedBillRecord]:
    related = []
    for item in items:
        if not isinstance(item, dict) or not item.get("type") or not item.get("number"):
            continue
        kinds = {words(d.get("type")) for d in _listed(item.get("relationshipDetails"))}
        other = str(item.get("congress") or congress)
        related.append(
            RelatedBillRecord(
                identifier=bill_identifier(str(item["type"]), item["number"]),
                relation="companion" if "Identical bill" in kinds else "related",
                session="" if other == congress else other,
            )
        )
    return related
