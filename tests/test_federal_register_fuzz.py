"""scrapers.sources.federal_register: mutations of real API JSON, the wrapped EO and a GPO
daily issue end in records or a ParseError.

See tests/fuzzing.py for the mutations and the property.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings

from tests.fuzzing import FUZZ_SETTINGS, check_parse, fuzz_samples, mutated

SAMPLES = [
    "federal/federal_register_repo_wrapped/2026-20321_EO14434.json",
    "fixtures:federal_register/documents_ai_executive_orders.json",
]
SIBLINGS: list[str] = []


@pytest.mark.corpus
@pytest.mark.parametrize("sample", SAMPLES)
def test_mutated_samples_give_records_or_a_parse_error(corpus_dir, sample):
    fuzz_samples("federal_register", corpus_dir, sample, SIBLINGS)


@pytest.mark.corpus
def test_mutated_daily_issue_gives_records_or_a_parse_error(corpus_dir):
    # The real issue is 3 MB and takes a second to read, so it gets fewer examples.
    path = corpus_dir / "federal" / "FR_daily_issue_2016-04-15_GPO_bulk.xml"

    @settings(FUZZ_SETTINGS, max_examples=max(2, FUZZ_SETTINGS.max_examples // 10))
    @given(mutated(path.read_bytes()))
    def check(data: bytes) -> None:
        check_parse("federal_register", path.name, data)

    check()
