"""Score the obligation extractor on every gold file, and time it on the Illinois omnibus.

Usage: python bench/score_extraction.py [--verbose] [--shared DIR]
Prints one scorer JSON line per gold file, then the extraction speed in MB/s.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bills.extraction import extract, extract_file  # noqa: E402

WARM_UP = (
    "The developer of an artificial intelligence system shall, beginning January 1, 2027, "
    "report to the Office within seventy-two hours."
)
SPEED_FILE = "bill_texts/IL_HB2949_104th_PA104-0466_FY2027_Budget_Implementation_Act.txt"


def load_scorer(shared: Path):
    spec = importlib.util.spec_from_file_location(
        "score_obligations", shared / "tools/score_obligations.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument("--shared", default=str(ROOT.parent / "shared"))
    args = parser.parse_args()
    shared = Path(args.shared)
    scorer = load_scorer(shared)
    for gold_path in sorted((shared / "spec/gold").glob("*.json")):
        gold = json.loads(gold_path.read_text())
        _, found = extract_file(shared / "corpus" / gold["document"])
        print(gold_path.name)
        print(json.dumps(scorer.score(gold, [o.to_dict() for o in found], args.verbose)))
    text = (shared / "corpus" / SPEED_FILE).read_text(errors="replace")
    extract(WARM_UP)  # loads dateparser and text2num once, as a running worker has
    started = time.perf_counter()
    found = extract(text)
    seconds = time.perf_counter() - started
    size = len(text.encode()) / 1e6
    print(
        f"speed: {size:.2f} MB in {seconds:.2f} s = {size / seconds:.2f} MB/s ({len(found)} obligations)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
