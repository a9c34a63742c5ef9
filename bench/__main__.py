"""python -m bench (make bench): every benchmark, each in its own process, figures printed.

Each bench module prints its own table; this runner only sequences them and
reports any that failed, so one broken bench never hides the others' figures.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCHES = [
    ("extraction accuracy and speed", ["bench.score_extraction"]),
    ("ingest throughput", ["bench.ingest_bench", "2000"]),
    ("matrix latency", ["bench.matrix_bench"]),
]


def main() -> int:
    failed = []
    for title, argv in BENCHES:
        module = ROOT / (argv[0].replace(".", "/") + ".py")
        if not module.exists():
            continue
        print(f"\n== {title}", flush=True)
        result = subprocess.run([sys.executable, "-m", *argv], cwd=ROOT)
        if result.returncode:
            failed.append(title)
    if failed:
        print(f"\nfailed: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
