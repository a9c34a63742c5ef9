"""Only duties about AI count: a text not about AI yields nothing, a host law only its AI parts."""

from __future__ import annotations

from bills.extraction import extract

NOT_AI = (
    "Section 1. A landlord shall return a security deposit within 30 days.\n"
    "Section 2. A business shall publish the rent schedule on its website.\n"
)
HOST_LAW = (
    "# HB 9 - Health coverage\n\n"
    "## Section 1\n"
    "1. Each carrier shall make a decision on a prior authorization request within three days.\n"
    "2. A carrier that uses artificial intelligence in prior authorization shall ensure that "
    "artificial intelligence is not the sole means used to deny care.\n"
    "3. Each carrier shall post its prior authorization requirements on its website.\n"
)


def test_a_text_that_is_not_about_ai_yields_no_obligations():
    assert extract(NOT_AI) == []
    assert extract(NOT_AI, ai_only=False)  # the duties are there; they are not AI law


def test_in_a_host_law_only_the_parts_that_name_ai_count_with_their_reason():
    found = extract(HOST_LAW)
    assert [(o.category, o.section) for o in found] == [("human_oversight", "Section 1(2)")]
    assert found[0].relevance == "Section 1(2) names artificial intelligence"


def test_a_term_defined_by_ai_makes_its_paragraph_count():
    text = (
        "# HB 7 - Fabricated images\n\n## Section 1\n"
        '1. "Digitization" means creating an image by means of artificial intelligence.\n\n'
        '2. "Fabricated image" means an image created by digitization.\n\n'
        "## Section 2\n1. A person may not disclose a fabricated image of another person.\n\n"
        "2. A landlord shall return a deposit.\n"
    )
    found = extract(text)
    assert [o.section for o in found] == ["Section 2(1)"]
    assert "fabricated image" in found[0].relevance


def test_an_act_about_ai_counts_in_full():
    text = "An act relating to artificial intelligence.\nSection 1. The office shall publish guidance.\n"
    (found,) = extract(text)
    assert found.relevance.startswith("the text is about AI")
