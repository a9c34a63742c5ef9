"""python -m bench (make bench): every figure in one table, written as JSON and charted.

Usage: ``python -m bench [--scale small|medium|large] [--seed 1] [--quick] [--skip PART ...]``

Runs on the configured database (SQLite by default, PostgreSQL with
``DATABASE_URL``) in a throwaway database of its own. Parts: ``generate``
(the records file, cached in the output folder), ``parse`` (each source's
recorded responses), ``extraction`` (omnibus and adversarial texts),
``ingest`` (first load, then its search indexing as ``import_records`` does
it, unchanged re-import, one changed record; extraction of the AI bills
unless ``extraction`` is skipped), ``search``, ``analysis`` (matrix, compare, applicability,
patchwork; cold and warm), ``http`` (gunicorn and a bounded load test), ``pages``
(each page and API address cold and warm through gunicorn, with its size and the
server's CPU per request; needs ``REDIS_URL`` to clear the cache), and
the separate benches (``accuracy``, ``digest``) run in their own processes.
``--quick`` (CI) keeps every part but makes each short; no time is asserted.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

from .database import analyse, bench_database, connection, settings
from .measure import Row, quiet_gc, rate, table

ROOT = Path(__file__).resolve().parent.parent
PARTS = (
    "parse",
    "extraction",
    "ingest",
    "search",
    "analysis",
    "http",
    "pages",
    "accuracy",
    "calibration",
    "patchwork",
    "digest",
)
# part: (script, its arguments under --quick)
SEPARATE = {
    "accuracy": ("bench/score_extraction.py", []),
    "calibration": ("bench/calibrate_confidence.py", []),
    "patchwork": (
        "bench/patchwork_bench.py",
        ["--bills", "500", "--obligations", "5000", "--runs", "3"],
    ),
    "digest": ("bench/digest_bench.py", ["300"]),
}


def records_file(folder: Path, scale: str, seed: int) -> tuple[Path, int, Row | None]:
    from .generate import SCALES, write_jsonl

    n = SCALES[scale]
    path = folder / f"records-{scale}-seed{seed}.jsonl"
    if path.exists():
        return path, n, None
    started = time.perf_counter()
    size = write_jsonl(path.with_suffix(".tmp"), n, seed)
    path.with_suffix(".tmp").rename(path)
    seconds = time.perf_counter() - started
    note = f"{size / 1e6:,.0f} MB in {seconds:.1f} s ({path.name})"
    return path, n, rate("generate: records", scale, n, seconds, "records/s", note)


def run(args: argparse.Namespace) -> list[Row]:
    from . import extraction_speed, http_load, ingest_scale, parsing, queries

    corpus = Path(settings.SHARED_DIR) / "corpus"
    path, n, generated = records_file(args.out, args.scale, args.seed)
    rows = _Progress([generated] if generated else [])
    runs = 5 if args.quick else 30
    if "parse" not in args.skip:
        rows += parsing.parse_rates(corpus, seconds=0.3 if args.quick else 2.0)
    if "extraction" not in args.skip:
        rows.append(extraction_speed.omnibus(corpus))
        if args.quick:
            rows += extraction_speed.adversarial(2.0, extraction_speed.QUICK_SIZES_KB)
        else:
            rows += extraction_speed.adversarial(20.0)
    with bench_database(keep=args.keep, reuse=args.reuse, name=args.db) as db:
        if "ingest" not in args.skip and not args.reuse and not args.db:
            rows += ingest_scale.load(
                path, args.scale, n, index=not args.defer_search_index, workers=args.ingest_workers
            )
            analyse()
            if args.defer_search_index:
                rows.append(ingest_scale.search_indexing(args.scale))
            rows.append(ingest_scale.changed_records(path, args.scale, runs=runs))
        if "extraction" not in args.skip and ("ingest" not in args.skip or args.db or args.reuse):
            rows.append(ingest_scale.extract_ai_versions(args.scale))
            analyse()
        quiet_gc()
        if "search" not in args.skip:
            indexed = not args.defer_search_index
            naive = 3 if args.scale == "small" else 1  # a naive scan of 2 GB takes a while
            rows += queries.search_rows(args.scale, runs, naive, indexed=indexed)
        if "analysis" not in args.skip:
            rows += queries.analysis_rows(args.scale, runs)
        if "http" not in args.skip:
            clients, seconds = (4, 3.0) if args.quick else (16, 20.0)
            rows += http_load.http_rows(db, args.scale, runs, clients, seconds)
        if "pages" not in args.skip:
            from .pages_bench import http_page_rows

            rows += http_page_rows(db, args.scale, runs, search=not args.defer_search_index)
    return rows


class _Progress(list):
    """The rows so far, each printed as it comes so a long run shows where it is."""

    def __init__(self, rows: list[Row]) -> None:
        super().__init__()
        self += rows

    def append(self, row: Row) -> None:
        print(f"  {row.what} [{row.scale}]: {_brief(row)}", flush=True)
        super().append(row)

    def __iadd__(self, rows):
        for row in rows:
            self.append(row)
        return self


def _brief(row: Row) -> str:
    if row.throughput is not None:
        return f"{row.throughput:,.1f} {row.unit}"
    if row.median_ms is not None:
        return f"median {row.median_ms:,.1f} ms, p95 {row.p95_ms:,.1f} ms"
    return row.note


def separate_benches(skip: set[str], quick: bool) -> list[Row]:
    """Benches with their own output (accuracy per gold file, digests): run, shown, listed."""
    rows = []
    for part, (script, quick_args) in SEPARATE.items():
        if part in skip:
            continue
        if not (ROOT / script).exists():
            rows.append(Row(f"{part}: {script}", "-", note="not available yet: script not landed"))
            continue
        print(f"\n== {script}", flush=True)
        module = script.removesuffix(".py").replace("/", ".")
        started = time.perf_counter()
        argv = [sys.executable, "-m", module, *(quick_args if quick else [])]
        code = subprocess.run(argv, cwd=ROOT).returncode
        outcome = "figures printed above" if code == 0 else f"FAILED (exit {code})"
        rows.append(
            Row(f"{part}: {script}", "-", note=f"{outcome}, {time.perf_counter() - started:.0f} s")
        )
    return rows


def with_earlier_rows(result: dict, out: Path) -> dict:
    """A run on a loaded database (``--db``, ``--reuse``) measures no ingest: the scale's
    earlier results (same seed and backend) keep the rows this run did not measure, each
    noted with when it was, so one file (and the chart) holds the load and the queries
    on it. A row this run measured again replaces the earlier one."""
    if not out.exists():
        return result
    earlier = json.loads(out.read_text())
    if (earlier.get("seed"), earlier.get("backend")) != (result["seed"], result["backend"]):
        return result
    measured = {(row["what"], row["scale"]) for row in result["rows"]}
    kept = []
    for row in earlier["rows"]:
        if (row["what"], row["scale"]) in measured:
            continue
        if "(run of " not in row["note"]:
            row = {**row, "note": f"{row['note']} (run of {earlier['when']})".lstrip()}
        kept.append(row)
    return {**result, "rows": kept + result["rows"]}


def main(argv: list[str] | None = None) -> int:
    from .chart import draw
    from .generate import SCALES

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=sorted(SCALES), default="small")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=ROOT / "var" / "bench")
    parser.add_argument("--quick", action="store_true", help="short runs (CI); asserts nothing")
    parser.add_argument("--skip", nargs="*", default=[], choices=PARTS)
    parser.add_argument("--keep", action="store_true", help="keep the bench database")
    parser.add_argument("--reuse", action="store_true", help="query a kept database, no ingest")
    parser.add_argument(
        "--ingest-workers", type=int, default=0, help="parsing processes of the load (0: inline)"
    )
    parser.add_argument(
        "--db", default="", help="query this loaded database (by name), no ingest; kept"
    )
    parser.add_argument(
        "--defer-search-index",
        action="store_true",
        help="do not index the load for search; time index_bills on a sample instead",
    )
    args = parser.parse_args(argv)
    args.skip = set(args.skip)
    args.out.mkdir(parents=True, exist_ok=True)
    backend = (
        "postgresql" if settings.DATABASES["default"]["ENGINE"].endswith("postgresql") else "sqlite"
    )
    print(
        f"bench: scale {args.scale} ({SCALES[args.scale]:,} bills), seed {args.seed}, {backend}",
        flush=True,
    )
    rows = run(args)
    rows += separate_benches(args.skip, args.quick)
    print("\n" + table(rows))
    result = {"scale": args.scale, "bills": SCALES[args.scale], "seed": args.seed,
              "backend": connection.vendor, "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
              "rows": [r.as_dict() for r in rows]}  # fmt: skip
    out = args.out / f"results-{args.scale}.json"
    if args.db or args.reuse:
        result = with_earlier_rows(result, out)
    out.write_text(json.dumps(result, indent=1))
    chart = draw(args.out)
    print(f"\nresults: {out}" + (f"\nchart:   {chart}" if chart else ""))
    return 1 if any("FAILED" in r.note for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
