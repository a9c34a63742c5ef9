"""The research view and the SVG pictures: same everywhere, divergence, growth, heatmap, chart."""

from datetime import date

import pytest

from bills.applicability import Profile
from bills.patchwork.report import build_patchwork
from bills.patchwork.research import build_research
from bills.patchwork.svg import colour, growth_chart, heatmap
from tests.factories import make_bill, make_obligation

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 30)


@pytest.fixture
def country():
    ny = make_bill("US-NY", "S 1", effective_date=date(2026, 1, 1))
    ca = make_bill("US-CA", "SB 2", effective_date=date(2025, 1, 1))
    co = make_bill("US-CO", "SB 3", effective_date=date(2026, 6, 30))
    make_bill("US-VA", "HB 4", status="vetoed")
    for bill in (ny, ca):
        make_obligation(bill, "cybersecurity", attributes={"compute_threshold_flop": 1e26})
    make_obligation(ny, attributes={"deadline": "PT72H"})
    make_obligation(ca, attributes={"deadline": "P15D"})
    make_obligation(co, "incident_reporting", "developer", attributes={"deadline": "P90D"})
    make_obligation(co, "decision_notice", "deployer")
    make_obligation(ny, "record_retention", attributes={"retention": "P5Y", "effective_date": "2027-01-01"})  # fmt: skip
    return ny, ca, co


def test_categories_with_identical_values_in_every_state_are_the_same_everywhere(country):
    research = build_research(TODAY)
    assert research.same_everywhere == ["cybersecurity"]
    assert research.states == 3


def test_the_widest_spread_of_values_diverges_most(country):
    research = build_research(TODAY)
    assert research.diverging == ["incident_reporting"]
    incident = next(c for c in research.categories if c.code == "incident_reporting")
    (deadline,) = incident.attributes
    assert deadline.values == {"15 days": ["US-CA"], "72 h": ["US-NY"], "90 days": ["US-CO"]}
    assert deadline.spread == 30.0  # 90 days / 72 hours


def test_distinct_requirements_grow_by_the_date_they_start(country):
    research = build_research(TODAY)
    assert research.growth == [
        (date(2025, 1, 1), 2),
        (date(2026, 1, 1), 4),
        (date(2026, 6, 30), 6),
        (date(2027, 1, 1), 7),  # the duty's own start beats its law's
    ]


def test_the_heatmap_has_a_cell_per_state_and_category_linking_to_the_matrix(country):
    patchwork = build_patchwork(
        Profile(("frontier_developer",), states=("US-NY", "US-CA"), include_pending=False), TODAY
    )
    svg = str(heatmap(patchwork))
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert svg.count("<rect") - 7 == 2 * len(patchwork.categories)  # 7 legend swatches
    assert 'href="/matrix/?jurisdiction=US-CA&amp;category=incident_reporting"' in svg
    assert "Record retention: not required in US-CA; the program adds it" in svg


def test_colours_run_from_dark_near_the_program_to_light_far_from_it():
    assert colour(0) == "#084594"
    assert colour(1) == "#deebf7"
    assert colour(0.5) not in (colour(0), colour(1))


def test_the_growth_chart_plots_every_point_and_names_its_ends(country):
    svg = str(growth_chart(build_research(TODAY).growth))
    assert svg.count("<circle") == 4
    assert "2025-01-01" in svg and "2027-01-01" in svg
    assert "No requirements counted." in str(growth_chart([]))
