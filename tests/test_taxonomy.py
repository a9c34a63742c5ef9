"""The taxonomy module follows the written spec (``shared/spec/taxonomy.md``), code for code."""

from __future__ import annotations

import re

import pytest

from bills.vocabulary.taxonomy import ACTOR_CODES, ATTRIBUTES, CATEGORY_CODES, VERSION

# Every code released in v1: a later version may add codes, never drop one.
V1_CATEGORIES = (
    "safety_framework risk_management_program impact_assessment testing_evaluation "
    "third_party_audit duty_of_care shutdown_capability cybersecurity incident_reporting "
    "government_reporting record_retention public_disclosure documentation_to_deployers "
    "training_data_disclosure ai_interaction_disclosure content_provenance decision_notice "
    "correction_appeal opt_out prohibited_practice whistleblower_protection government_use "
    "agency_directive preemption enforcement_authority private_right_of_action civil_penalty "
    "cure_period affirmative_defense"
).split()
V1_ACTORS = (
    "developer frontier_developer deployer provider government_agency attorney_general "
    "employer health_care_provider regulated_professional other"
).split()


def _table_codes(spec: str, heading: str) -> list[str]:
    """The backticked first-column codes of the tables under a ``## heading``."""
    part = spec.split(f"## {heading}", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"^\| `([a-z_]+)` \|", part, re.MULTILINE)


@pytest.fixture(scope="module")
def spec(shared_dir) -> str:
    return (shared_dir / "spec/taxonomy.md").read_text()


def test_module_is_the_spec_version(spec):
    assert f"(v{VERSION})" in spec.splitlines()[0]


def test_categories_are_the_spec_categories_in_its_order(spec):
    assert list(CATEGORY_CODES) == _table_codes(spec, "Categories")


def test_actors_are_the_spec_actors_in_its_order(spec):
    assert list(ACTOR_CODES) == _table_codes(spec, "Actors")


def test_attributes_are_the_spec_attributes(spec):
    assert list(ATTRIBUTES) == _table_codes(spec, "Attributes")


def test_no_v1_code_was_dropped():
    assert set(V1_CATEGORIES) <= set(CATEGORY_CODES)
    assert set(V1_ACTORS) <= set(ACTOR_CODES)


def test_v2_codes_are_present():
    assert {
        "human_oversight",
        "consent",
        "data_rights",
        "minor_protection",
        "crisis_protocol",
    } <= set(CATEGORY_CODES)
    assert "insurer" in ACTOR_CODES
    assert {"due_date", "employee_threshold"} <= set(ATTRIBUTES)
