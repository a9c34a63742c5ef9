"""scrapers.sources.federal_register.build: how a document's type maps to kind, identifier and status."""

from __future__ import annotations

from datetime import date

from scrapers.sources.federal_register import parse as federal_register_parse


def test_rule_and_proposed_rule_results_are_regulations():
    base = {
        "document_number": "2024-00001",
        "title": "Use of AI in Lending",
        "publication_date": "2024-03-01",
    }
    rule = federal_register_parse.document_record(
        {**base, "type": "Rule", "effective_on": "2024-05-01"}, "", "test"
    )
    proposed = federal_register_parse.document_record({**base, "type": "Proposed Rule"}, "", "test")
    assert (rule.kind, rule.identifier, rule.status, rule.effective_date) == (
        "regulation",
        "FR 2024-00001",
        "published",
        date(2024, 5, 1),
    )
    assert (proposed.kind, proposed.status, proposed.status_date) == (
        "regulation",
        "introduced",
        date(2024, 3, 1),
    )
