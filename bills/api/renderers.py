"""CSV export for the API (``?format=csv``): the rows a view gives, or a list page's results."""

from __future__ import annotations

import csv
import io
import json

from rest_framework.renderers import BaseRenderer


class CSVRenderer(BaseRenderer):
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None) -> bytes:
        rows = data.get("results", [data]) if isinstance(data, dict) else data or []
        header: list[str] = []
        for row in rows:
            header.extend(k for k in row if k not in header)
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: _cell(v) for k, v in row.items()})
        return out.getvalue().encode(self.charset)


def _cell(value) -> str:
    """Nested values as compact JSON, so a spreadsheet still gets one cell per field."""
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str)
    return "" if value is None else str(value)
