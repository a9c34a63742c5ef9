"""The federal overlay: items aimed at state law, what they reach, and stricter or looser."""

from datetime import date

import pytest

from bills.applicability import Profile
from bills.patchwork.report import build_patchwork
from tests.factories import make_bill, make_obligation, make_version

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 30)
ORDER_TEXT = (
    "Sec. 1. Purpose. One minimally burdensome national standard serves the country. "
    "Sec. 3. The Attorney General shall establish a task force."
)


@pytest.fixture
def setting():
    ny = make_bill("US-NY", "S 1")
    ca = make_bill("US-CA", "SB 53")
    make_obligation(ny, attributes={"deadline": "PT72H"})
    make_obligation(ca, attributes={"deadline": "P15D"})
    make_obligation(ny, "public_disclosure", attributes={"frequency": "P1Y"})
    make_obligation(
        ca,
        "government_reporting",
        text=(
            "A frontier developer that meets a federal incident-reporting standard designated as "
            "equivalent or stricter shall be deemed to comply with this section."
        ),
    )
    order = make_bill("US", "EO 1", kind="executive_order", status_date=date(2025, 12, 11))
    make_version(order, text=ORDER_TEXT)
    return order


def _federal_obligation(order, category, text, **attributes):
    return make_obligation(order, category, "government_agency", text=text, attributes=attributes)


def _overlay(states=("US-NY", "US-CA"), **profile):
    return build_patchwork(
        Profile(("frontier_developer",), states=states, include_pending=False, **profile), TODAY
    ).federal


def test_a_litigation_task_force_aimed_at_every_state_reaches_every_duty_with_its_due_date(setting):
    _federal_obligation(
        setting,
        "preemption",
        "Within 30 days of the date of this order, the Attorney General shall establish an AI "
        "Litigation Task Force to challenge state AI laws.",
        deadline="P30D",
    )
    (target,) = _overlay().targets
    assert [k["kind"] for k in target.kinds] == ["litigation"]
    assert (target.date, target.due, target.states) == (
        date(2025, 12, 11),
        date(2026, 1, 10),
        [],
    )
    assert {(link["jurisdiction"], link["category"]) for link in target.linked} == {
        ("US-CA", "incident_reporting"),
        ("US-CA", "government_reporting"),
        ("US-NY", "incident_reporting"),
        ("US-NY", "public_disclosure"),
    }


def test_a_funding_condition_that_describes_disclosure_reaches_only_disclosure_duties(setting):
    _federal_obligation(
        setting,
        "preemption",
        "States whose laws compel developers to disclose information are ineligible for the funds.",
    )
    (target,) = _overlay().targets
    assert [k["kind"] for k in target.kinds] == ["funding_condition"]
    assert [(link["jurisdiction"], link["category"]) for link in target.linked] == [
        ("US-NY", "public_disclosure")
    ]


def test_an_item_naming_a_state_reaches_that_state_only(setting):
    _federal_obligation(
        setting, "preemption", "The task force shall first challenge the laws of California."
    )
    (target,) = _overlay().targets
    assert target.states == ["US-CA"]
    assert {link["jurisdiction"] for link in target.linked} == {"US-CA"}


def test_carve_outs_are_left_to_the_states(setting):
    _federal_obligation(
        setting,
        "preemption",
        "The framework shall preempt state laws on reporting, but shall not preempt state "
        "laws on the state's own procurement.",
    )
    (target,) = _overlay().targets
    assert target.carve_outs == ["government_use"]
    assert {link["category"] for link in target.linked} == {
        "incident_reporting",
        "government_reporting",
    }


def test_federal_directives_that_do_not_aim_at_state_law_are_left_out(setting):
    _federal_obligation(
        setting, "agency_directive", "The Secretary shall fund research on model evaluation."
    )
    assert _overlay().targets == []


def test_the_stated_aim_of_a_minimally_burdensome_standard_is_looser(setting):
    _federal_obligation(setting, "preemption", "The framework shall preempt state AI laws.")
    assert _overlay().stated_aims == [
        {"bill_id": setting.pk, "bill": "EO 1", "aim": "looser", "matched": "minimally burdensome"}
    ]


def test_a_federal_duty_is_compared_with_the_program_value_by_value(setting):
    bill = make_bill("US", "S 2938", status="enacted")
    make_obligation(bill, attributes={"deadline": "PT24H"})
    make_obligation(bill, "public_disclosure", attributes={"frequency": "P2Y"})
    standards = {s.category: s for s in _overlay().standards}
    assert standards["incident_reporting"].verdict == "stricter"
    assert standards["incident_reporting"].attributes == [
        {"name": "deadline", "program": "72 h", "federal": "24 h", "verdict": "stricter"}
    ]
    assert standards["public_disclosure"].verdict == "looser"
    assert standards["government_reporting"].verdict == "no federal duty"


def test_state_laws_that_accept_an_equivalent_federal_standard_are_listed(setting):
    (found,) = _overlay().deference
    assert (found["jurisdiction"], found["category"]) == ("US-CA", "government_reporting")
    assert found["matched"].endswith("deemed to comply")


def test_the_rest_of_its_section_says_which_state_laws_an_item_means_and_spares():
    ny = make_bill("US-NY", "S 1")
    make_obligation(ny, attributes={"deadline": "PT72H"})
    make_obligation(ny, "public_disclosure")
    make_obligation(ny, "government_use", "frontier_developer")
    text = (
        "Sec. 7. Legislation.\n"
        "The Advisor shall prepare a recommendation for a federal framework that preempts "
        "state AI laws. It shall cover laws that compel developers to disclose information. "
        "It shall not propose preempting state laws on a state's own procurement.\n"
        "Sec. 8. General provisions. Nothing here creates a right.\n"
    )
    order = make_bill("US", "EO 2", kind="executive_order", status_date=date(2025, 12, 11))
    version = make_version(order, text=text)
    start = text.index("The Advisor")
    make_obligation(
        order,
        "preemption",
        "government_agency",
        version=version,
        start=start,
        end=text.index(" It shall cover"),
        text=text[start : text.index(" It shall cover")],
        section="Sec. 7",
    )
    (target,) = _overlay(states=("US-NY",)).targets
    assert [d["cue"] for d in target.describes] == ["disclosure"]
    assert target.carve_outs == ["government_use"]
    assert [(link["jurisdiction"], link["category"]) for link in target.linked] == [
        ("US-NY", "public_disclosure")
    ]
