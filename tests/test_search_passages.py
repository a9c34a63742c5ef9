"""Passages for the search index (``bills/search/passages.py``): pure, no database."""

from bills.search.passages import (
    DETAILS,
    OVERLAP_WORDS,
    PASSAGE_WORDS,
    TEXT,
    bill_passages,
    chunk_text,
    details_text,
)


def test_a_short_text_is_one_passage_keeping_its_layout():
    assert chunk_text("  Section 1.\n  Title.  ") == ["Section 1.\n  Title."]


def test_a_long_text_is_cut_into_overlapping_passages_that_cover_every_word():
    text = " ".join(f"w{i}" for i in range(PASSAGE_WORDS * 2 + 10))
    chunks = chunk_text(text)
    assert len(chunks) == 3
    assert all(len(c.split()) <= PASSAGE_WORDS for c in chunks)
    assert chunks[0].split()[-OVERLAP_WORDS:] == chunks[1].split()[:OVERLAP_WORDS]
    seen = {w for c in chunks for w in c.split()}
    assert seen == set(text.split())


def test_details_name_the_bill_once_and_list_actions_in_order():
    text = details_text("SB 53", "TFAIA", "TFAIA", "About AI.", ["ai"], ["Introduced.", "Signed."])
    assert text == "SB 53\nTFAIA\nAbout AI.\nai\nIntroduced.\nSigned."


def test_versions_sharing_a_text_share_its_passages():
    passages = bill_passages("S 1\nTitle", [("A", "same words"), ("B", "same words"), ("C", "new")])
    assert [(p.kind, p.label, p.text) for p in passages] == [
        (DETAILS, "", "S 1\nTitle"),
        (TEXT, "A", "same words"),
        (TEXT, "C", "new"),
    ]
