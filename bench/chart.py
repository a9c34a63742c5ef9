"""Latency against scale (1k -> 50k -> 250k bills) for search, matrix and ingest, as a PNG.

Reads every ``results-<scale>.json`` the bench has written in the output
folder, so the chart grows as larger scales are run; log-log axes, where
logarithmic growth looks flat and linear growth a 45-degree line.
"""

from __future__ import annotations

import json
from pathlib import Path

SERIES = {
    "search (median of the query set)": ("search: ", "median_ms"),
    "search, naive ILIKE (median)": ("search naive ILIKE: ", "median_ms"),
    "matrix build, cold": ("matrix: build_matrix() full cold", "median_ms"),
    "matrix API, cold": ("matrix: GET /api/v1/matrix/ cold", "median_ms"),
    "ingest, ms per 1,000 bills (first load)": ("ingest: first load", "throughput"),
}


def points(results: list[dict]) -> dict[str, list[tuple[int, float]]]:
    lines: dict[str, list[tuple[int, float]]] = {}
    for result in sorted(results, key=lambda r: r["bills"]):
        for label, (prefix, key) in SERIES.items():
            values = [r[key] for r in result["rows"] if r["what"].startswith(prefix) and r[key]]
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
    ax.set_title(f"RegTracker latency against scale ({results[-1]['backend']})")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=8)
    path = folder / "latency_vs_scale.png"
    fig.savefig(path, dpi=110, bbox_inches="tight")
    plt.close(fig)
    return path
