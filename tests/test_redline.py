"""Redlines (``bills/redline.py``): marked words, section headings, untouched text left out."""

from bills.redline import redline

OLD = """Section 1. Short title.
This act is the Example Act.

Section 2. Reports.
A developer shall report an incident within 15 days to the attorney general.
Records are kept for three years.

Section 3. Penalties.
A civil penalty of up to $10,000,000 applies.
"""
NEW = """Section 1. Short title.
This act is the Example Act.

Section 2. Reports.
A developer shall report an incident within 72 hours to the office.
Records are kept for three years.

Section 3. Penalties.
A civil penalty of up to $1,000,000 applies.

Section 4. Effective date.
This act takes effect January 1, 2027.
"""


def test_changed_words_are_marked_under_their_section_heading():
    result = redline(OLD, NEW)
    sections = [h.section for h in result.hunks]
    assert sections == [
        "Section 2. Reports.",
        "Section 3. Penalties.",
        "Section 4. Effective date.",
    ]
    reports = result.hunks[0].pieces
    assert [(p.kind, p.text.strip()) for p in reports if p.kind != "same"] == [
        ("del", "15 days"),
        ("ins", "72 hours"),
        ("del", "attorney general."),
        ("ins", "office."),
    ]


def test_an_added_section_is_one_insertion_and_the_counts_add_up():
    result = redline(OLD, NEW)
    added = result.hunks[-1]
    assert [p.kind for p in added.pieces if p.text.strip()][-1] == "ins"
    assert "takes effect January 1, 2027." in added.pieces[-1].text
    assert result.words_removed == 2 + 2 + 1  # "15 days", "attorney general.", "$10,000,000"
    assert result.words_added == 2 + 1 + 1 + 4 + 7  # the same three places, then section 4


def test_unchanged_sections_are_left_out_and_identical_texts_have_no_hunks():
    result = redline(OLD, NEW)
    assert all("Example Act" not in p.text for h in result.hunks for p in h.pieces)
    same = redline(OLD, OLD.replace("\n", "  \n"))  # whitespace only
    assert same.identical and same.lines_unchanged == len(OLD.splitlines())


def test_a_renumbered_heading_still_pairs_the_text_around_it():
    result = redline("Sec. 1. A.\nalpha beta\n", "Sec. 2. A.\nalpha gamma\n")
    kinds = [(p.kind, p.text.strip()) for h in result.hunks for p in h.pieces if p.kind != "same"]
    assert ("ins", "gamma") in kinds and ("del", "beta") in kinds
