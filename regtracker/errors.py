"""Requests refused before any view runs, and error pages that keep the API's JSON shape.

A NUL byte is never part of a real address, and PostgreSQL refuses it in any
text column (a 500 where it reaches a query), so it is refused up front.
Errors Django raises outside DRF (a body over ``DATA_UPLOAD_MAX_MEMORY_SIZE``
read by a page, a malformed request) answer in the API's
``{"message", "errors"}`` shape under ``/api/`` and as Django's page elsewhere.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views import defaults


def is_api(request: HttpRequest) -> bool:
    return request.path_info.startswith("/api/")


def json_error(message: str, status: int) -> JsonResponse:
    return JsonResponse({"message": message, "errors": {}}, status=status)


class RejectNulBytesMiddleware:
    """400 for a NUL byte anywhere in the path or query string."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        query = request.META.get("QUERY_STRING", "")
        if "\x00" in request.path_info or "%00" in query or "\x00" in query:
            message = "Invalid request: a NUL byte in the address."
            if is_api(request):
                return json_error(message, 400)
            return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")
        return self.get_response(request)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """``handler400``: JSON under /api/, Django's page elsewhere."""
    from django.core.exceptions import RequestDataTooBig

    if is_api(request):
        if isinstance(exception, RequestDataTooBig):
            return json_error("Request body too large.", 413)
        return json_error("Bad request.", 400)
    return defaults.bad_request(request, exception)


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """``handler404``: JSON under /api/ (an address no route matches), Django's page elsewhere."""
    if is_api(request):
        return json_error("Not found.", 404)
    return defaults.page_not_found(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    """``handler500``: JSON under /api/, Django's page elsewhere."""
    if is_api(request):
        return json_error("Server error.", 500)
    return defaults.server_error(request)
