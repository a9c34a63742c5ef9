"""California's leginfo pages, parsed: a bill's status, history and text pages, and searches.

leginfo has no API. A bill is three pages keyed by a ``bill_id`` such as
``202520260SB53`` (session 2025-2026, regular session 0, SB 53): the status
page (authors, topic, the last few actions), the history page (every action,
newest first) and the text page (the current version's text and a list of all
versions). Each page alone parses to a ``BillPage``; a page that lost the
element its kind depends on (the history table, the status rows, the text)
raises ``ParseError`` naming the page and the element.

These are the pure half of the source: HTML in, ``BillPage`` out, tested on
saved pages. ``scrapers.sources.ca`` joins a bill's pages into a record, fetches and
registers the source; this module imports nothing from it, so there is no cycle.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from urllib.parse import parse_qs, urlparse

from bs4 import BeautifulSoup, Tag, XMLParsedAsHTMLWarning

from scrapers.errors import ParseError
from scrapers.records import ActionRecord, SponsorRecord, VersionRecord
from scrapers.text import html_to_text

SOURCE_NAME = "ca"
SITE = "https://leginfo.legislature.ca.gov"
PAGE_PATHS = {
    "status": "/faces/billStatusClient.xhtml",
    "history": "/faces/billHistoryClient.xhtml",
    "text": "/faces/billTextClient.xhtml",
}
NAV_PATH = "/faces/billNavClient.xhtml"
PDF_PATH = "/faces/billPdf.xhtml"
# leginfo page file name -> the kind of page it is (billNavClient opens on the text).
_PAGE_KINDS = {
    "billStatusClient": "status",
    "billHistoryClient": "history",
    "billTextClient": "text",
    "billNavClient": "text",
    "billSearchClient": "search",
}
_BILL_ID = re.compile(
    r"^(?P<start>\d{4})(?P<end>\d{4})(?P<special>\d)(?P<prefix>[A-Z]+?(?:X\d)?)(?P<number>\d+)$"
)
_HEADING = re.compile(r"^[A-Z]+(?:X\d)?-\d+\s+(?P<topic>.*?)\s*(?:\(\d{4}\s*-\s*\d{4}\))?$")
_CHAMBER_NOTE = re.compile(r"^In (?P<chamber>Senate|Assembly)\b")
_SENT_TO = re.compile(r"\bOrdered to the (?P<chamber>Senate|Assembly)\b")
_EXECUTIVE = re.compile(
    r"^(Approved by (the )?Governor|Vetoed by (the )?Governor|Chaptered by Secretary of State)"
)
_CHAMBERS = {"Senate": "upper", "Assembly": "lower", "S": "upper", "A": "lower"}
_AUTHOR = re.compile(r"^(?P<name>.+?)\s*(?:\((?P<house>[SA])\))?$")
_APPROVED = re.compile(r"Approved by Governor\s+(?P<date>[A-Z][a-z]+ \d{1,2}, \d{4})")
_CHAPTER_HEADING = re.compile(r"^CHAPTER\s+(?P<number>\d+)$", re.IGNORECASE)


@dataclass
class BillPage:
    """What one leginfo page says about a bill."""

    kind: str  # status | history | text
    bill_id: str
    url: str
    topic: str = ""
    long_title: str = ""
    abstract: str = ""
    chapter: str = ""
    signed: date | None = None
    actions: list[ActionRecord] = field(default_factory=list)
    sponsors: list[SponsorRecord] = field(default_factory=list)
    versions: list[VersionRecord] = field(default_factory=list)


def split_bill_id(bill_id: str) -> tuple[str, str]:
    """ "202520260SB53" -> ("2025-2026", "SB 53")."""
    match = _BILL_ID.match(bill_id.strip().upper())
    if not match:
        raise ValueError(f"not a leginfo bill_id: {bill_id!r}")
    session = f"{match.group('start')}-{match.group('end')}"
    return session, f"{match.group('prefix')} {int(match.group('number'))}"


def page_url(kind: str, bill_id: str) -> str:
    return f"{SITE}{PAGE_PATHS.get(kind, NAV_PATH)}?bill_id={bill_id}"


def _date(value: str, where: str, what: str) -> date:
    text = value.strip()
    for fmt in ("%m/%d/%y", "%m/%d/%Y", "%B %d, %Y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ParseError(SOURCE_NAME, where, f"{what} as MM/DD/YY, got {value!r}")


def _soup(html: str | bytes) -> BeautifulSoup:
    with warnings.catch_warnings():
        # leginfo serves XHTML with an XML prolog; it is still HTML to read.
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
        return BeautifulSoup(html, "lxml")


def page_kind(soup: BeautifulSoup) -> str | None:
    """Which leginfo page this is: from the JSF form's action, else from its landmarks."""
    for form in soup.find_all("form", action=True):
        name = Path(urlparse(form["action"]).path).stem
        if name in _PAGE_KINDS:
            return _PAGE_KINDS[name]
    if soup.find(id="bill_all"):
        return "text"
    if soup.find(id="leadAuthors") or soup.select_one("div.statusRow"):
        return "status"
    if soup.find(id="billhistory"):
        return "history"
    if soup.find(id="bill_results"):
        return "search"
    return None


