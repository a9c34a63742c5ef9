"""`/health/`: the database, Redis, and whether every source ran recently.

200 only when all is well; 503 otherwise, saying what is wrong: ``down``
(the database is unreachable), ``degraded`` (Redis is unreachable: pages
serve without cache, nothing can be queued), ``stale`` (named sources).
A source that has never run is listed under ``not_started`` and is no alarm:
a fresh install has scraped nothing yet.
"""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse

from bills.health import not_started_sources, service_checks, stale_sources


def health(request: HttpRequest) -> JsonResponse:
    services = service_checks()
    database_ok = services["database"]["status"] == "ok"
    alarms = stale_sources() if database_ok else []
    if not database_ok:
        status = "down"
    elif services["redis"]["status"] == "unreachable":
        status = "degraded"
    else:
        status = "stale" if alarms else "ok"
    body = {
        "status": status,
        "services": services,
        "stale_sources": [
            {"source": a.source, "last_success": a.last_success, "message": a.message}
            for a in alarms
        ],
        "not_started": not_started_sources() if database_ok else [],
    }
    return JsonResponse(body, status=200 if status == "ok" else 503)
