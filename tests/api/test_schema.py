"""The published schema, the docs page, and a property-based run of the whole API."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import override_settings
from hypothesis import HealthCheck, settings
from rest_framework.test import APIClient
from schemathesis.checks import not_a_server_error

from claims.services.review import claim_update
from claims.services.tokens import api_token_issue
from factcheck.wsgi import application
from tests.factories import ClaimFactory, SourceFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_schema_is_openapi_3_and_lists_the_endpoints(db):
    response = APIClient().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    for path in [
        "/api/v1/articles/",
        "/api/v1/claims/{id}/",
        "/api/v1/claims/{id}/signoff/",
        "/api/v1/claims/{id}/history/",
        "/api/v1/claims/{id}/claimreview/",
        "/api/v1/claimreview/",
        "/api/v1/sources/{id}/merge/",
        "/api/v1/checks/rerun/",
        "/api/v1/webhooks/",
    ]:
        assert path in schema["paths"], path
    assert "tokenAuth" in schema["components"]["securitySchemes"]


def test_the_docs_page_loads_swagger_ui_from_this_server_not_a_cdn(db, settings):
    # Production serves the collected, hashed files; the test has not run collectstatic.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    response = APIClient().get("/api/docs/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in page
    assert "cdn.jsdelivr.net" not in page


def test_an_unknown_api_path_is_a_404_in_the_error_format(db):
    response = APIClient().get("/api/v2/nothing/")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_nul_characters_in_query_parameters_are_a_400(reviewer, make_client):
    response = make_client(reviewer).get("/api/v1/claims/", {"search": "a\x00b"})
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "parse_error"


def test_requests_over_the_rate_limit_get_429_with_retry_after(reviewer, make_client, settings):
    settings.API_THROTTLE = {"anon": "100/min", "read": "2/min", "write": "100/min"}
    client = make_client(reviewer)
    assert [client.get("/api/v1/claims/").status_code for _ in range(2)] == [200, 200]
    response = client.get("/api/v1/claims/")
    assert response.status_code == 429
    assert response.json()["error"]["code"] == "throttled"
    assert int(response["Retry-After"]) > 0
    # Each token has its own allowance.
    assert make_client(reviewer).get("/api/v1/claims/").status_code == 200


@pytest.fixture
def wsgi_app_in_test_transaction(db: None, settings: Any) -> Iterator[None]:
    settings.ALLOWED_HOSTS = ["*"]
    settings.API_THROTTLE = {}
    # As Django's test client does: a request calling the WSGI app directly must not close
    # the connection that holds the test's transaction.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def admin_headers(db: None) -> dict[str, str]:
    """An admin's token (every endpoint open to it), and a few rows for the ids to hit."""
    admin = UserFactory(username="fuzz-admin", roles=["admin"])
    source = SourceFactory(name="Fuzz Source")
    claim = ClaimFactory(source=source)
    claim_update(claim_id=claim.pk, actor=None, expected_version=1, status="false")
    _, key = api_token_issue(user=admin, issuer=admin, name="schemathesis")
    return {"Authorization": f"Token {key}"}


# Loaded when the module is collected (schemathesis's lazy fixture loader does not work with
# this pytest); the schema view reads no database.
with override_settings(ALLOWED_HOSTS=["*"]):
    schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)


@schema.parametrize()
@settings(
    max_examples=15,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_no_generated_request_makes_the_api_fail_with_a_server_error(
    case, admin_headers, wsgi_app_in_test_transaction
):
    case.call_and_validate(headers=admin_headers, checks=[not_a_server_error])


def test_the_schema_documents_the_verdict_workflow() -> None:
    schema = APIClient().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    paths = schema["paths"]
    assert "post" in paths["/api/v1/claims/{id}/retract/"]
    signoff = paths["/api/v1/claims/{id}/signoff/"]["post"]["description"]
    assert "same_person" in signoff
    assert "incomplete" in signoff
    update = schema["components"]["schemas"]["PatchedClaimUpdateInputRequest"]["properties"]
    assert "claim_reviewed" in update
    detail = schema["components"]["schemas"]["ClaimDetail"]["properties"]
    assert {"review_state", "missing", "published", "versions"} <= set(detail)
