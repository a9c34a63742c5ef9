"""The registry of sources: one ``Source`` entry per package in ``scrapers/sources/``.

A source package builds its ``Source`` and calls ``register`` at import time;
``all_sources()`` imports every package named in ``SOURCE_MODULES``. The
``scrape`` command, the Celery tasks and the beat schedule all read this one
table, so adding a source is: write the package, add its name here, add tests
(see CONTRIBUTING.md).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from vocabulary.jurisdictions import Jurisdiction, by_code

from .errors import ScrapeError
from .payloads import guard_parser
from .records import BillRecord

if TYPE_CHECKING:
    from .http import HttpClient

SOURCE_MODULES = (
    "openstates",
    "legiscan",
    "ny",
    "ca",
    "congress",
    "federal_register",
    "documents",
)


@dataclass(frozen=True)
class ScrapeParams:
    """What to scrape. Empty values mean the source's defaults (current sessions, all states)."""

    jurisdiction: str = ""  # "US-NY"; empty for all the source covers
    session: str = ""
    since: date | None = None
    dry_run: bool = False
    offline: bool = False  # replay raw responses from SCRAPER_CACHE_DIR; never touch the network


@dataclass(frozen=True)
class Source:
    name: str
    description: str
    # Live scrape over the network through the shared polite client.
    scrape: Callable[[ScrapeParams, HttpClient], Iterator[BillRecord]]
    # Parse one recorded response/file of this source (for --from-file / --from-dir).
    parse_file: Callable[[Path], list[BillRecord]]
    # Requests per minute per host that respect the API's published limit.
    rate_per_minute: float = 30.0
    # Beat schedule: run every this many hours.
    every_hours: float = 24.0
    # File name patterns --from-dir picks up.
    file_patterns: tuple[str, ...] = ("*.json",)
    api_key_setting: str = ""
    # (id key, hash key) in BillRecord.source_ids: the source fetches only bills whose stored
    # change hash differs, and its scrape() takes known_hashes=callable returning {id: hash}.
    change_hash_keys: tuple[str, str] | None = None
    # HTML sites (not APIs): the client reads and obeys robots.txt.
    respect_robots: bool = False
    # parse_file(folder) joins a folder's files (pages of one bill, chapter amendments).
    parses_directories: bool = False
    jurisdictions: tuple[str, ...] = field(default_factory=tuple)
    # What parse_file reads, for error messages: "a congress.gov API v3 response or ...".
    file_formats: str = ""


_REGISTRY: dict[str, Source] = {}


def register(source: Source) -> Source:
    """Add a source; its ``parse_file`` is guarded to end in records or a ParseError."""
    expected = source.file_formats or f"a recorded {source.name} file"
    source = replace(source, parse_file=guard_parser(source.name, expected, source.parse_file))
    _REGISTRY[source.name] = source
    return source


def all_sources() -> dict[str, Source]:
    for module in SOURCE_MODULES:
        importlib.import_module(f"scrapers.sources.{module}")
    return dict(_REGISTRY)


def get_source(name: str) -> Source:
    sources = all_sources()
    if name not in sources:
        raise KeyError(f"unknown source {name!r}; known: {', '.join(sorted(sources))}")
    return sources[name]


def jurisdiction_for(source: str, code: str) -> Jurisdiction:
    """``by_code`` for a scrape: an unknown code is a ScrapeError naming the source."""
    try:
        return by_code(code)
    except KeyError as exc:
        raise ScrapeError(f"[{source}] {exc.args[0]}") from None
