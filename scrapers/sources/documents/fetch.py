"""Policy documents, live: the configured list of URLs, fetched one by one."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from scrapers.records import BillRecord
from scrapers.registry import ScrapeParams

from .listing import listed_documents
from .parse import parse_document

if TYPE_CHECKING:
    from scrapers.http import HttpClient


def scrape(params: ScrapeParams, client: HttpClient) -> Iterator[BillRecord]:
    """Fetch every listed document (robots.txt respected) and yield its record."""
    client.respect_robots = True  # ordinary web sites, unlike the APIs other sources use
    for doc in listed_documents():
        response = client.get(doc.url)
        yield parse_document(response.content, response.headers.get("content-type", ""), doc)
