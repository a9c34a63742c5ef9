"""Latency against scale (1k -> 50k -> 250k bills) for search, matrix and ingest, as a PNG.

Reads every ``results-<scale>.json`` the bench has written in the output
folder, and every ``pages-<bills>.json`` the pages bench has
(``python -m bench.pages_bench --http``: the matrix page and API through
gunicorn, cold, and the server's CPU per request, which does not move with
the machine's load), so the chart grows as larger scales are run; log-log
axes, where logarithmic growth looks flat and linear growth a 45-degree line.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

SERIES = {
    "search (median of the query set)": ("search: ", "median_ms"),
    "search p95 (median of the query set)": ("search: ", "p95_ms"),
    "search page via test client (median)": ("search page: ", "median_ms"),
    "search, naive ILIKE (median)": ("search naive ILIKE: ", "median_ms"),
    "matrix build, cold": ("matrix: build_matrix() full cold", "median_ms"),
    "matrix API, cold": ("matrix: GET /api/v1/matrix/ cold", "median_ms"),
    "ingest, ms per 1,000 bills (first load)": (
        "ingest: first load (no extraction, no search index)",
        "throughput",
    ),
    "matrix page via HTTP, cold": ("page: matrix page, cold", "median_ms"),
    "matrix page via HTTP, cold, server CPU": ("page: matrix page, cold", "cpu_ms"),
    "matrix API via HTTP, cold": ("page: API matrix, cold", "median_ms"),
}
_CPU = re.compile(r"server CPU ([\d,.]+) ms/req")


def _value(row: dict, key: str) -> float | None:
    if key == "cpu_ms":  # the pages bench notes the server's CPU per request
        found = _CPU.search(row.get("note", ""))
        return float(found[1].replace(",", "")) if found else None
    return row[key]


def points(results: list[dict]) -> dict[str, list[tuple[int, float]]]:
    lines: dict[str, list[tuple[int, float]]] = {}
    for result in sorted(results, key=lambda r: r["bills"]):
        for label, (prefix, key) in SERIES.items():
            values = [
                v for r in result["rows"] if r["what"].startswith(prefix) and (v := _value(r, key))
            ]
            if not values:
                continue
            value = sorted(values)[len(values) // 2]
            if key == "throughput":
                value = 1000 / value * 1000  # ms per 1,000 bills
            lines.setdefault(label, []).append((result["bills"], value))
    return lines


def draw(folder: Path) -> Path | None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    results = [json.loads(p.read_text()) for p in sorted(folder.glob("results-*.json"))]
    results += [json.loads(p.read_text()) for p in sorted(folder.glob("pages-*.json"))]
    lines = points(results)
    if not lines:
        return None
    fig, ax = plt.subplots(figsize=(8, 5))
    for label, xy in lines.items():
        ax.plot([x for x, _ in xy], [y for _, y in xy], marker="o", label=label)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("bills in the database")
    ax.set_ylabel("milliseconds (median)")
    ax.set_title(f"RegTracker latency against scale ({results[-1].get('backend', '')})")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=8)
    path = folder / "latency_vs_scale.png"
    fig.savefig(path, dpi=110, bbox_inches="tight")
    plt.close(fig)
    return path
