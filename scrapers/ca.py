"""California: the bill pages of leginfo.legislature.ca.gov, joined into records.

leginfo has no API. A bill is three pages keyed by a ``bill_id`` such as
``202520260SB53``: status, history and text; ``scrapers.ca_pages`` parses each
page alone to a ``BillPage``. Here ``bill_record`` joins a bill's pages into
one record, ``parse_file`` reads saved pages (a directory bill by bill), and
the live scrape finds bills with leginfo's keyword search, one query per AI
term, then fetches each bill's three pages.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from django.conf import settings

from .ca_pages import (
    SITE,
    SOURCE_NAME,
    BillPage,
    page_url,
    parse_page,
    parse_search_results,
    split_bill_id,
)
from .errors import ParseError
from .records import BillRecord
from .registry import ScrapeParams, Source, register
from .relevance import assess_record
from .sessions import with_previous

if TYPE_CHECKING:
    from .http import HttpClient

JURISDICTION = "US-CA"
SEARCH_PATH = "/faces/billSearchClient.xhtml"
SOURCE_FILE_PATTERNS = ("*.html", "*.xhtml", "*.htm")
SEARCH_KEYWORDS = (
    "artificial intelligence",
    "automated decision",
    "machine learning",
    "algorithmic",
    "generative",
    "deepfake",
    "chatbot",
)


# --------------------------------------------------------------------------- sessions


def _convenes(start_year: int) -> date:
    """A session starting in ``start_year`` convenes on the first Monday of the December before."""
    first = date(start_year - 1, 12, 1)
    return first + timedelta(days=-first.weekday() % 7)


def sessions_to_scrape(today: date, grace_days: int) -> list[int]:
    """First years of the sessions to scrape on ``today``, newest first.

    The previous session stays in for ``grace_days`` after the new one
    convenes, so late chaptering and veto actions still arrive.
    """
    odd = today.year if today.year % 2 else today.year - 1
    current = odd + 2 if today >= _convenes(odd + 2) else odd
    return with_previous(current, current - 2, _convenes(current), today, grace_days)


def _session_start(session: str) -> int:
    match = re.match(r"^\s*(\d{4})", session)
    if not match:
        raise ValueError(f"not a California session: {session!r}")
    year = int(match.group(1))
    return year if year % 2 else year - 1


# --------------------------------------------------------------------------- records


def bill_record(pages: list[BillPage]) -> BillRecord:
    """Join one bill's pages: full history over the status page's excerpt, text page versions."""
    if not pages or len({p.bill_id for p in pages}) != 1:
        raise ValueError("bill_record needs pages of exactly one bill")
    by_kind = {p.kind: p for p in pages}
    status, history, text = (by_kind.get(k) for k in ("status", "history", "text"))
    bill_id = pages[0].bill_id
    session, ident = split_bill_id(bill_id)
    record = BillRecord(
        jurisdiction=JURISDICTION,
        session=session,
        identifier=ident,
        title=next((p.topic for p in pages if p.topic), "")
        or (status.long_title if status else ""),
        abstract=(text.abstract if text else "") or (status.long_title if status else ""),
        chapter=text.chapter if text else "",
        sources=[page_url("nav", bill_id)],
        source_ids={"leginfo": bill_id},
        actions=(history or status or pages[0]).actions,
        sponsors=status.sponsors if status else [],
        versions=text.versions if text else [],
        partial=history is None,  # a status or text page alone shows an excerpt of the history
    )
    if not record.actions and text:
        _status_from_print(record, text)
    return record.normalised()


def _status_from_print(record: BillRecord, text: BillPage) -> None:
    """Without a history, the text page still says whether the bill was enrolled or chaptered."""
    current = next((v for v in reversed(text.versions) if v.text), None)
    if text.chapter:
        record.status, record.status_date = "enacted", text.signed
    elif current is not None and current.label == "Enrolled":
        record.status, record.status_date = "passed_legislature", current.date


def parse_file(path: Path) -> list[BillRecord]:
    """A saved leginfo page: a record with what that page says.

    A directory joins its saved pages bill by bill (status + history + text -> one record).
    """
    path = Path(path)
    if path.is_dir():
        files = sorted(p for pattern in SOURCE_FILE_PATTERNS for p in path.glob(pattern))
        by_bill: dict[str, list[BillPage]] = {}
        for page in (_read_page(f) for f in files):
            by_bill.setdefault(page.bill_id, []).append(page)
        return [bill_record(pages) for pages in by_bill.values()]
    return [bill_record([_read_page(path)])]


def _read_page(path: Path) -> BillPage:
    try:
        html = path.read_bytes()
    except OSError as exc:
        raise ParseError(SOURCE_NAME, str(path), f"a readable HTML file ({exc})") from exc
    return parse_page(html, str(path))


# --------------------------------------------------------------------------- live


def search_session(client: HttpClient, year: int) -> list[str]:
    """bill_ids matching any AI keyword in the session starting ``year``, first seen first."""
    found: dict[str, None] = {}
    for keyword in SEARCH_KEYWORDS:
        url = f"{SITE}{SEARCH_PATH}"
        response = client.get(url, params={"keyword": keyword, "session_year": f"{year}{year + 1}"})
        found.update(dict.fromkeys(parse_search_results(response.content, response.url)))
    return list(found)


def fetch_page(client: HttpClient, kind: str, bill_id: str) -> BillPage:
    url = page_url(kind, bill_id)
    return parse_page(client.get(url).content, url)


def fetch_bill(client: HttpClient, bill_id: str, since: date | None = None) -> BillRecord | None:
    """The bill's three pages as one record; None when nothing happened since ``since``."""
    status = fetch_page(client, "status", bill_id)
    if since and status.actions and max(a.date for a in status.actions) < since:
        return None
    pages = [status, fetch_page(client, "history", bill_id), fetch_page(client, "text", bill_id)]
    return assess_record(bill_record(pages))


def scrape(params: ScrapeParams, client: HttpClient) -> Iterator[BillRecord]:
    if params.jurisdiction and params.jurisdiction != JURISDICTION:
        return
    client.respect_robots = True  # a web site for people, not an API
    years = (
        [_session_start(params.session)]
        if params.session
        else sessions_to_scrape(date.today(), settings.SCRAPER_PREVIOUS_SESSION_DAYS)
    )
    for year in years:
        for bill_id in search_session(client, year):
            record = fetch_bill(client, bill_id, params.since)
            if record is not None:
                yield record


SOURCE = register(
    Source(
        name=SOURCE_NAME,
        description="California leginfo bill status, history and text pages (HTML)",
        scrape=scrape,
        parse_file=parse_file,
        rate_per_minute=20,  # an HTML site, not an API: stay well below what a browser does
        every_hours=12,
        file_patterns=SOURCE_FILE_PATTERNS,
        respect_robots=True,
        parses_directories=True,
        jurisdictions=(JURISDICTION,),
    )
)
