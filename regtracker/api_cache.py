"""Anonymous GETs of the API answered from the shared cache, before any other middleware runs.

Scripts poll the same few addresses (the bills list, a bill, the changes feed),
and each answer costs the whole stack: sessions, authentication, DRF's
negotiation, the queries, serialisation, the CSP header. This middleware sits
first: it keeps each successful anonymous answer (body and the headers the
whole stack gave it) in Redis, tagged with the data's generation
(``bills.generation``), and serves it again while the generation has not moved,
in one round trip for the generation and the answer. Any committed write to the
data moves the generation, so an answer is never older than the data.

Only requests that cannot depend on a user are served this way: no session
cookie and no ``Authorization`` header. The key holds the scheme and host (the
answers contain absolute links), the path and query, the ``Accept`` header
(JSON, CSV) and the day (``as_of`` defaults to today). Answers are stored when
they are a 200 in JSON or CSV, set no cookie and are at most ``MAX_BODY``
bytes (a full matrix has its own cache). Each carries a strong ``ETag``;
``If-None-Match`` gets a 304. The anonymous rate still applies to every
request, counted here once (``bills.api.throttling``).

Off (``API_CACHE_SECONDS=0``) without Redis: a cache private to one process
would not see another process's writes (``import_records`` beside ``runserver``).
"""

from __future__ import annotations

import datetime
import hashlib

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified

from bills import generation
from bills.api.throttling import COUNTED, SlidingWindowAnonThrottle
from regtracker.cache import get_many_and_count

PREFIX = "/api/v1/"
MAX_BODY = 1_000_000
STORED_TYPES = ("application/json", "text/csv")
CACHE_CONTROL = "public, no-cache"  # keep it, but ask again with the ETag before using it
_NOT_REPEATED_ON_304 = ("Content-Type", "Content-Length")


class ApiResponseCacheMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        seconds = settings.API_CACHE_SECONDS
        key = _key(request) if seconds and _anonymous_read(request) else None
        if key is None:
            return self.get_response(request)
        throttle = SlidingWindowAnonThrottle()
        counter, previous = throttle.counters(request) if throttle.rate else (None, None)
        keys = [generation.KEY, key] + ([previous] if previous else [])
        found, count = get_many_and_count(cache, keys, counter, throttle.expiry if counter else 0)
        if counter is not None and not throttle.allowed(count, found.get(previous) or 0):
            setattr(request, COUNTED, throttle.seconds_left)
            return self.get_response(request)  # the view's throttle answers the 429
        setattr(request, COUNTED, 0)
        current, entry = found.get(generation.KEY) or 0, found.get(key)
        if entry is not None and entry[0] == current:
            return _answer(request, *entry[1:])
        response = self.get_response(request)
        if _storable(response):
            body = response.content
            etag = f'"{hashlib.sha1(body).hexdigest()}"'
            response["ETag"], response["Cache-Control"] = etag, CACHE_CONTROL
            headers = dict(response.items())
            cache.set(key, (current, response.status_code, headers, body), seconds)
            if _matches(request, etag):
                return _not_modified(headers)
        return response


def _anonymous_read(request: HttpRequest) -> bool:
    return (
        request.method == "GET"
        and request.path_info.startswith(PREFIX)
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "HTTP_AUTHORIZATION" not in request.META
    )


def _key(request: HttpRequest) -> str | None:
    try:
        host = request.get_host()
    except DisallowedHost:
        return None  # the stack answers it with its 400
    day = datetime.datetime.now(datetime.UTC).date()
    raw = "|".join(
        [
            request.scheme,
            host,
            request.path_info,
            request.META.get("QUERY_STRING", ""),
            request.META.get("HTTP_ACCEPT", ""),
            day.isoformat(),
        ]
    )
    return "api-response:v1:" + hashlib.sha1(raw.encode("utf-8", "surrogateescape")).hexdigest()


def _storable(response: HttpResponse) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and response.get("Content-Type", "").startswith(STORED_TYPES)
        and len(response.content) <= MAX_BODY
    )


def _matches(request: HttpRequest, etag: str) -> bool:
    asked = request.META.get("HTTP_IF_NONE_MATCH", "")
    return asked.strip() == "*" or etag in (tag.strip() for tag in asked.split(","))


def _answer(request: HttpRequest, status: int, headers: dict, body: bytes) -> HttpResponse:
    if _matches(request, headers["ETag"]):
        return _not_modified(headers)
    response = HttpResponse(body, status=status)
    for name, value in headers.items():
        response[name] = value
    return response


def _not_modified(headers: dict) -> HttpResponse:
    response = HttpResponseNotModified()
    for name, value in headers.items():
        if name not in _NOT_REPEATED_ON_304:
            response[name] = value
    return response
