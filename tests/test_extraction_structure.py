"""Structure splitting: sections, subdivision paths and offsets."""

from pathlib import Path

import pytest

from bills.extraction.loading import load_text
from bills.extraction.sentences import iter_units, split_sentences
from bills.extraction.structure import parse_structure

FIXTURE = Path(__file__).parent / "fixtures/extraction/statute_sample.txt"


def citations(text: str) -> list[str]:
    return [b.citation() for b in parse_structure(text).blocks if b.section]


def test_code_sections_and_subdivisions_are_cited_with_their_path():
    found = citations(FIXTURE.read_text())
    assert "100.11(a)" in found and "100.12(c)(2)" in found


def test_block_offsets_point_at_the_paragraph_text():
    text = FIXTURE.read_text()
    block = next(b for b in parse_structure(text).blocks if b.citation() == "100.11(b)")
    assert (
        text[block.start : block.end]
        == "A large developer shall retain test records for five years."
    )


def test_roman_numerals_nest_below_capital_letters_but_i_after_h_is_a_letter():
    text = "Sec. 1.5. Title.\n(h) Eight.\n(i) Nine.\n(1) One:\n(A) Item:\n(i) Roman.\n"
    assert (
        citations(text)
        == ["1.5", "1.5(h)", "1.5(i)", "1.5(i)(1)", "1.5(i)(1)(A)", "1.5(i)(1)(A)(i)"][1:]
    )


def test_a_wrapped_cross_reference_is_not_a_new_paragraph():
    text = (
        "Sec. 2.1. Title.\n(a) A person who deploys a system shall comply with the duties in subdivision\n"
        "(b) of section 3.\n"
    )
    assert citations(text) == ["2.1(a)"]


def test_text_before_the_enacting_clause_is_not_operative():
    text = (
        "DIGEST\nThis bill would require things.\nThe people do enact as follows:\nSECTION 1. Body."
    )
    assert parse_structure(text).operative_start == text.index(":") + 1


def test_sentences_do_not_end_at_legal_abbreviations():
    text = "Added by Acts 2025, 89th Leg., R.S., Ch. 1174. The next sentence."
    assert len(split_sentences(text, 0, len(text))) == 2


def test_a_list_under_a_sentence_ending_in_a_colon_belongs_to_it():
    text = FIXTURE.read_text()
    structure = parse_structure(text)
    units = list(iter_units(text, structure.blocks))
    unit = next(u for u in units if text[u.start :].startswith("The Department shall submit"))
    assert text[unit.start : unit.end].endswith("making recommendations.")


@pytest.mark.corpus
@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("bill_texts/CA_SB53_2025_TFAIA_chaptered_ch138.txt", "22757.13(i)(2)(A)"),
        ("bill_texts/TX_BusCom_Code_ch552_HB149_TRAIGA_codified.htm", "552.104(b)(2)(B)(iii)"),
        ("bill_texts/NY_S8828_2025-26_RAISE_Act_chapter96_of_2026.txt", "1421(1)"),
        ("federal/federal_register_repo_wrapped/2026-20321_EO14434.json", "Sec. 3(b)(iii)"),
    ],
)
def test_real_documents_split_into_their_legal_structure(corpus_dir, name, expected):
    assert expected in citations(load_text(corpus_dir / name))


def _sections(text: str) -> list[tuple[str, str]]:
    from bills.extraction.structure import parse_structure

    return [(s.number, s.heading) for s in parse_structure(text).sections]


def _labels(text: str) -> list[str]:
    from bills.extraction.structure import parse_structure

    return [b.citation() for b in parse_structure(text).blocks]


def test_a_municipal_code_heading_without_a_period_after_its_number_opens_a_section():
    text = (
        "§ 20-870 Definitions. For the purposes of this subchapter:\n"
        '(a) "Candidate" means a person.\n'
        "§ 20-871 Requirements for employers. a. In the city, it shall be unlawful:\n"
        "1. Such tool has been the subject of a bias audit;\n"
    )
    assert _sections(text) == [("20-870", "Definitions"), ("20-871", "Requirements for employers")]
    assert _labels(text) == ["20-870", "20-870(a)", "20-871(a)", "20-871(a)(1)"]


def test_markdown_section_headings_open_sections_and_keep_their_body():
    text = "## Section 1\nThe definitions apply.\n## Section 2 A person shall do it.\n"
    assert _sections(text) == [("Section 1", ""), ("Section 2", "")]


def test_washington_new_sections_and_lettered_subdivisions():
    text = "NEW SECTION. Sec. 2. 1. A person shall:\n    a. Do x; and\n    b. Do y.\nSec. 3. Effective date.\n"
    assert _sections(text) == [("Sec. 2", ""), ("Sec. 3", "Effective date")]
    assert _labels(text) == ["Sec. 2(1)", "Sec. 2(1)(a)", "Sec. 2(1)(b)"]


def test_a_cross_reference_at_a_line_start_is_not_a_section():
    assert _sections("The agency shall report.\nSection 5 of this act is amended.\n") == []


def test_a_definitions_section_ends_at_the_next_heading_and_swallows_no_duty():
    from bills.extraction import extract

    text = (
        "§ 20-870 Definitions. For the purposes of this subchapter:\n"
        '(a) "Automated employment decision tool" means a tool using artificial intelligence.\n'
        "§ 20-871 Notices. An employer that uses an automated employment decision tool shall "
        "notify each candidate that an automated employment decision tool will be used.\n"
    )
    assert [(o.category, o.actor, o.section) for o in extract(text)] == [
        ("decision_notice", "employer", "20-871")
    ]


def test_a_heading_after_a_one_line_html_figure_opens_its_section():
    text = (
        "Sec. 10. Talent.\n(a) The Secretary shall hire staff for the Department of Security.\n\n"
        '<figure> <img src="https://example.gov/image.gif" title="Anchor" class="wp-image-1" '
        'decoding="async" /> </figure>\n\nSec. 11. Leadership Abroad. (a) The Secretary shall lead.\n'
    )
    assert _sections(text) == [("Sec. 10", "Talent"), ("Sec. 11", "Leadership Abroad")]
    assert _labels(text)[-1] == "Sec. 11(a)"


def test_a_wrapped_line_that_ends_in_an_inline_tag_does_not_end_a_paragraph():
    text = (
        "Sec. 2. Title.\n(a) A deployer shall comply with the duties in <span>subdivision</span>\n"
        "(b) of section 3.\n"
    )
    assert _labels(text) == ["Sec. 2(a)"]


def test_after_a_lead_ending_in_a_colon_i_opens_a_list_even_after_h():
    text = (
        "Sec. 10.2. Talent.\n(h) The Secretary shall submit a report that includes:\n"
        "(i) recommendations on hiring; and\n(ii) recommendations on retention.\n"
    )
    assert _labels(text) == ["10.2(h)", "10.2(h)(i)", "10.2(h)(ii)"]


def test_a_heading_glued_to_its_first_marker_still_ends_at_its_period():
    text = "Sec. 6.  Supporting Workers.(a)  To advance AI, the Secretary shall report.\n"
    assert _sections(text) == [("Sec. 6", "Supporting Workers")]
    assert _labels(text) == ["Sec. 6(a)"]
    note = "Sec. 6. Workers.(Added by Acts 2025.) The Secretary shall report.\n"
    assert _labels(note) == ["Sec. 6"]
