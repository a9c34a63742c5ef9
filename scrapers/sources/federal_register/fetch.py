"""Federal Register, live: the documents API searches and each document's full text."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

from scrapers.records import BillRecord
from scrapers.registry import ScrapeParams

from .parse import _html_pre_text, clean_gpo_text, document_record

if TYPE_CHECKING:
    from scrapers.http import HttpClient


API_URL = "https://www.federalregister.gov/api/v1/documents.json"
FIELDS = (
    "abstract", "agency_names", "citation", "document_number", "effective_on",
    "executive_order_number", "full_text_xml_url", "html_url", "pdf_url", "president",
    "proclamation_number", "publication_date", "raw_text_url", "signing_date", "subtype",
    "title", "type",
)  # fmt: skip
# What the live scrape asks for; each search is paged through next_page_url.
SEARCHES: tuple[dict[str, str], ...] = (
    {
        "conditions[type][]": "PRESDOCU",
        "conditions[presidential_document_type][]": "executive_order",
        "conditions[term]": "artificial intelligence",
    },
)
PER_PAGE = 100


def fetch_text(client: HttpClient, doc: Mapping[str, Any]) -> str:
    """The document's clean full text from its ``raw_text_url`` (GPO text, sometimes in HTML)."""
    url = doc.get("raw_text_url")
    if not url:
        return ""
    data = client.get(url).content
    raw = _html_pre_text(data) if data.lstrip()[:1] == b"<" else data.decode("utf-8", "replace")
    return clean_gpo_text(raw)


def iter_documents(
    client: HttpClient, search: Mapping[str, str], since: date | None
) -> Iterator[dict]:
    """Every result of one search, following ``next_page_url`` (which carries the query)."""
    params: dict[str, Any] | None = {**search, "fields[]": list(FIELDS), "per_page": PER_PAGE,
                                     "order": "newest"}  # fmt: skip
    if since and params is not None:
        params["conditions[publication_date][gte]"] = since.isoformat()
    url: str | None = API_URL
    while url:
        payload = client.get_json(url, params=params)
        yield from payload.get("results") or []
        url, params = payload.get("next_page_url"), None


def scrape(params: ScrapeParams, client: HttpClient) -> Iterator[BillRecord]:
    """AI-relevant executive orders published since ``params.since``, with full text."""
    for search in SEARCHES:
        for doc in iter_documents(client, search, params.since):
            record = document_record(doc, fetch_text(client, doc), API_URL)
            if record.ai_relevant:
                yield record
