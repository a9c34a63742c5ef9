"""scrapers.sources.openstates.bulk: Open States scraper output files (the real Wyoming sample)."""

from datetime import date

import pytest

from scrapers.sources.openstates.bulk import OrganizationIndex
from scrapers.sources.openstates.parse import parse_file

WY = "api_formats/openstates_scraper_output_wy2025"
SF6 = "bill_04ddb460-c5c9-11f0-8010-e64754359aa2.json"
SF14 = "bill_055ab6fe-c5c9-11f0-8010-e64754359aa2.json"


@pytest.fixture
def sf6(corpus_dir):
    (record,) = parse_file(corpus_dir / WY / SF6)
    return record


@pytest.fixture
def sf14(corpus_dir):
    (record,) = parse_file(corpus_dir / WY / SF14)
    return record


def test_scraped_bill_gets_jurisdiction_session_and_normalised_identifier(sf6):
    assert sf6.key == ("US-WY", "2025", "SF 6")
    assert sf6.title == "Residential property-removal of unlawful occupant."
    assert sf6.kind == "bill"
    assert sf6.sources == ["https://wyoleg.gov/Legislation/2025/SF0006"]
    assert sf6.source_ids == {}  # scraper output has no ocd-bill id yet


def test_scraped_bill_takes_session_name_and_dates_from_the_sibling_jurisdiction_file(sf6):
    assert sf6.session_name == "2025 Regular Session"
    assert (sf6.session_start, sf6.session_end) == (date(2025, 1, 14), date(2025, 3, 15))


def test_scraped_bill_keeps_every_action_oldest_first_with_chambers_resolved(sf6):
    assert len(sf6.actions) == 23
    first, last = sf6.actions[0], sf6.actions[-1]
    assert (first.date, first.text, first.actor) == (
        date(2024, 12, 3),
        "Bill Number Assigned",
        "executive",
    )
    assert (last.date, last.text, last.actor) == (
        date(2025, 2, 25),
        "Assigned Chapter Number 41",
        "executive",
    )
    # Same day, listed newest first in the file: the earlier timestamp must come first.
    assert sf6.actions[-2].text == "Became Law without Signature"
    assert sf6.actions[-2].actor == "legislature"
    assert {a.actor for a in sf6.actions} == {"upper", "lower", "executive", "legislature"}


def test_open_states_classifications_are_kept_and_mapped_and_only_blanks_use_the_rules(sf6):
    by_text = {a.text: a.classification for a in sf6.actions}
    assert by_text["S 3rd Reading:Passed 27-2-2-0-0"] == ["passage", "reading-3"]
    assert by_text["H01 - Judiciary:Recommend Amend and Do Pass 9-0-0-0-0"] == ["committee-passage"]
    assert by_text["Assigned Chapter Number 41"] == ["became-law"]
    assert by_text["Became Law without Signature"] == ["became-law"]  # filled by the rules


def test_scraped_bill_that_became_law_is_enacted_with_chapter_and_effective_date(sf6):
    assert sf6.status == "enacted"
    assert sf6.status_date == date(2025, 2, 25)
    assert sf6.chapter == "Chapter 41 of 2025"
    assert sf6.effective_date == date(2025, 7, 1)


def test_scraped_bill_sponsors_versions_and_abstract(sf6):
    assert [(s.name, s.classification) for s in sf6.sponsors] == [("Judiciary", "primary")]
    assert len(sf6.versions) == 7
    assert (sf6.versions[0].label, sf6.versions[0].url, sf6.versions[0].media_type) == (
        "Introduced",
        "https://wyoleg.gov/2025/Introduced/SF0006.pdf",
        "application/pdf",
    )
    assert sf6.versions[1].label == "Enrolled"
    assert sf6.versions[-1].url == "https://wyoleg.gov/2025/Amends/SF0006SS001.pdf"
    assert all(v.date is None for v in sf6.versions)  # the scraper gave no dates
    # The "abstract" in the file is a PDF path; the formal long title stands in.
    assert sf6.abstract.startswith("AN ACT relating to civil procedure;")


def test_scraped_bill_about_housing_is_not_ai_relevant_and_says_why(sf6):
    assert sf6.ai_relevant is False
    assert sf6.ai_relevance_reason == "no AI terms in title, abstract or text"


def test_second_scraped_bill_keeps_its_actions_versions_and_last_committee_failure(sf14):
    assert sf14.key == ("US-WY", "2025", "SF 14")
    assert sf14.title == "Wyoming imagination library program."
    assert len(sf14.actions) == 8
    assert (sf14.actions[0].date, sf14.actions[0].text) == (
        date(2024, 12, 4),
        "Bill Number Assigned",
    )
    assert (sf14.actions[-1].date, sf14.actions[-1].text) == (
        date(2025, 1, 21),
        "S COW:Failed 6-23-2-0-0",
    )
    assert sf14.actions[-1].classification == ["committee-failure"]
    # A failed Committee of the Whole vote leaves the bill dead.
    assert sf14.status == "failed"
    assert [v.label for v in sf14.versions] == [
        "Introduced",
        "Amendment SF0014SS001 (Standing Committee) - Senate Education Committee (Adopted)",
    ]
    assert [(s.name, s.classification) for s in sf14.sponsors] == [("Education", "primary")]
    assert sf14.effective_date == date(2025, 3, 1)
    assert sf14.chapter == ""


@pytest.mark.parametrize(
    "name",
    [
        "jurisdiction_ocd-jurisdiction-country:us-state:wy-government.json",
        "organization_029ba48c-c5c9-11f0-8010-e64754359aa2.json",
        "vote_event_0481eab8-c5c9-11f0-8010-e64754359aa2.json",
    ],
)
def test_non_bill_scraper_files_give_no_records(corpus_dir, name):
    assert parse_file(corpus_dir / WY / name) == []


def test_organization_index_resolves_pseudo_ids_and_file_ids():
    index = OrganizationIndex(
        [{"_id": "abc", "name": "Wyoming State Legislature", "classification": "legislature"}]
    )
    assert index.resolve('~{"classification": "legislature"}') == (
        "legislature",
        "Wyoming State Legislature",
    )
    assert index.resolve("abc") == ("legislature", "Wyoming State Legislature")
    assert index.actor('~{"classification": "upper"}') == "upper"
    assert index.actor('~{"name": "Judiciary"}') == "Judiciary"
    assert index.actor(None) == ""


def test_scraped_bill_without_its_jurisdiction_file_still_parses(tmp_path, corpus_dir):
    lone = tmp_path / "bill_x.json"
    lone.write_text((corpus_dir / WY / SF6).read_text())
    (record,) = parse_file(lone)
    assert record.key == ("US-WY", "2025", "SF 6")
    assert record.session_name == ""
