"""scrapers.sources.ca: mutations of real leginfo bill pages end in records or a ParseError.

See tests/fuzzing.py for the mutations and the property.
"""

from __future__ import annotations

import pytest
from hypothesis import given

from tests.fuzzing import FUZZ_SETTINGS, check_parse, mutated, sample_paths

SAMPLES = [
    "fixtures:ca/SB53_2025_status.html",
    "fixtures:ca/SB53_2025_history.html",
    "fixtures:ca/SB53_2025_text.html",
]
SIBLINGS: list[str] = []


@pytest.mark.corpus
@pytest.mark.parametrize("sample", SAMPLES)
def test_mutated_samples_give_records_or_a_parse_error(corpus_dir, sample):
    path, siblings = sample_paths(corpus_dir, sample, SIBLINGS)

    @FUZZ_SETTINGS
    @given(mutated(path.read_bytes()))
    def check(data: bytes) -> None:
        check_parse("ca", path.name, data, siblings)

    check()
