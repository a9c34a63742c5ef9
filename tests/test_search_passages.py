"""Passages for the search index (``bills/search/passages.py``): pure, no database."""

from bills.search.passages import (
    DETAILS,
    MIN_WORDS,
    OVERLAP_WORDS,
    PASSAGE_WORDS,
    TEXT,
    bill_passages,
    chunk_text,
    details_text,
)


def test_a_short_text_is_one_passage_keeping_its_layout():
    assert chunk_text("  Section 1.\n  Title.  ") == ["Section 1.\n  Title."]


def _numbered_lines(count: int, words_per_line: int = 12, first: int = 0) -> str:
    return "\n".join(
        " ".join(f"w{line}x{k}" for k in range(words_per_line))
        for line in range(first, first + count)
    )


def test_a_long_text_is_cut_into_overlapping_passages_that_cover_every_word():
    for text in (
        " ".join(f"w{i}" for i in range(PASSAGE_WORDS * 2 + 10)),  # one line
        _numbered_lines(600),  # 7,200 words in lines of 12
    ):
        chunks = chunk_text(text)
        assert len(chunks) >= 3
        assert all(len(c.split()) <= PASSAGE_WORDS for c in chunks)
        assert all(len(c.split()) >= MIN_WORDS for c in chunks[:-1])
        for before, after in zip(chunks, chunks[1:], strict=False):
            assert before.split()[-OVERLAP_WORDS:] == after.split()[:OVERLAP_WORDS]
        assert [w for c in chunks for w in c.split()[OVERLAP_WORDS:]] == text.split()[
            OVERLAP_WORDS:
        ][: sum(len(c.split()) - OVERLAP_WORDS for c in chunks)]
        assert {w for c in chunks for w in c.split()} == set(text.split())


def test_a_later_print_that_rewrites_one_line_shares_the_passages_it_did_not_touch():
    first = _numbered_lines(800)
    lines = first.split("\n")
    lines[400] = "Section 400. Rewritten by the amendment, with other words entirely."
    amended = "\n".join(lines)
    before, after = chunk_text(first), chunk_text(amended)
    shared = set(before) & set(after)
    assert len(before) >= 6
    assert len(shared) >= len(before) - 2  # only the passage holding line 400 (and its overlap)
    passages = bill_passages("S 1", [("Introduced", first), ("Amended", amended)])
    texts = [p for p in passages if p.kind == TEXT]
    assert len(texts) == len(before) + len(set(after) - set(before))
    assert {p.label for p in texts if p.text in shared} == {"Introduced"}


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
