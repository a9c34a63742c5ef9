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


def gold_files(shared: Path) -> list[Path]:
    """The dev gold (``shared/spec/gold``); ``bench/gold`` holds this repository's blind labels."""
    return sorted((shared / "spec/gold").glob("*.json"))


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
    golds = gold_files(shared) + sorted((ROOT / "bench/gold").glob("*.json"))
    scores = []
    for gold_path in golds:
        gold = json.loads(gold_path.read_text())
        _, found = extract_file(shared / "corpus" / gold["document"])
        print(gold_path.name)
        scores.append(scorer.score(gold, [o.to_dict() for o in found], args.verbose))
        print(json.dumps(scores[-1]))
    print_means(scores)
    text = (shared / "corpus" / SPEED_FILE).read_text(errors="replace")
    extract(WARM_UP)  # loads dateparser and text2num once, as a running worker has
    started, cpu = time.perf_counter(), time.process_time()
    found = extract(text)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    size = len(text.encode()) / 1e6
    print(
        f"speed: {size:.2f} MB in {cpu:.2f} s CPU = {size / cpu:.2f} MB/s "
        f"({seconds:.2f} s wall on a shared machine; {len(found)} obligations)"
    )
    doubling()
    return 0


MEASURES = ("pair_f1", "quote_recall", "quote_precision", "attribute_accuracy")


def print_means(scores: list[dict]) -> None:
    """Mean of each measure over the gold files (attributes over the files that have any)."""
    cells = []
    for measure in MEASURES:
        values = [s[measure] for s in scores if s[measure] is not None]
        cells.append(f"{measure} {sum(values) / len(values):.3f}" if values else f"{measure} -")
    print(f"mean over {len(scores)} gold files: " + ", ".join(cells))


ADVERSARIAL = {
    "one line of duties": "A deployer of an artificial intelligence system shall, within 72 hours, "
    "notify the consumer and shall retain the record; ",
    "lists of colons": "The developer of an AI model shall do all of the following: (a) item: ",
    "repeated shall": "shall shall not must may not ",
}


def doubling() -> None:
    """CPU seconds at doubling sizes up to 1 MB: linear time shows as a constant MB/s."""
    for name, unit in ADVERSARIAL.items():
        cells = []
        size = 128_000
        while size <= 1_024_000:
            text = (unit * (size // len(unit) + 1))[:size]
            started = time.process_time()
            extract(text)
            seconds = time.process_time() - started
            cells.append(f"{size // 1000} KB {seconds:.2f} s")
            size *= 2
        rate = 1.024 / seconds
        print(f"doubling, {name}: " + " | ".join(cells) + f" ({rate:.2f} MB/s at 1 MB)")


if __name__ == "__main__":
    sys.exit(main())
