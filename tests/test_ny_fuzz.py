"""scrapers.sources.ny: mutations of the real jehiah/ny_legislation mirror and Open Legislation API responses end in records or a ParseError.

See tests/fuzzing.py for the mutations and the property.
"""

from __future__ import annotations

import pytest

from tests.fuzzing import fuzz_samples

SAMPLES = [
    "api_formats/ny_legislation_mirror_jehiah/2025_S6953.json",
    "api_formats/ny_legislation_mirror_jehiah/2025_S8828.json",
    "fixtures:ny/api_bill_2025_S6953.json",
]
SIBLINGS: list[str] = []


@pytest.mark.corpus
@pytest.mark.parametrize("sample", SAMPLES)
def test_mutated_samples_give_records_or_a_parse_error(corpus_dir, sample):
    fuzz_samples("ny", corpus_dir, sample, SIBLINGS)
