"""scrapers.sources.ca: mutations of real leginfo bill pages end in records or a ParseError.

See tests/fuzzing.py for the mutations and the property.
"""

from __future__ import annotations

import pytest

from tests.fuzzing import fuzz_samples

SAMPLES = [
    "fixtures:ca/SB53_2025_status.html",
    "fixtures:ca/SB53_2025_history.html",
    "fixtures:ca/SB53_2025_text.html",
]
SIBLINGS: list[str] = []


@pytest.mark.corpus
@pytest.mark.parametrize("sample", SAMPLES)
def test_mutated_samples_give_records_or_a_parse_error(corpus_dir, sample):
    fuzz_samples("ca", corpus_dir, sample, SIBLINGS)