def parse_page(html: str | bytes, where: str) -> BillPage:
    """One saved or fetched bill page (status, history or text)."""
    soup = _soup(html)
    kind = page_kind(soup)
    if kind not in {"status", "history", "text"}:
        raise ParseError(SOURCE_NAME, where, "a leginfo bill status, history or text page")
    bill_id = _page_bill_id(soup, where)
    page = BillPage(kind, bill_id, page_url(kind, bill_id), topic=_heading_topic(soup))
    if kind == "status":
        _read_status(soup, page, where)
    elif kind == "history":
        table = soup.find("table", id="billhistory")
        if table is None:
            raise ParseError(SOURCE_NAME, where, "the bill history table (table#billhistory)")
        page.actions = parse_history_table(table, bill_id, where)
    else:
        _read_text(soup, page, where)
    if not page.topic:
        raise ParseError(SOURCE_NAME, where, "the bill heading (#bill_title h1 'SB-53 Topic.')")
    return page


def _page_bill_id(soup: BeautifulSoup, where: str) -> str:
    candidates = [f["action"] for f in soup.find_all("form", action=True)]
    candidates += [a["href"] for a in soup.find_all("a", href=True)]
    for url in candidates:
        for bill_id in parse_qs(urlparse(url).query).get("bill_id", []):
            if _BILL_ID.match(bill_id):
                return bill_id
    raise ParseError(SOURCE_NAME, where, "a bill_id such as 202520260SB53 in the form or links")


def _heading_topic(soup: BeautifulSoup) -> str:
    heading = soup.select_one("#bill_title h1") or soup.select_one("#bill_header h1")
    match = _HEADING.match(_text(heading)) if heading else None
    return match.group("topic") if match else ""


def _text(node: Tag | None) -> str:
    return " ".join(node.get_text(" ").split()) if node is not None else ""


def parse_history_table(table: Tag, bill_id: str, where: str) -> list[ActionRecord]:
    """The history rows (newest first on the page), oldest first, each with its chamber."""
    rows = []
    for tr in table.select("tbody tr") or table.find_all("tr")[1:]:
        cells = tr.find_all("td")
        if len(cells) < 2:
            raise ParseError(SOURCE_NAME, where, "history rows of two cells (date, action)")
        rows.append((_date(_text(cells[0]), where, "a history date"), _text(cells[1])))
    if not rows:
        raise ParseError(SOURCE_NAME, where, "at least one row in the bill history table")
    rows.reverse()
    origin = "upper" if split_bill_id(bill_id)[1].startswith("S") else "lower"
    return [ActionRecord(d, t, a) for (d, t), a in zip(rows, _actors(rows, origin), strict=True)]


def _actors(rows: list[tuple[date, str]], origin: str) -> list[str]:
    """leginfo gives no chamber per action: follow "Ordered to the Assembly", "In Senate." ..."""
    actors, house = [], origin
    for _, text in rows:
        if match := _CHAMBER_NOTE.match(text):
            house = _CHAMBERS[match.group("chamber")]
        actors.append("executive" if _EXECUTIVE.match(text) else house)
        if match := _SENT_TO.search(text):
            house = _CHAMBERS[match.group("chamber")]
    return actors


