"""scrapers.sources.ny: mutations of real the jehiah/ny_legislation mirror and Open Legislation API responses end in records or a ParseError.

See tests/fuzzing.py for the mutations and the property.
"""

from __future__ import annotations

import pytest
from hypothesis import given

from tests.fuzzing import FUZZ_SETTINGS, check_parse, mutated, sample_paths

SAMPLES = [
    "api_formats/ny_legislation_mirror_jehiah/2025_S6953.json",
    "api_formats/ny_legislation_mirror_jehiah/2025_S8828.json",
    "fixtures:ny/api_bill_2025_S6953.json",
]
SIBLINGS: list[str] = []


@pytest.mark.corpus
@pytest.mark.parametrize("sample", SAMPLES)
def test_mutated_samples_give_records_or_a_parse_error(corpus_dir, sample):
    path, siblings = sample_paths(corpus_dir, sample, SIBLINGS)

    @FUZZ_SETTINGS
    @given(mutated(path.read_bytes()))
    def check(data: bytes) -> None:
        check_parse("ny", path.name, data, siblings)

    check()
