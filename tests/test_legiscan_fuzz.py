"""scrapers.sources.legiscan: mutations of real LegiScan dataset JSON and saved API responses end in records or a ParseError.

See tests/fuzzing.py for the mutations and the property.
"""

from __future__ import annotations

import pytest

from tests.fuzzing import fuzz_samples

DATASET = "api_formats/legiscan_dataset_json"
SAMPLES = [
    f"{DATASET}/bill_HB1.json",
    f"{DATASET}/text_105736.json",
    "fixtures:legiscan/getBill_1898765.json",
    "fixtures:legiscan/getBillText_3277042.json",
]
# A dataset bill file reads its version texts from sibling text files.
SIBLINGS = [f"{DATASET}/text_105736.json"]


@pytest.mark.corpus
@pytest.mark.parametrize("sample", SAMPLES)
def test_mutated_samples_give_records_or_a_parse_error(corpus_dir, sample):
    fuzz_samples("legiscan", corpus_dir, sample, SIBLINGS)