def _read_status(soup: BeautifulSoup, page: BillPage, where: str) -> None:
    if soup.find(id="leadAuthors") is None:
        raise ParseError(SOURCE_NAME, where, "the bill status rows (span#leadAuthors)")
    page.topic = _text(soup.find(id="subject")) or page.topic
    page.long_title = _text(soup.find(id="statusTitle"))
    page.sponsors = parse_authors(
        _text(soup.find(id="leadAuthors")),
        _text(soup.find(id="principalAuthors")),
        _text(soup.find(id="coAuthors")),
    )
    table = soup.find("table", id="billhistory")  # the last few actions only
    if table is not None and table.select("tbody tr"):
        page.actions = parse_history_table(table, page.bill_id, where)


def parse_authors(lead: str, principal: str, coauthors: str) -> list[SponsorRecord]:
    """ "Wiener (S)" lists: lead authors are primary, principal and other coauthors cosponsors."""
    sponsors: list[SponsorRecord] = []
    for names, kind in ((lead, "primary"), (principal, "cosponsor"), (coauthors, "cosponsor")):
        for part in names.split(","):
            match = _AUTHOR.match(part.strip())
            if match and match.group("name") not in {"", "-"}:
                chamber = _CHAMBERS.get(match.group("house") or "", "")
                sponsors.append(SponsorRecord(match.group("name"), kind, chamber))
    return sponsors


def _read_text(soup: BeautifulSoup, page: BillPage, where: str) -> None:
    bill_all = soup.find(id="bill_all")
    if bill_all is None:
        raise ParseError(SOURCE_NAME, where, "the bill text (div#bill_all)")
    page.abstract = html_to_text(str(soup.find(id="digesttext") or "")).strip()
    page.versions = _text_versions(soup, page.bill_id, html_to_text(str(bill_all)).strip(), where)
    for heading in bill_all.find_all(["h2", "h3", "h4"]):
        if match := _CHAPTER_HEADING.match(_text(heading)):
            page.chapter = match.group("number")
    if approved := _APPROVED.search(_text(bill_all)):
        page.signed = _date(approved.group("date"), where, "the approval date")
    if page.chapter and page.signed:
        page.chapter = f"Chapter {page.chapter} of {page.signed.year}"
    else:
        page.chapter = ""


def _text_versions(soup: BeautifulSoup, bill_id: str, text: str, where: str) -> list[VersionRecord]:
    """Every version in the version list, oldest first; the one shown carries the text."""
    options = soup.select("select#version option")
    if not options:
        return [VersionRecord("Current", None, page_url("text", bill_id), "text/html", text)]
    shown = next((o for o in options if o.has_attr("selected")), options[0])
    versions = []
    for option in reversed(options):
        when, _, label = _text(option).partition(" - ")
        version = VersionRecord(label.strip() or when, _date(when, where, "a version date"))
        if option is shown:
            version.url, version.media_type, version.text = (
                page_url("text", bill_id),
                "text/html",
                text,
            )
        else:
            version.url = f"{SITE}{PDF_PATH}?bill_id={bill_id}&version={option.get('value', '')}"
            version.media_type = "application/pdf"
        versions.append(version)
    return versions


def parse_search_results(html: str | bytes, where: str) -> list[str]:
    """bill_ids listed on a keyword search result page (empty when nothing matched)."""
    soup = _soup(html)
    table = soup.find("table", id="bill_results")
    if table is None:
        if page_kind(soup) == "search":
            return []
        raise ParseError(SOURCE_NAME, where, "a leginfo bill search page (table#bill_results)")
    found: list[str] = []
    for link in table.select("tbody tr td a[href]"):
        for bill_id in parse_qs(urlparse(link["href"]).query).get("bill_id", []):
            if _BILL_ID.match(bill_id) and bill_id not in found:
                found.append(bill_id)
    return found
