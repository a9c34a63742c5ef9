"""Hostile data on the web: no stored XSS, a CSP on every response with nothing inline, and no
spreadsheet formula in any CSV export."""

from __future__ import annotations

import csv
import io
import re
from base64 import b64encode
from hashlib import sha256
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.conf import settings

from bills.models import BillVersion
from scrapers.records import RecordError, VersionRecord
from tests.factories import make_bill, make_obligation
from tests.record_factory import make_record

pytestmark = pytest.mark.django_db

HOSTILE_URLS = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "//evil.example/x",
    "file:///etc/passwd",
]


@pytest.mark.parametrize("url", HOSTILE_URLS)
def test_records_accept_only_http_and_https_urls(url):
    with pytest.raises(RecordError, match="not an http"):
        make_record(sources=[url]).validate()
    with pytest.raises(RecordError, match="not an http"):
        make_record(versions=[VersionRecord("S1", url=url)]).validate()


def test_ordinary_urls_are_accepted():
    make_record(
        sources=["https://www.nysenate.gov/legislation/bills/2025/S6953", "http://x.gov/a?b=c"]
    ).validate()


@pytest.mark.parametrize("url", HOSTILE_URLS)
def test_a_hostile_url_already_stored_is_never_a_link_on_the_bill_page(client, url):
    bill = make_bill(identifier="S 1", source_urls=[url, "https://example.gov/ok"])
    BillVersion.objects.create(bill=bill, label="A", url=url, text="")
    page = BeautifulSoup(client.get(bill.get_absolute_url()).content, "html.parser")
    hrefs = [a["href"] for a in page.find_all("a", href=True)]
    assert url not in hrefs and url.strip() not in hrefs
    assert all(not h.lower().lstrip().startswith(("javascript", "data", "vbscript")) for h in hrefs)
    assert "https://example.gov/ok" in hrefs


ADDRESSES = ["/", "/matrix/", "/compare/", "/applies/?roles=developer", "/federal/",
             "/jurisdictions/US-NY/", "/api/docs/", "/health/", "/api/v1/bills/",
             "/api/schema/", "/admin/login/", "/no-such-page/"]  # fmt: skip


# Styles from the site only, and the one inline style attribute of DRF's browsable API by hash.
STYLE_SRC = "'self' 'unsafe-hashes' " + settings.DRF_INLINE_STYLE


def test_the_one_inline_style_allowed_is_the_one_drf_writes():
    """A DRF upgrade that changes its inline style fails here, not silently in a browser."""
    import rest_framework

    base = Path(rest_framework.__file__).parent / "templates/rest_framework/base.html"
    values = set(re.findall(r'style="([^"]*)"', base.read_text()))
    hashes = {f"'sha256-{b64encode(sha256(v.encode()).digest()).decode()}'" for v in values}
    assert hashes == {settings.DRF_INLINE_STYLE}
    assert (
        "<style" not in (Path(settings.BASE_DIR) / "templates/rest_framework/api.html").read_text()
    )


def test_every_response_carries_a_strict_content_security_policy(client):
    bill = make_bill(identifier="S 1")
    make_obligation(bill)
    for address in [*ADDRESSES, bill.get_absolute_url()]:
        policy = client.get(address).get("Content-Security-Policy", "")
        directives = dict((part.split(" ", 1) + [""])[:2] for part in policy.split("; ") if part)
        assert directives.get("script-src") == "'self'", (address, policy)
        assert directives.get("style-src") == STYLE_SRC, (address, policy)
        assert (
            directives.get("object-src") == "'none'"
            and directives.get("frame-ancestors") == "'none'"
        )
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy


def test_no_page_has_inline_script_style_or_event_handler(client):
    bill = make_bill(identifier="S 1")
    make_obligation(bill)
    pages = [a for a in ADDRESSES if not a.startswith(("/api/v1", "/api/schema", "/health"))]
    for address in [*pages, bill.get_absolute_url()]:
        page = BeautifulSoup(client.get(address).content, "html.parser")
        inline = [s for s in page.find_all("script") if not s.get("src") and s.string]
        inline = [
            s for s in inline if s.get("type", "text/javascript") in ("text/javascript", "module")
        ]
        assert inline == [], address
        assert page.find_all("style") == [], address
        for tag in page.find_all(True):
            handlers = [name for name in tag.attrs if name.lower().startswith("on")]
            assert handlers == [] and "style" not in tag.attrs, (address, str(tag)[:120])
            href = str(tag.get("href", "")).lower()
            assert not href.startswith("javascript:"), (address, str(tag)[:120])


FORMULAS = ["=HYPERLINK(\"http://evil.example\",\"x\")", "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)",
            "\t=1+1", "\r=1+1"]  # fmt: skip


def _csv_cells(response) -> list[str]:
    assert response["Content-Type"].startswith("text/csv"), response.content[:200]
    return [
        cell
        for row in csv.reader(io.StringIO(response.content.decode(), newline=""))
        for cell in row
    ]


@pytest.mark.parametrize("formula", FORMULAS)
def test_csv_exports_neutralise_cells_a_spreadsheet_would_run(client, formula):
    bill = make_bill(identifier="S 1", title=formula, popular_name=formula)
    make_obligation(bill, text=formula, section=formula[:20])
    exports = [
        "/api/v1/matrix/?format=csv",
        "/api/v1/matrix/?jurisdiction=US-NY&format=csv",
        "/api/v1/bills/?format=csv",
        "/api/v1/obligations/?format=csv",
        f"/api/v1/compare/?bills={bill.pk},{make_bill(identifier='S 2').pk}&format=csv",
        "/api/v1/applicability/?roles=frontier_developer&format=csv",
        "/api/v1/changes/?format=csv",
    ]
    checked = 0
    for address in exports:
        response = client.get(address)
        assert response.status_code == 200, (address, response.content[:200])
        cells = _csv_cells(response)
        for cell in cells:
            assert not cell.startswith(("=", "+", "@", "\t", "\r")), (address, cell)
            assert not (cell.startswith("-") and not _is_number(cell)), (address, cell)
        checked += 1
    assert checked == len(exports)


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def test_negative_numbers_stay_numbers_in_csv():
    from bills.api.renderers import CSVRenderer

    body = CSVRenderer().render([{"n": -5, "t": "-5 days"}]).decode()
    assert body.splitlines()[1] == "-5,'-5 days"
