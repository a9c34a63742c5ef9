"""Query latency on the loaded bench database: search against a naive ILIKE scan, and the
matrix, comparison, applicability and patchwork, each cold (cache cleared) and warm.

Search and patchwork belong to other issues; until their addresses exist the
rows say "not available yet" instead of a figure.
"""

from __future__ import annotations

import os
import resource
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.urls import Resolver404, resolve

from .measure import Row, latency, not_available

# (what, websearch query, ILIKE terms that must match, ILIKE terms that must not)
SEARCHES = (
    ("a word", "broadband", ["broadband"], []),
    ("a rare word", "chatbot", ["chatbot"], []),
    ("a phrase", '"critical safety incident"', ["critical safety incident"], []),
    ("an exclusion", "artificial intelligence -chatbot", ["artificial intelligence"], ["chatbot"]),
    ("two words", "frontier developer", ["frontier", "developer"], []),
)


def routed(path: str) -> bool:
    try:
        resolve(path)
    except Resolver404:
        return False
    return True


def get(client: Client, url: str) -> Callable[[], None]:
    def call() -> None:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code, response.content[:300])

    return call


def search_rows(scale: str, runs: int, naive_runs: int, indexed: bool = True) -> list[Row]:
    """Each query of ``SEARCHES`` three ways: the engine as the search page and the API use it
    (count, first page of 20 in relevance order, their snippets), the ``/search/`` page
    through Django's test client (the engine plus the page's template), and a naive ILIKE
    scan of the same text. Notes give client and server CPU per call and the ratio."""
    client = Client()
    rows = []
    for what, query, must, must_not in SEARCHES:
        warm_up = naive_runs > 1  # one cold run of a scan of gigabytes at 50k bills and more
        with cpu_meter() as naive_cpu:
            naive = latency(
                f"search naive ILIKE: {what}",
                scale,
                lambda m=must, n=must_not: _ilike(m, n),
                naive_runs,
                warm_up=warm_up,
            )
        naive.note += "; " + naive_cpu.per_call(naive_runs + warm_up)
        rows.append(naive)
        if not routed("/search/"):
            rows.append(not_available(f"search: {what}", scale, "no /search/ (issue 19)"))
            continue
        if not indexed:
            rows.append(Row(f"search: {what}", scale, note="not measured: index deferred"))
            continue
        found: dict = {}
        with cpu_meter() as engine_cpu:
            fast = latency(
                f"search: {what}", scale, lambda q=query, out=found: out.update(_search(q)), runs
            )
        fast.note += (
            f"; {naive.median_ms / fast.median_ms:,.0f}x faster than ILIKE (medians); "
            f"{found['count']:,} matches ({'exact' if found['exact'] else 'estimated'}); "
            + engine_cpu.per_call(runs + 1)
        )
        rows.append(fast)
        with cpu_meter() as page_cpu:
            page = latency(
                f"search page: {what}", scale, get(client, f"/search/?q={quote(query)}"), runs
            )
        page.note += "; GET /search/ (test client); " + page_cpu.per_call(runs + 1)
        rows.append(page)
    return rows


def _search(query: str) -> dict:
    """What the search page and the API do with a query: count, first page, snippets."""
    from django.core.paginator import Paginator

    from bills.models import Bill
    from bills.search import attach_snippets, search_bills
    from bills.search.engine import SearchResults

    found = search_bills(query, Bill.objects.select_related("jurisdiction", "session"))
    page = Paginator(found, 20).get_page(1)
    attach_snippets(query, list(page.object_list))
    exact = not isinstance(found, SearchResults) or found.count_is_exact()
    return {"count": page.paginator.count, "exact": exact}


class cpu_meter:
    """CPU of this process (getrusage) and of its PostgreSQL backend (/proc) over a block."""

    def __enter__(self):
        self.client, self.server = _client_cpu(), _server_cpu()
        return self

    def __exit__(self, *exc):
        self.client = _client_cpu() - self.client
        self.server = _server_cpu() - self.server if self.server is not None else None

    def per_call(self, calls: int) -> str:
        text = f"CPU per call: client {self.client / calls * 1000:,.1f} ms"
        if self.server is not None:
            text += f" + server {self.server / calls * 1000:,.1f} ms"
        return text


def _client_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _server_cpu() -> float | None:
    """CPU seconds of this connection's PostgreSQL backend (same machine), or None."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None  # a server on another machine
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _ilike(must: list[str], must_not: list[str]) -> int:
    """Bills whose title or any version text holds every ``must`` and no ``must_not`` term."""
    op = "ILIKE" if connection.vendor == "postgresql" else "LIKE"
    text = "(b.title || ' ' || coalesce(v.text, ''))"
    where = [f"{text} {op} %s" for _ in must] + [f"{text} NOT {op} %s" for _ in must_not]
    sql = (
        "SELECT count(DISTINCT b.id) FROM bills_bill b "
        "LEFT JOIN bills_billversion v ON v.bill_id = b.id WHERE " + " AND ".join(where)
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [f"%{t}%" for t in must + must_not])
        return cursor.fetchone()[0]


def analysis_rows(scale: str, runs: int) -> list[Row]:
    from bills.applicability import Profile, applicable_obligations
    from bills.compare import compare_bills
    from bills.matrix import MatrixFilters, build_matrix
    from bills.models import Bill

    client = Client()
    ids = list(
        Bill.objects.filter(ai_relevant=True).order_by("pk").values_list("pk", flat=True)[:3]
    )
    profile = Profile(("frontier_developer",), 1_000_000_000, 3e26, None)
    compare_url = "/api/v1/compare/?bills=" + ",".join(map(str, ids))
    cases = [
        ("matrix: build_matrix() full", lambda: build_matrix(MatrixFilters())),
        ("matrix: GET /api/v1/matrix/", get(client, "/api/v1/matrix/")),
        ("matrix: GET /matrix/ page", get(client, "/matrix/")),
        ("compare: compare_bills() of 3", lambda: compare_bills(ids)),
        ("compare: GET /api/v1/compare/", get(client, compare_url)),
        ("applicability: frontier developer, all states", lambda: applicable_obligations(profile)),
    ]
    if routed("/api/v1/patchwork/"):
        cases.append(
            (
                "patchwork: GET /api/v1/patchwork/",
                get(client, "/api/v1/patchwork/?roles=frontier_developer"),
            )
        )
    rows = []
    for what, fn in cases:
        rows.append(latency(f"{what} cold", scale, fn, runs, before=cache.clear))
        rows.append(latency(f"{what} warm", scale, fn, runs))
    if not routed("/api/v1/patchwork/"):
        rows.append(not_available("patchwork", scale, "no /api/v1/patchwork/ (issue 17)"))
    return rows
