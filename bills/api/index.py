"""`/api/v1/`: the root of the API lists every endpoint of the version.

DRF's router root lists only the viewsets it registered, so the matrix, compare,
applicability, patchwork, changes, taxonomy and subscriptions endpoints were missing
from the one page where people look for them. The extra entries are read from the URL
configuration at request time, so an endpoint added in any app appears without being
listed twice.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RoutePattern
from rest_framework.reverse import reverse
from rest_framework.routers import APIRootView, DefaultRouter

PREFIX = "api/v1/"


def _named_routes(
    patterns: list, prefix: str = "", namespace: str = ""
) -> Iterator[tuple[str, str]]:
    """Named routes without parameters, as (namespaced url name, route), under ``PREFIX``."""
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _named_routes(pattern.url_patterns, route, inner)
        elif isinstance(pattern, URLPattern) and isinstance(pattern.pattern, RoutePattern):
            if pattern.name and not pattern.pattern.converters and route.startswith(PREFIX):
                yield namespace + pattern.name, route


def api_endpoints() -> dict[str, str]:
    """Every parameterless endpoint of the version: its path after ``PREFIX`` → its URL name."""
    routes = _named_routes(get_resolver().url_patterns)
    return {route.removeprefix(PREFIX).strip("/"): name for name, route in routes}


class ApiIndexView(APIRootView):
    """The router's root with every other endpoint of the version added."""

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        for key, name in sorted(api_endpoints().items()):
            if key and key not in response.data:
                response.data[key] = reverse(name, request=request, format=kwargs.get("format"))
        return response


class ApiRouter(DefaultRouter):
    APIRootView = ApiIndexView
