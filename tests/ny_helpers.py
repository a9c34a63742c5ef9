"""Shared by the New York test modules: the session name, record summaries, file writer."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from scrapers.records import BillRecord

SESSION = "2025-2026"


def related(record: BillRecord) -> set[tuple[str, str, str]]:
    return {(r.identifier, r.relation, r.session) for r in record.related_bills}


def versions(record: BillRecord) -> list[tuple[str, date | None]]:
    return [(v.label, v.date) for v in record.versions]


def write(tmp_path: Path, data: Any, name: str = "bill.json") -> Path:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data))
    return path
