"""The bench's results file: a run on a loaded database keeps the load's figures."""

from __future__ import annotations

import json

from bench.__main__ import with_earlier_rows


def _result(when: str, rows: list[tuple[str, float]], seed: int = 1) -> dict:
    return {
        "scale": "large", "bills": 250_000, "seed": seed, "backend": "postgresql", "when": when,
        "rows": [{"what": what, "scale": "large", "median_ms": ms, "note": ""} for what, ms in rows],
    }  # fmt: skip


def test_a_query_run_keeps_the_earlier_load_rows_and_replaces_what_it_measured_again(tmp_path):
    out = tmp_path / "results-large.json"
    out.write_text(
        json.dumps(_result("T1", [("ingest: first load", 1.0), ("search: a word", 9.0)]))
    )

    merged = with_earlier_rows(_result("T2", [("search: a word", 5.0)]), out)

    assert [(r["what"], r["median_ms"]) for r in merged["rows"]] == [
        ("ingest: first load", 1.0),
        ("search: a word", 5.0),
    ]
    assert merged["rows"][0]["note"] == "(run of T1)"
    assert merged["when"] == "T2"


def test_results_of_another_seed_are_not_mixed_in(tmp_path):
    out = tmp_path / "results-large.json"
    out.write_text(json.dumps(_result("T1", [("ingest: first load", 1.0)], seed=2)))

    merged = with_earlier_rows(_result("T2", [("search: a word", 5.0)]), out)

    assert [r["what"] for r in merged["rows"]] == ["search: a word"]


def test_without_an_earlier_file_the_result_is_unchanged(tmp_path):
    result = _result("T2", [("search: a word", 5.0)])
    assert with_earlier_rows(result, tmp_path / "none.json") == result
