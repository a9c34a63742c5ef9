"""New York bills in the jehiah/ny_legislation mirror's JSON, parsed to records.

The third-party mirror keeps one file per bill with capitalised keys
(``PrintNo``, ``Session``, ``Actions``, ``SameAsPrintNo`` ...) and no bill
text. It is only ever read from saved files, so it lives apart from
``scrapers.sources.ny``, which fetches and parses the Senate's own API; both build
records with ``scrapers.sources.ny.build``, and ``scrapers.sources.ny.parse.parse_file`` tells
the two formats apart.
"""

from __future__ import annotations

import re
from typing import Any

from scrapers.errors import ParseError
from scrapers.records import BillRecord

from .build import (
    SOURCE_NAME,
    action_record,
    bill_abstract,
    new_record,
    parse_date,
    parse_year,
    print_versions,
    related_bills,
    sponsor_records,
)


def parse_mirror_bill(data: dict[str, Any], where: str) -> BillRecord:
    """One bill in the jehiah/ny_legislation mirror's JSON (``PrintNo``, ``Actions`` ...)."""
    if not isinstance(data.get("Actions", []), list) or not data.get("Title"):
        raise ParseError(SOURCE_NAME, where, "a mirror bill with 'Title' and an 'Actions' list")
    try:
        return _mirror_bill(data, where)
    except (AttributeError, KeyError, TypeError, ValueError) as exc:
        raise ParseError(SOURCE_NAME, where, f"a bill in the mirror's shape ({exc!r})") from exc


def _mirror_bill(data: dict[str, Any], where: str) -> BillRecord:
    year = parse_year(data.get("Session"), where)
    base = str(data.get("PrintNo") or "")
    abstract = bill_abstract(data.get("Summary"), data.get("ActClause"))
    record = new_record(base, year, data["Title"], abstract, where)
    record.actions = [
        action_record(a.get("Date"), a.get("Text"), a.get("Chamber"), where)
        for a in data["Actions"]
    ]
    published = (
        parse_date(data["Published"], where, "'Published'") if data.get("Published") else None
    )
    first = published or (min(a.date for a in record.actions) if record.actions else None)
    record.versions = print_versions(base, year, record.actions, {"": first}, {})
    people = [(s.get("Name", ""), s.get("ID")) for s in data.get("Sponsors") or []]
    record.sponsors = sponsor_records(people, str(data.get("Chamber") or ""))
    record.related_bills = related_bills(record, _same_as_list(data.get("SameAsPrintNo"), year))
    return record.normalised()


def _same_as_list(value: Any, year: int) -> list[tuple[str, int]]:
    """The mirror's "A6453-2025" (possibly comma separated) as (print no, year) pairs."""
    pairs = []
    for part in str(value or "").split(","):
        match = re.match(r"^\s*([A-Z]+\d+)[A-Z]?(?:-(\d{4}))?\s*$", part.upper())
        if match:
            pairs.append((match.group(1), int(match.group(2) or year)))
    return pairs
