"""California: the bill pages of leginfo.legislature.ca.gov, joined into records.

leginfo has no API. A bill is three pages keyed by a ``bill_id`` such as
``202520260SB53``: status, history and text; ``scrapers.sources.ca.pages`` parses each
page alone to a ``BillPage``. Here ``bill_record`` joins a bill's pages into
one record and ``parse_file`` reads saved pages (a directory bill by bill);
the live scrape (``fetch``) finds bills with leginfo's keyword search, one query per AI
term, then fetches each bill's three pages.
"""

from __future__ import annotations

import re
from pathlib import Path

from scrapers.errors import ParseError
from scrapers.records import BillRecord

from .pages import (
    SOURCE_NAME,
    BillPage,
    page_url,
    parse_page,
    split_bill_id,
)

JURISDICTION = "US-CA"
SOURCE_FILE_PATTERNS = ("*.html", "*.xhtml", "*.htm")


def _session_start(session: str) -> int:
    match = re.match(r"^\s*(\d{4})", session)
    if not match:
        raise ValueError(f"not a California session: {session!r}")
    year = int(match.group(1))
    return year if year % 2 else year - 1


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
