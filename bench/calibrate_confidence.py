"""Calibrate the extractor's confidence on the dev gold: how often each kind of finding is right.

Usage: python -m bench.calibrate_confidence [--write]

A finding is *right* when its cited text contains a gold quote of the same
category (or is at least half of one): the scorer's quote-precision test. Findings
are grouped by rule family (the rule id's first part: "enforcement", "fallback",
"inherit", "oversight", ...); a family's confidence is its share of right findings,
smoothed towards the extractor's prior (two pseudo-findings at the prior), so a
family seen twice does not jump to 0 or 1. ``--write`` stores the table in
``bills/extraction/calibration.py``; the bench prints the share right per
confidence band after calibration, which is what "confidence" should mean.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.score_extraction import gold_files, load_scorer  # noqa: E402
from bills.extraction import extract_file  # noqa: E402

PSEUDO = 2.0


def family(rule_id: str) -> str:
    return rule_id.split(".", 1)[0]


def outcomes(shared: Path) -> list[tuple[str, float, bool]]:
    """(rule id, raw confidence, right?) for every finding on every dev gold file."""
    scorer = load_scorer(shared)
    found: list[tuple[str, float, bool]] = []
    for path in gold_files(shared):
        gold = json.loads(path.read_text())
        quotes = [(o["category"], scorer.normalise(o["quote"])) for o in gold["obligations"]]
        _, obligations = extract_file(shared / "corpus" / gold["document"], calibrated=False)
        for ob in obligations:
            text = scorer.normalise(ob.text)
            right = any(
                c == ob.category and (q in text or (text in q and 2 * len(text) >= len(q)))
                for c, q in quotes
            )
            found.append((ob.rule_id, ob.confidence, right))
    return found


def table(found: list[tuple[str, float, bool]]) -> dict[str, float]:
    groups: dict[str, list[tuple[float, bool]]] = defaultdict(list)
    for rule_id, confidence, right in found:
        groups[family(rule_id)].append((confidence, right))
    result = {}
    for name, items in sorted(groups.items()):
        prior = sum(c for c, _ in items) / len(items)
        right = sum(1 for _, r in items if r)
        result[name] = round((right + PSEUDO * prior) / (len(items) + PSEUDO), 2)
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--write", action="store_true")
    parser.add_argument("--shared", default=str(ROOT.parent / "shared"))
    args = parser.parse_args()
    found = outcomes(Path(args.shared))
    calibrated = table(found)
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for rule_id, _, right in found:
        counts[family(rule_id)][0] += 1
        counts[family(rule_id)][1] += right
    for name, value in calibrated.items():
        n, right = counts[name]
        print(f"{name:<14} {right:>3}/{n:<3} right -> confidence {value:.2f}")
    bands: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for rule_id, raw, right in found:
        value = calibrated.get(family(rule_id), raw)
        band = "<0.75 (needs review)" if value < 0.75 else "0.75-0.9" if value < 0.9 else ">=0.9"
        bands[band][0] += 1
        bands[band][1] += right
    for band, (n, right) in sorted(bands.items()):
        print(f"calibrated confidence {band}: {right}/{n} right ({right / n:.0%})")
    if args.write:
        body = "\n".join(f'    "{k}": {v},' for k, v in calibrated.items())
        (ROOT / "bills/extraction/calibration.py").write_text(
            '"""Confidence per rule family, measured on the dev gold by bench/calibrate_confidence.py.\n\n'
            "Regenerate with ``python -m bench.calibrate_confidence --write`` after changing rules.\n"
            '"""\n\nCALIBRATED: dict[str, float] = {\n' + body + "\n}\n"
        )
        print("written bills/extraction/calibration.py")
    return 0


if __name__ == "__main__":
    sys.exit(main())
