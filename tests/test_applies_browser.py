"""The "What applies to me" report printed in a real browser (chromium, print media emulated).

The printout must read on its own: no header, navigation, form or export links;
the summary table first, on its own page, the details after; every citation with
its full address. The PDF and a screenshot of the print layout go to ``artifacts/``.
Needs /usr/bin/chromium: skipped with the reason outside CI, a failure under CI.
"""

from __future__ import annotations

import io
from pathlib import Path

from pypdf import PdfReader

from tests.test_web_browser import laws  # noqa: F401 - the same two laws, a fixture

ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"
REPORT = "/applies/?roles=frontier_developer&states=US-NY&states=US-CA"


def test_the_print_button_prints_under_the_content_security_policy(page, laws):  # noqa: F811
    page.goto(REPORT)
    page.evaluate("window.print = () => { window.printed = true; }")  # no dialog in a test
    page.get_by_role("button", name="Print").click()
    assert page.evaluate("window.printed") is True


def test_the_printed_report_has_no_navigation_and_the_summary_first(page, laws):  # noqa: F811
    page.goto(REPORT)
    page.emulate_media(media="print")
    for chrome in ("header.site", "header.site nav", "footer.site", "form.profile", ".exports"):
        assert not page.locator(chrome).first.is_visible(), chrome
    summary = page.locator("table.summary").bounding_box()
    details = page.locator("section.report-category").first.bounding_box()
    assert summary and details and summary["y"] < details["y"]
    cite = page.locator("section.report-category a.cite").first
    printed_address = cite.evaluate("a => getComputedStyle(a, '::after').content")
    assert f"{page.url.split('/applies/')[0]}/obligations/" in printed_address
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "applies-print.png"), full_page=True)
    pdf = page.pdf(path=str(ARTIFACTS / "applies-print.pdf"), format="Letter")
    pages = [p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages]
    assert len(pages) >= 2
    assert "Summary" in pages[0] and "Incident reporting" in pages[0]
    assert "Details" not in pages[0] and "Details" in pages[1]  # the details start a page
    everything = "\n".join(pages)
    assert "Admin" not in everything and "Show what applies" not in everything
    assert "/obligations/" in everything  # citations carry their address on paper
