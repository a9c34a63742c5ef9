"""scrapers.sources.documents: mutations of real policy documents (HTML and PDF) end in records or a ParseError.

See tests/fuzzing.py for the mutations and the property.
"""

from __future__ import annotations

import pytest

from tests.fuzzing import fuzz_samples

SAMPLES = [
    "fixtures:documents/ai_policy_page.html",
    "fixtures:text/ny_print_two_pages.pdf",
]
SIBLINGS: list[str] = []


@pytest.mark.corpus
@pytest.mark.parametrize("sample", SAMPLES)
def test_mutated_samples_give_records_or_a_parse_error(corpus_dir, sample):
    fuzz_samples("documents", corpus_dir, sample, SIBLINGS)
