"""Status normalisation: the regex table over real action histories."""

import json
from datetime import date

import pytest

from vocabulary.statuses import classify_action, derive_status


def _history(corpus_dir, name: str) -> list:
    data = json.loads((corpus_dir / "api_formats/ny_legislation_mirror_jehiah" / name).read_text())
    return [
        (date.fromisoformat(a["Date"]), a["Text"], a["Chamber"], classify_action(a["Text"]))
        for a in data["Actions"]
    ]


@pytest.mark.parametrize(
    ("name", "status", "when", "chapter"),
    [
        ("2025_S6953.json", "enacted", date(2025, 12, 19), "Chapter 699 of 2025"),
        ("2025_S8828.json", "enacted", date(2026, 3, 27), "Chapter 96 of 2026"),
        ("2025_A6453.json", "substituted", date(2025, 6, 12), ""),
        ("2025_A9449.json", "substituted", date(2026, 2, 25), ""),
    ],
)
def test_raise_act_histories_come_out_right(corpus_dir, name, status, when, chapter):
    result = derive_status(_history(corpus_dir, name))
    assert (result.status, result.date, result.chapter) == (status, when, chapter)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("REFERRED TO INTERNET AND TECHNOLOGY", ["referral-committee"]),
        ("PASSED SENATE", ["passage"]),
        ("SIGNED CHAP.699", ["executive-signature"]),
        ("SUBSTITUTED BY S6953B", ["substitution"]),
        ("Approved by the Governor.", ["executive-signature"]),
        ("Chaptered by Secretary of State. Chapter 138, Statutes of 2025.", ["became-law"]),
        ("Became Public Law No: 117-58.", ["became-law"]),
        ("Vetoed by Governor.", ["executive-veto"]),
        ("DELIVERED TO GOVERNOR", ["executive-receipt"]),
    ],
)
def test_action_texts_are_classified(text, expected):
    assert classify_action(text) == expected


def test_passage_in_both_chambers_is_passed_legislature():
    actions = [
        (date(2025, 1, 2), "Introduced", "upper", ["introduction"]),
        (date(2025, 2, 2), "PASSED SENATE", "upper", ["passage"]),
        (date(2025, 3, 2), "PASSED ASSEMBLY", "lower", ["passage"]),
    ]
    assert derive_status(actions).status == "passed_legislature"


def test_referral_after_first_passage_keeps_passed_one_chamber():
    actions = [
        (date(2025, 2, 2), "PASSED SENATE", "upper", ["passage"]),
        (date(2025, 2, 3), "REFERRED TO CODES", "lower", ["referral-committee"]),
    ]
    result = derive_status(actions)
    assert (result.status, result.date) == ("passed_one_chamber", date(2025, 2, 2))


def test_veto_after_passage_is_vetoed_and_chapter_comes_from_california_wording():
    vetoed = derive_status(
        [
            (date(2024, 8, 29), "Read third time. Passed.", "lower", ["passage"]),
            (date(2024, 9, 29), "Vetoed by Governor.", "executive", ["executive-veto"]),
        ]
    )
    assert vetoed.status == "vetoed"
    signed = derive_status(
        [
            (
                date(2025, 9, 29),
                "Chaptered by Secretary of State. Chapter 138, Statutes of 2025.",
                "",
                ["became-law"],
            )
        ]
    )
    assert (signed.status, signed.chapter) == ("enacted", "Chapter 138 of 2025")


def test_california_passage_counts_for_the_chamber_that_passed_not_the_next_one():
    actions = [
        (
            date(2025, 5, 28),
            "Read third time. Passed. Ordered to the Assembly.",
            "upper",
            ["passage"],
        ),
        (
            date(2025, 9, 13),
            "Read third time. Passed. Ordered to the Senate.",
            "lower",
            ["passage"],
        ),
    ]
    assert derive_status(actions).status == "passed_legislature"


def test_utah_enrolled_bill_signed_by_the_senate_president_is_not_enacted():
    assert "executive-signature" not in classify_action(
        "Senate/ signed by President/ returned to House"
    )
    assert classify_action("Signed by President.") == ["executive-signature"]


def test_a_withdrawn_motion_is_not_a_withdrawn_bill():
    text = "Motion by Senator Schumer to instruct Sergeant at Arms withdrawn in Senate."
    assert "withdrawal" not in classify_action(text)


@pytest.mark.parametrize(
    ("text", "classification"),
    [
        ("Passed", "passage"),
        ("Read third time and passed House", "passage"),
        ("Governor Approved", "executive-signature"),
        ("Public Act . . . . . . . . . 104-0538", "became-law"),
    ],
)
def test_texas_virginia_and_illinois_wording(text, classification):
    assert classification in classify_action(text)
