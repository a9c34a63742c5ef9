"""The API's documentation pages: the guide written in Markdown and the OpenAPI schema, readable.

``/api/docs/`` renders ``docs/api.md`` (the guide lives in the repository, reviewed with
the code it describes; a test holds it to the URL configuration). ``/api/docs/schema/``
renders the OpenAPI schema that ``/api/schema/`` serves as YAML: every operation with
its parameters, body and responses, and every component with its fields. Both are
server-rendered with our own templates and stylesheet: no CDN, no inline script or
style, so the site's Content-Security-Policy holds on them as on every page.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

import nh3
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from drf_spectacular.generators import SchemaGenerator
from markdown_it import MarkdownIt

GUIDE = Path(settings.BASE_DIR) / "docs" / "api.md"
_METHODS = ("get", "post", "put", "patch", "delete")
# What the guide may contain once rendered: Markdown's own output, headings with their ids.
_TAGS = {
    "h1", "h2", "h3", "h4", "p", "a", "code", "pre", "em", "strong", "ul", "ol", "li",
    "blockquote", "hr", "br", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
_ATTRIBUTES = {
    **{h: {"id"} for h in ("h1", "h2", "h3", "h4")},
    "a": {"href", "title"},
    "code": {"class"},
    "ol": {"start"},
}


def render_markdown(text: str) -> str:
    """Markdown (CommonMark and tables) as sanitised HTML, each heading with a GitHub-style id.

    Raw HTML in the source is escaped, and the result goes through nh3 all the same: a
    document is data, and a table's alignment (an inline ``style``) would break the CSP.
    """
    md = MarkdownIt("commonmark", {"html": False}).enable("table")
    tokens = md.parse(text)
    for opening, inline in zip(tokens, tokens[1:], strict=False):
        if opening.type == "heading_open":
            opening.attrSet("id", heading_id(inline.content))
    html = md.renderer.render(tokens, md.options, {})
    return nh3.clean(html, tags=_TAGS, attributes=_ATTRIBUTES, link_rel=None)


def heading_id(heading: str) -> str:
    """The anchor GitHub gives a heading: lower case, punctuation dropped, spaces as hyphens."""
    words = re.sub(r"[^\w\- ]", "", heading.lower())
    return words.strip().replace(" ", "-")


@functools.lru_cache(maxsize=4)
def _rendered_guide(path: Path, modified: int) -> str:
    return render_markdown(path.read_text(encoding="utf-8"))


def api_docs(request: HttpRequest) -> HttpResponse:
    """``/api/docs/``: the guide (``docs/api.md``), rendered again only when the file changes."""
    guide = _rendered_guide(GUIDE, GUIDE.stat().st_mtime_ns)
    return render(request, "bills/api_docs.html", {"guide": guide})


@functools.lru_cache(maxsize=1)
def api_schema() -> dict:
    """The public OpenAPI schema (the same as ``/api/schema/``); built once per process."""
    return SchemaGenerator().get_schema(request=None, public=True)


def api_schema_page(request: HttpRequest) -> HttpResponse:
    """``/api/docs/schema/``: the OpenAPI schema as a page people read."""
    schema = api_schema()
    context = {
        "schema": schema,
        "operations": operations(schema),
        "components": components(schema),
    }
    return render(request, "bills/api_schema.html", context)


def operations(schema: dict) -> list[dict]:
    """Each path and method: description, parameters, request body and responses."""
    rows = []
    for path, item in sorted(schema.get("paths", {}).items()):
        for method, op in item.items():
            if method not in _METHODS:
                continue
            body = op.get("requestBody", {}).get("content", {})
            rows.append(
                {
                    "anchor": heading_id(f"{method} {path}"),
                    "path": path,
                    "method": method.upper(),
                    "description": (op.get("description") or "").strip(),
                    "parameters": [_parameter(p) for p in op.get("parameters", [])],
                    "body": sorted({_ref(c.get("schema", {})) for c in body.values()} - {""}),
                    "body_media": sorted(body),
                    "responses": [
                        {
                            "status": status,
                            "description": answer.get("description", ""),
                            "types": _content_types(answer),
                        }
                        for status, answer in sorted(op.get("responses", {}).items())
                    ],
                }
            )
    return rows


def components(schema: dict) -> list[dict]:
    """Each component schema: its fields (type, required, description) or its values."""
    rows = []
    for name, spec in sorted(schema.get("components", {}).get("schemas", {}).items()):
        required = set(spec.get("required", []))
        fields = [
            {
                "name": field,
                "type": _type(prop),
                "ref": _ref(prop),
                "required": field in required,
                "read_only": prop.get("readOnly", False),
                "description": prop.get("description", ""),
            }
            for field, prop in spec.get("properties", {}).items()
        ]
        rows.append(
            {
                "name": name,
                "anchor": f"schema-{name}",
                "description": spec.get("description", ""),
                "fields": fields,
                "values": [v for v in spec.get("enum", []) if v not in ("", None)],
            }
        )
    return rows


def _content_types(answer: dict) -> list[dict]:
    """An answer's schemas, each once, with the component it names (for a link)."""
    schemas = [c.get("schema", {}) for c in answer.get("content", {}).values()]
    shown = {_type(spec): _ref(spec) for spec in schemas}
    return [{"type": name, "ref": ref} for name, ref in sorted(shown.items())]


def _parameter(param: dict) -> dict:
    return {
        "name": param.get("name", ""),
        "in": param.get("in", ""),
        "required": param.get("required", False),
        "type": _type(param.get("schema", {})),
        "ref": _ref(param.get("schema", {})),
        "description": param.get("description", ""),
    }


def _ref(spec: dict) -> str:
    """The component a schema names (directly, as its items, or as its one ``allOf``), if any."""
    if "$ref" in spec:
        return spec["$ref"].rsplit("/", 1)[-1]
    if spec.get("type") == "array":
        return _ref(spec.get("items", {}))
    if len(spec.get("allOf", [])) == 1:
        return _ref(spec["allOf"][0])
    return ""


def _type(spec: dict) -> str:
    """A schema written short: ``Bill``, ``array of Action``, ``string (date)``, ``a | b``."""
    if "$ref" in spec:
        return spec["$ref"].rsplit("/", 1)[-1]
    for combined in ("oneOf", "anyOf", "allOf"):
        if combined in spec:
            return " | ".join(_type(part) for part in spec[combined])
    kind = spec.get("type", "object")
    if kind == "array":
        return f"array of {_type(spec.get('items', {}))}"
    if spec.get("enum"):
        return f"{kind}: " + ", ".join(str(v) for v in spec["enum"] if v not in ("", None))
    return f"{kind} ({spec['format']})" if spec.get("format") else kind
