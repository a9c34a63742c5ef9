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


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def _cell(value) -> str:
    """Nested values as compact JSON, so a spreadsheet still gets one cell per field."""
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str)
    if value is None:
        return ""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)  # a number, even a negative one, is data, not a formula
    # A bare carriage return is a row break to spreadsheets but not to the writer's quoting
    # (its line terminator is "\n"): make it a newline, which gets the cell quoted.
    return neutralise_formula(str(value).replace("\r\n", "\n").replace("\r", "\n"))


def neutralise_formula(text: str) -> str:
    """A text a spreadsheet would run as a formula (``=HYPERLINK(...)``, ``+cmd|...``) gets a
    leading apostrophe, the OWASP-recommended escape: it shows as text and runs nothing.

    Titles and obligation texts come from scraped pages, so any of them may be hostile.
    """
    return "'" + text if text.startswith(FORMULA_STARTS) else text
