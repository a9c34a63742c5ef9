"""The subscribe page's watch list in a real browser: htmx tells each entry as one types.

Type two entries → under the field, one names its bill and the other is
ambiguous with its candidates as buttons → choose one → the field holds its
full reference and both entries name a bill → subscribe → the subscription
watches both. Debian's chromium under Playwright, the live server, the
site's content security policy. Needs /usr/bin/chromium: skipped with the
reason outside CI, a failure under CI.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from digests.models import Subscription
from tests.factories import make_bill, make_jurisdiction, make_session

ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"


@pytest.fixture
def bills(transactional_db) -> dict:
    ca = make_jurisdiction("US-CA")
    return {
        "sb53": make_bill("US-CA", "SB 53", session=make_session(ca, "2025-2026"),
                          title="Transparency in Frontier Artificial Intelligence Act"),
        "sb53_old": make_bill("US-CA", "SB 53", session=make_session(ca, "2023-2024"),
                              title="An act relating to something else"),
        "s8828": make_bill("US-NY", "S 8828", title="An act relating to AI companions"),
    }  # fmt: skip


def test_the_watch_list_names_each_entry_while_typing_and_a_choice_fills_the_field(page, bills):
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto("/subscribe/")
    field = page.get_by_role("group", name="Watch list").get_by_role("textbox")
    status = page.locator("#watch-list-status")
    field.press_sequentially("ny s8828, CA SB 53", delay=20)

    status.get_by_text("✓ New York S 8828").wait_for()
    status.get_by_text("could be US-CA 2025-2026 SB 53").wait_for()
    choices = status.get_by_role("button")
    assert sorted(choices.all_inner_texts()) == [
        "California 2023-2024 SB 53",
        "California 2025-2026 SB 53",
    ]

    choices.filter(has_text="2025-2026").click()
    page.locator("#watch-list-status .found").nth(1).wait_for()
    field = page.get_by_role("group", name="Watch list").get_by_role("textbox")  # swapped anew
    assert field.input_value() == "ny s8828, US-CA 2025-2026 SB 53"
    assert page.locator("#watch-list-status .found").all_inner_texts() == [
        "✓ New York S 8828",
        "✓ California SB 53",
    ]
    assert page.locator("#watch-list-status .errorlist").count() == 0
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "subscribe-watch-list.png"), full_page=True)

    page.locator("input[name=email]").fill("watcher@example.com")
    page.get_by_role("button", name="Subscribe").click()
    page.get_by_text("Check your inbox").first.wait_for()
    watched = Subscription.objects.get(email="watcher@example.com").bills
    assert sorted(watched) == sorted([bills["s8828"].pk, bills["sb53"].pk])
    assert errors == []  # no script or CSP error on the way
