"""Schemathesis against the service's own OpenAPI schema: generated requests, valid and not, never
get a 500, and every answer matches the status codes, media types and bodies the schema declares."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterator

import hypothesis
import pytest
import schemathesis
import schemathesis.checks
import schemathesis.specs.openapi.checks as openapi_checks

from tests.fault_server import FaultServer, Faults
from tests.test_service import service

pytestmark = pytest.mark.block_network(allowed_hosts=["127.0.0.1"])

CHECKS = [schemathesis.checks.not_a_server_error, openapi_checks.status_code_conformance,
          openapi_checks.content_type_conformance, openapi_checks.response_schema_conformance]


@pytest.fixture(scope="module")
def api_schema(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    with FaultServer(Faults()) as server, \
            service(tmp_path_factory.mktemp("schema"), server, concurrency=4, sync_timeout=2.0) as client:
        yield schemathesis.openapi.from_asgi("/openapi.json", client.app)


OPERATIONS = ["POST /v1/jobs", "GET /v1/jobs/{job_id}", "GET /v1/jobs/{job_id}/records",
              "POST /v1/jobs/{job_id}/cancel", "POST /v1/extract", "GET /healthz", "GET /metrics"]


@pytest.mark.parametrize("name", OPERATIONS)
def test_generated_requests_get_no_500_and_answers_match_the_schema(api_schema: Any, name: str) -> None:
    """Driven by hypothesis directly (schemathesis' pytest loader does not run on pytest 9)."""
    operations = {f"{o.method.upper()} {o.path}": o for o in (r.ok() for r in api_schema.get_all_operations())}
    assert set(operations) == set(OPERATIONS)

    @hypothesis.given(case=operations[name].as_strategy())
    @hypothesis.settings(max_examples=25, deadline=None, derandomize=True, database=None,
                         suppress_health_check=list(hypothesis.HealthCheck))
    def check(case: Any) -> None:
        case.call_and_validate(checks=CHECKS)

    check()
