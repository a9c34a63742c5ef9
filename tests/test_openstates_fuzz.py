"""scrapers.sources.openstates: mutations of real Open States scraper output (Wyoming 2025) and API v3 pages end in records or a ParseError.

See tests/fuzzing.py for the mutations and the property.
"""

from __future__ import annotations

import pytest

from tests.fuzzing import fuzz_samples

WY = "api_formats/openstates_scraper_output_wy2025"
SAMPLES = [
    f"{WY}/bill_04ddb460-c5c9-11f0-8010-e64754359aa2.json",
    "fixtures:openstates/bills_ut_2024_page1.json",
    "fixtures:openstates/bill_co_2024A_sb24-205.json",
]
# Scraper output names its session and chambers in sibling files.
SIBLINGS = [f"{WY}/{name}" for name in ("jurisdiction_*.json", "organization_*.json")]


@pytest.mark.corpus
@pytest.mark.parametrize("sample", SAMPLES)
def test_mutated_samples_give_records_or_a_parse_error(corpus_dir, sample):
    fuzz_samples("openstates", corpus_dir, sample, SIBLINGS)
