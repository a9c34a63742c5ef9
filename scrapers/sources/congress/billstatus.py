"""Congress: govinfo BILLSTATUS bulk XML (schema 3), everything about one bill in one file.

The Library of Congress writes BILLSTATUS with the same objects as the
congress.gov API, so the XML is turned into the API's JSON shape and handed
to ``congress_records.build_record``, the one builder both formats share.
Kept apart from ``scrapers.sources.congress`` (the API's JSON, fetching and the
registry entry) because reading XML is its own job; ``congress.parse_file``
sends XML files here.
"""

from __future__ import annotations

from typing import Any

from lxml import etree

from scrapers.errors import ParseError
from scrapers.records import BillRecord

from .build import SOURCE_NAME, build_record, require_bill

_LIST_TAGS = frozenset({"item", "summary", "amendment"})


def parse_billstatus(data: bytes, where: str) -> BillRecord:
    """A govinfo BILLSTATUS XML file (schema 3): everything about one bill."""
    try:
        root = etree.fromstring(data, parser=etree.XMLParser(resolve_entities=False))
    except etree.XMLSyntaxError as exc:
        raise ParseError(SOURCE_NAME, where, f"well-formed BILLSTATUS XML ({exc})") from exc
    bill = root.find("bill") if root.tag == "billStatus" else None
    if bill is None:
        raise ParseError(SOURCE_NAME, where, "a <billStatus> root with a <bill> element")
    return build_record(require_bill(_xml_object(bill), where), {})


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
