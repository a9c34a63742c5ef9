"""The API's documentation: the Markdown guide keeps up with the URL map; both pages render safely."""

from __future__ import annotations

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RegexPattern, RoutePattern

from bills.api.docs import GUIDE, api_schema, heading_id, render_markdown

PREFIX = "/api/v1/"
_PARAMETER = re.compile(r"\{[^}/]*\}")


def _routes(patterns: list, prefix: str = "") -> set[str]:
    """Every address of the URL map as ``/a/{}/b/``: each parameter a ``{}``, format suffixes left out."""
    found: set[str] = set()
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            found |= _routes(pattern.url_patterns, prefix + _readable(pattern.pattern))
        elif isinstance(pattern, URLPattern) and "format" not in pattern.pattern.regex.groupindex:
            found.add("/" + prefix + _readable(pattern.pattern))
    return found


def _readable(pattern) -> str:
    if isinstance(pattern, RoutePattern):
        return re.sub(r"<[^>]+>", "{}", str(pattern))
    assert isinstance(pattern, RegexPattern)
    text = re.sub(r"\(\?P<\w+>[^)]*\)", "{}", str(pattern))
    return text.removeprefix("^").removesuffix("$").replace("\\.", ".")


def _guide_paths() -> set[str]:
    """The API addresses the guide names, parameters written as ``{}``."""
    text = GUIDE.read_text(encoding="utf-8")
    return {_PARAMETER.sub("{}", m) for m in re.findall(r"/api/v1/[\w/{}\-]*", text)}


def test_every_endpoint_under_api_v1_is_in_the_markdown_guide():
    endpoints = {r for r in _routes(get_resolver().url_patterns) if r.startswith(PREFIX)}
    assert len(endpoints) >= 15  # the walk found the router's and the plain routes
    assert {"/api/v1/bills/{}/", "/api/v1/subscriptions/", "/api/v1/"} <= endpoints
    assert endpoints - _guide_paths() == set()


def test_every_api_address_in_the_guide_exists():
    endpoints = {r for r in _routes(get_resolver().url_patterns) if r.startswith(PREFIX)}
    assert _guide_paths() - endpoints == set()


def test_every_link_inside_the_guide_lands_on_one_of_its_headings():
    html = render_markdown(GUIDE.read_text(encoding="utf-8"))
    ids = set(re.findall(r'<h[1-4] id="([^"]+)"', html))
    targets = set(re.findall(r'href="#([^"]+)"', html))
    assert targets and targets <= ids


def test_markdown_is_rendered_sanitised():
    html = render_markdown(
        "## A `b` c\n\n<script>alert(1)</script>\n\n[x](javascript:alert(1)) [y](/api/v1/)\n\n"
        "| a | b |\n|--:|---|\n| 1 | 2 |\n"
    )
    assert '<h2 id="a-b-c">A <code>b</code> c</h2>' in html
    assert "<script" not in html and "&lt;script&gt;" in html
    assert 'href="javascript' not in html and '<a href="/api/v1/">y</a>' in html
    assert "style=" not in html and "<td>1</td>" in html  # alignment would be an inline style


def test_heading_ids_are_githubs():
    assert heading_id("The law on a date: `as_of`, `legal_state`, `include`") == (
        "the-law-on-a-date-as_of-legal_state-include"
    )
    assert heading_id("Access, throttling and caching") == "access-throttling-and-caching"


@pytest.mark.django_db
def test_the_guide_page_renders_the_markdown(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    page = response.content.decode()
    assert '<h2 id="search-syntax">Search syntax</h2>' in page
    assert "<code>GET /api/v1/bills/{id}/</code>" in page
    assert 'href="/api/docs/schema/"' in page and 'href="/api/schema/"' in page
    assert " style=" not in page and "<script>" not in page


@pytest.mark.django_db
def test_the_schema_page_lists_every_operation_and_schema(client):
    schema = api_schema()
    page = client.get("/api/docs/schema/").content.decode()
    for path, item in schema["paths"].items():
        for method in item:
            assert (
                f'<span class="method method-{method}">{method.upper()}</span> <code>{path}</code>'
                in page
            )
    for name in schema["components"]["schemas"]:
        assert f'id="schema-{name}"' in page
    assert '<a href="#schema-BillList">array of BillList</a>' in page
