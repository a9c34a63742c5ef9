"""The patchwork page in a real browser: Debian's chromium driven by Playwright against a live server.

Fill in the profile form, read the report, hover the heatmap, follow a heatmap
cell to the matrix, print. Screenshots go to ``artifacts/`` (kept by CI).
Needs /usr/bin/chromium: skipped with the reason outside CI, a failure under CI.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tests.factories import make_bill, make_obligation

ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"


@pytest.fixture
def laws(transactional_db):
    ny = make_bill("US-NY", "S 6953", effective_date=date(2027, 1, 1))
    ca = make_bill("US-CA", "SB 53", effective_date=date(2026, 1, 1))
    make_obligation(
        ny, section="1422(3)", attributes={"deadline": "PT72H", "recipient": "the office"}
    )
    make_obligation(
        ca,
        section="22757.13(b)",
        attributes={"deadline": "P15D", "recipient": "Office of Emergency Services"},
    )
    make_obligation(ca, "record_retention", section="22757.12(f)", attributes={"retention": "P5Y"})


def _shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"patchwork-{name}.png"), full_page=True)


def test_a_profile_filled_in_shows_the_one_program_and_the_heatmap(page, laws):
    page.goto("/patchwork/")
    page.get_by_label("Frontier developer").check()
    page.get_by_label("New York").check()
    page.get_by_label("California").check()
    page.get_by_label("As of").fill("2026-11-30")
    page.get_by_role("button", name="Show the patchwork").click()
    page.wait_for_selector("svg.heatmap")
    _shot(page, "report")
    incident = page.locator("#cat-incident_reporting")
    assert "Deadline: 72 h · set by US-NY · satisfies US-CA, US-NY" in incident.inner_text()
    assert "Report to Office of Emergency Services (US-CA)" in incident.inner_text()
    cells = page.locator("svg.heatmap a rect")
    assert cells.count() == 4  # 2 states × 2 categories
    assert page.locator("svg.heatmap title", has_text="Record retention: not required in US-NY").count() == 1  # fmt: skip
    totals = page.locator("table.patchwork-totals tbody tr").first.inner_text()
    assert totals.split("\t")[1:4] == ["3", "2", "3"]


def test_a_heatmap_cell_opens_the_matrix_zoomed_on_it(page, laws):
    page.goto("/patchwork/?roles=frontier_developer&states=US-NY&states=US-CA&as_of=2026-11-30")
    page.locator('svg.heatmap a[href*="category=incident_reporting"]').first.click()
    page.wait_for_url("**/matrix/?jurisdiction=*")
    assert "category=incident_reporting" in page.url
    assert page.locator("h1").count() == 1


def test_the_printout_leaves_out_the_form_and_keeps_the_report(page, laws):
    page.goto("/patchwork/?roles=frontier_developer&states=US-NY&states=US-CA&as_of=2026-11-30")
    page.set_viewport_size({"width": 390, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scroll
    page.set_viewport_size({"width": 1280, "height": 900})
    page.emulate_media(media="print")
    assert not page.locator("form.profile").is_visible()
    assert page.locator("svg.heatmap").is_visible()
    assert page.locator("#cat-incident_reporting").is_visible()
    ARTIFACTS.mkdir(exist_ok=True)
    page.pdf(path=str(ARTIFACTS / "patchwork-print.pdf"))
