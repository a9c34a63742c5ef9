"""scrapers.relevance: AI bills are kept, bills about air, aid and AIDS are not, and we say why."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from scrapers.relevance import AI_TERMS, THRESHOLD, assess, matched_terms

AI_TITLES = [
    # Real titles from the corpus (NY Senate, congress.gov).
    "Relates to the training and use of artificial intelligence frontier models",
    "Relates to transparency and safety requirements for developers of artificial intelligence "
    "models",
    "AI Security and Innovation Act",
    "Artificial Intelligence Risk Evaluation Act of 2025",
    "H.R. 9363, AI Security and Innovation Act",
    # Typical state titles for each kind of term.
    "Transparency in Frontier Artificial Intelligence Act",
    "Relating to the regulation of algorithmic discrimination in consequential decisions",
    "Automated decision systems used by state agencies",
    "Concerning automated decision-making in employment",
    "Automated employment decision tools; bias audits",
    "Generative AI disclosure in political advertisements",
    "Relating to deepfakes of candidates for office",
    "Deep fake videos; civil remedy",
    "Synthetic media in elections",
    "Safety standards for foundation models",
    "Large language model transparency",
    "Companion chatbots; protections for minors",
    "Relating to chatbots operated by businesses",
    "Machine learning in health insurance claim review",
    "Neural network research grants",
    "Use of facial recognition technology by law enforcement",
    "Regulating A.I. in public schools",
    "AI-generated child sexual abuse material",
    "Creating the AI task force",
    "RELATING TO AI IN HIRING",
]

NOT_AI_TITLES = [
    "Relating to air quality permits",
    "HIV/AIDS prevention",
    "HIV/AIDS prevention and AIDS drug assistance programs",
    "Financial aid for students",
    "State aid to school districts",
    "Aiken County courthouse",
    "The bill said the maid was paid",
    "Al Smith Memorial Highway designation",
    "Requirements For Driver's License",
    "Policy For Securing Health Care Services",
    "Wyoming imagination library program.",
    "Residential property-removal of unlawful occupant.",
    "FedRAMP Authorization Act",
    "Intelligence Authorization Act for Fiscal Year 2022",
    "Relating to the Main Street program and AIRPORT zoning",
    "Training and certification of hair braiders",
    "Ai Weiwei exhibition funding",  # mixed case: a name, not the acronym
    "MAID services for terminally ill adults",
    "Paid family leave",
]


@pytest.mark.parametrize("title", AI_TITLES)
def test_ai_titles_are_relevant(title: str) -> None:
    result = assess(title)
    assert result.relevant, result
    assert result.reason.startswith("title: ")


@pytest.mark.parametrize("title", NOT_AI_TITLES)
def test_lookalike_titles_are_not_relevant(title: str) -> None:
    result = assess(title)
    assert not result.relevant
    assert result.terms == ()
    assert result.reason == "no AI terms in title, abstract or text"


@pytest.mark.parametrize(
    "text",
    [
        "AIDS",
        "said",
        "maid",
        "Aiken",
        "Al",
        "air",
        "aid",
        "aide",
        "AIR",
        "MAIN",
        "HIV/AIDS",
        "PAIR",
    ],
)
def test_ai_is_never_found_inside_other_words(text: str) -> None:
    assert matched_terms(f"The {text} report.") == {}


def test_reason_names_each_matched_term_and_where_it_was_found() -> None:
    result = assess(
        "Relates to the training and use of artificial intelligence frontier models",
        abstract="Requires developers of AI models to publish safety protocols.",
        text="machine learning " * 3,
    )
    assert result.reason == (
        "title: artificial intelligence, frontier model; abstract: AI; text: machine learning ×3"
    )
    assert result.terms == ("artificial intelligence", "frontier model", "AI", "machine learning")


def test_generative_ai_is_reported_once_not_also_as_ai() -> None:
    assert matched_terms("Generative AI and generative artificial intelligence") == {
        "generative AI": 2
    }


def test_one_passing_mention_in_a_long_text_is_not_enough() -> None:
    text = "appropriations " * 1000 + "including for artificial intelligence pilots " + "x " * 1000
    result = assess("Budget Implementation Act", text=text)
    assert not result.relevant
    assert result.reason == "text: artificial intelligence"


def test_repeated_mentions_in_the_text_make_an_item_relevant() -> None:
    result = assess("An Act concerning business", text="artificial intelligence. " * 4)
    assert result.relevant
    assert result.score == pytest.approx(3.0 * 0.3 * 4)


def test_text_counts_are_capped() -> None:
    many = assess("X", text="deepfake " * 50).score
    assert many == assess("X", text="deepfake " * 5).score


def test_an_abstract_with_one_strong_term_is_relevant() -> None:
    assert assess("Consumer protection", abstract="Regulates the use of deepfakes.").relevant


def test_a_weak_term_alone_in_the_title_is_not_enough() -> None:
    result = assess("Relating to bots at ticket sales")
    assert not result.relevant and result.terms == ("bot",)
    assert result.score < THRESHOLD


def test_every_term_pattern_compiles_and_has_a_positive_weight() -> None:
    for term in AI_TERMS:
        re.compile(term.pattern)
        assert term.weight > 0, term.name
    assert len({term.name for term in AI_TERMS}) == len(AI_TERMS)


@pytest.mark.corpus
def test_no_title_of_the_defense_appropriations_bill_status_is_about_ai(corpus_dir: Path) -> None:
    xml = (corpus_dir / "api_formats/govinfo_billstatus_xml/BILLSTATUS-117hr2471.xml").read_text()
    titles = set(re.findall(r"<title>([^<]{5,300})</title>", xml))
    assert len(titles) > 50
    assert [t for t in titles if assess(t).relevant] == []


@pytest.mark.corpus
def test_the_raise_act_text_is_relevant_from_its_text_alone(corpus_dir: Path) -> None:
    (path,) = (corpus_dir / "bill_texts").glob("NY_S8828*")
    result = assess("An act to amend the general business law", text=path.read_text())
    assert result.relevant
    assert "text: " in result.reason and "frontier model" in result.terms
