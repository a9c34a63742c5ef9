"""One row of the bench table, timing helpers, and the table itself.

Every figure the bench prints is a ``Row``: what was measured, at what scale,
median and p95 latency (when repeated), throughput (when it is a rate), and a
note. A part that cannot be measured yet (a feature another issue has not
landed) is a row with no figures and a note saying so, never a made-up number.
"""

from __future__ import annotations

import gc
import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass


@dataclass
class Row:
    what: str
    scale: str
    median_ms: float | None = None
    p95_ms: float | None = None
    throughput: float | None = None
    unit: str = ""
    note: str = ""

    def as_dict(self) -> dict:
        return asdict(self)


def percentile(sorted_values: list[float], share: float) -> float:
    """Nearest-rank percentile of already sorted values."""
    return sorted_values[max(0, round(share * len(sorted_values)) - 1)]


def latency(
    what: str,
    scale: str,
    fn: Callable[[], object],
    runs: int,
    before: Callable | None = None,
    warm_up: bool = True,
) -> Row:
    """Median and p95 of ``runs`` calls after one warm-up (unless ``warm_up`` is False: a
    naive scan of gigabytes is not worth running twice); ``before`` runs untimed each time."""
    if before and warm_up:
        before()
    if warm_up:
        fn()
    times = []
    for _ in range(runs):
        if before:
            before()
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return Row(what, scale, statistics.median(times), percentile(times, 0.95), note=f"{runs} runs")


def rate(what: str, scale: str, count: float, seconds: float, unit: str, note: str = "") -> Row:
    return Row(what, scale, throughput=count / seconds if seconds else None, unit=unit, note=note)


def not_available(what: str, scale: str, why: str) -> Row:
    return Row(what, scale, note=f"not available yet: {why}")


def quiet_gc() -> None:
    """As regtracker/wsgi.py does in a worker: never rescan the start-up heap."""
    gc.collect()
    gc.freeze()


def _num(value: float | None, digits: int = 1) -> str:
    if value is None:
        return "-"
    return f"{value:,.{digits}f}" if value < 100 else f"{value:,.0f}"


def table(rows: list[Row]) -> str:
    head = f"{'what':<52} {'scale':<7} {'median ms':>10} {'p95 ms':>9} {'throughput':>20}  note"
    lines = [head, "-" * len(head)]
    for r in rows:
        tput = f"{_num(r.throughput)} {r.unit}" if r.throughput is not None else "-"
        lines.append(
            f"{r.what:<52} {r.scale:<7} {_num(r.median_ms):>10} {_num(r.p95_ms):>9} "
            f"{tput:>20}  {r.note}"
        )
    return "\n".join(lines)
