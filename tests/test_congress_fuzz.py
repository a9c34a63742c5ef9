"""scrapers.sources.congress: mutations of real congress.gov API v3 JSON and govinfo BILLSTATUS XML end in records or a ParseError.

See tests/fuzzing.py for the mutations and the property.
"""

from __future__ import annotations

import pytest

from tests.fuzzing import fuzz_samples

CONGRESS = "api_formats/congress_gov_api_v3_json"
SAMPLES = [
    f"{CONGRESS}/bill_117_hr_21.json",
    f"{CONGRESS}/bill_117_hr_21_actions.json",
    f"{CONGRESS}/bill_117_hr_21_text.json",
    f"{CONGRESS}/bill_117.json",
    f"{CONGRESS}/ai_bills_repo_wrapped/119-s-2938.json",
    "api_formats/govinfo_billstatus_xml/BILLSTATUS-117s35.xml",
]
# A detail file is parsed with its real sub-resource pages beside it (they are merged).
SIBLINGS = [f"{CONGRESS}/bill_117_hr_21_{part}.json" for part in ("actions", "text", "titles")]


@pytest.mark.corpus
@pytest.mark.parametrize("sample", SAMPLES)
def test_mutated_samples_give_records_or_a_parse_error(corpus_dir, sample):
    fuzz_samples("congress", corpus_dir, sample, SIBLINGS)
