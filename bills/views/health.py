"""`/health/`: whether every source ran recently (503 names the stale ones)."""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse

from bills.health import stale_sources


def health(request: HttpRequest) -> JsonResponse:
    """200 when every source ran successfully recently; 503 with the stale ones otherwise."""
    alarms = stale_sources()
    body = {
        "status": "stale" if alarms else "ok",
        "stale_sources": [
            {"source": a.source, "last_success": a.last_success, "message": a.message}
            for a in alarms
        ],
    }
    return JsonResponse(body, status=503 if alarms else 200)
