"""A browsable page of the OpenAPI schema, served with our own template (no CDN assets)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from drf_spectacular.generators import SchemaGenerator

_METHODS = ("get", "post", "put", "patch", "delete")


def api_docs(request: HttpRequest) -> HttpResponse:
    schema = SchemaGenerator().get_schema(request=None, public=True)
    endpoints = [
        {
            "path": path,
            "method": method.upper(),
            "summary": (op.get("description") or "").strip(),
            "parameters": op.get("parameters", []),
        }
        for path, item in sorted(schema.get("paths", {}).items())
        for method, op in item.items()
        if method in _METHODS
    ]
    return render(request, "bills/api_docs.html", {"schema": schema, "endpoints": endpoints})
