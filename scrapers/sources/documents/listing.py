"""Policy documents: the list of URLs the maintainers chose (defaults plus settings).

``settings.POLICY_DOCUMENT_URLS`` holds comma-separated entries, each a URL or
``SHORT-ID=URL``; a configured URL overrides a default one. Both the live
scrape and ``parse_file`` (which names a saved file after its listed entry)
read the list here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from scrapers.errors import ScrapeError

SOURCE_NAME = "documents"


@dataclass(frozen=True)
class PolicyDocument:
    """One entry of the document list; empty fields are found in the document itself."""

    url: str
    identifier: str = ""
    title: str = ""
    date: date | None = None


_ENTRY = re.compile(r"^(?P<id>[A-Za-z0-9][A-Za-z0-9._-]*)=(?P<url>https?://\S+)$")


DEFAULT_DOCUMENTS: tuple[PolicyDocument, ...] = (
    PolicyDocument(
        "https://www.whitehouse.gov/wp-content/uploads/2025/07/Americas-AI-Action-Plan.pdf",
        "AI-ACTION-PLAN-2025",
        "Winning the Race: America's AI Action Plan",
        date(2025, 7, 23),
    ),
    PolicyDocument(
        "https://nvlpubs.nist.gov/nistpubs/ai/NIST.AI.100-1.pdf",
        "NIST-AI-RMF-1.0",
        "Artificial Intelligence Risk Management Framework (AI RMF 1.0)",
        date(2023, 1, 26),
    ),
)


def configured_documents(extra: Iterable[str] = ()) -> list[PolicyDocument]:
    """The default list plus configured entries; a configured URL overrides a default one."""
    by_url = {doc.url: doc for doc in DEFAULT_DOCUMENTS}
    for raw in extra:
        entry = parse_entry(raw)
        by_url[entry.url] = entry
    return list(by_url.values())


def listed_documents() -> list[PolicyDocument]:
    """The list as configured now (settings are read at call time, so tests can change them)."""
    from django.conf import settings

    return configured_documents(getattr(settings, "POLICY_DOCUMENT_URLS", []) or [])


def parse_entry(raw: str) -> PolicyDocument:
    """ "AI-ACTION-PLAN-2025=https://..." or a bare URL -> a list entry."""
    raw = raw.strip()
    match = _ENTRY.match(raw)
    if match:
        return PolicyDocument(match.group("url"), match.group("id").upper())
    if not re.match(r"^https?://\S+$", raw):
        raise ScrapeError(f"[{SOURCE_NAME}] POLICY_DOCUMENT_URLS entry is not a URL: {raw!r}")
    return PolicyDocument(raw)
