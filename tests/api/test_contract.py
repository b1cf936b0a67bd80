"""The API's contract: the OpenAPI document, its examples, the reference page, one error
shape, request ids, and a schemathesis run of the whole document in-process."""

from __future__ import annotations

import pytest
import schemathesis
from api_steps import business, token_for
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.core.failures import FailureGroup

from letters_app import rendering
from letters_app.domain.brief import Occasion, Tone
from letters_app.domain.models import Role

METHODS = ("get", "post", "put", "patch", "delete")
# A schema gives a body its shape; whether an address exists or a hand can write a name are
# the domain's rules (422 invalid_input), so a schema-valid body may rightly be refused.
RULES_BEYOND_THE_SCHEMA = [schemathesis.checks.positive_data_acceptance]


def _spec(client: FlaskClient) -> dict:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200 and response.is_json
    return response.get_json()


def test_the_document_describes_every_api_route(app: Flask, client: FlaskClient) -> None:
    spec = _spec(client)
    assert spec["openapi"].startswith("3.")
    documented = {(path, method.upper()) for path, item in spec["paths"].items()
                  for method in item if method in METHODS}
    served = {(rule.rule.replace("<id:", "{").replace("<", "{").replace(">", "}"), method)
              for rule in app.url_map.iter_rules() if rule.rule.startswith("/api/v1/")
              and rule.endpoint.split(".")[0] in {"api", "orders", "webhooks"}
              for method in rule.methods - {"HEAD", "OPTIONS"}}
    assert served and served == documented
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            if method == "post":
                names = [p["name"] for p in operation.get("parameters", [])]
                assert "Idempotency-Key" in names, path


def test_every_request_body_example_is_accepted_as_it_stands(app: Flask,
                                                             client: FlaskClient) -> None:
    spec = _spec(client)
    headers = {**business(app)}
    shop = token_for(app, "press@example.com", Role.PRINTSHOP)
    examples = [(path, operation["requestBody"]["content"]["application/json"]["example"])
                for path, item in spec["paths"].items() for method, operation in item.items()
                if method == "post" and "requestBody" in operation]
    assert len(examples) >= 5
    for path, example in examples:
        url = path.replace("{order_id}", "1").replace("{letter_id}", "1").replace(
            "{webhook_id}", "1")
        auth = shop if path.startswith("/api/v1/print/") else headers
        response = client.post(url, json=example, headers=auth)
        # Readable and within the rules: at most the state of the named thing refuses it.
        assert response.status_code not in (400, 422), (path, response.get_json())
        if path in ("/api/v1/orders", "/api/v1/orders/bulk", "/api/v1/webhooks"):
            assert response.status_code in (200, 201), (path, response.get_json())


def test_the_reference_page_lists_every_operation_without_scripts(client: FlaskClient) -> None:
    spec = _spec(client)
    page = client.get("/api/v1/reference")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    for path, item in spec["paths"].items():
        for method in set(item) & set(METHODS):
            assert f"{method.upper()} {path}" in html
    assert "<script" not in html and "//cdn" not in html
    assert "Idempotency-Key" in html and "OrderIn" in html


def test_the_choices_of_an_order_are_in_the_contract_and_the_reference(
        client: FlaskClient) -> None:
    """A client reads the papers, inks, occasions... instead of guessing until the 422
    stops saying "Choose one of the options"."""
    order = _spec(client)["components"]["schemas"]["OrderIn"]["properties"]
    assert order["paper"]["enum"] == list(rendering.PAPERS)
    assert order["ink"]["enum"] == list(rendering.INKS)
    assert order["stationery"]["enum"] == list(rendering.STATIONERY)
    assert order["occasion"]["enum"] == [o.value for o in Occasion]
    assert order["tone"]["enum"] == [t.value for t in Tone]
    assert order["length"]["enum"] == ["note", "page", "two_pages"]
    html = client.get("/api/v1/reference").get_data(as_text=True)
    assert "One of: letter, a4, a5, card." in html


def test_errors_have_one_shape_and_every_response_a_request_id(client: FlaskClient) -> None:
    missing = client.get("/api/v1/nowhere")
    assert missing.status_code == 404 and missing.get_json()["code"] == "not_found"
    assert len(missing.headers["X-Request-Id"]) == 32
    wrong = client.delete("/api/v1/orders")
    assert wrong.status_code == 405 and wrong.get_json()["code"] == "method_not_allowed"
    assert set(wrong.headers["Allow"].split(", ")) >= {"GET", "POST"}
    given = client.get("/api/v1/orders", headers={"X-Request-Id": "client-req.42"})
    assert given.headers["X-Request-Id"] == "client-req.42"
    assert given.get_json() == {"error": "A valid token with scope orders is required.",
                                "code": "unauthorized"}
    hostile = client.get("/api/v1/orders", headers={"X-Request-Id": "a\tb<script>"})
    assert hostile.headers["X-Request-Id"] != "a\tb<script>"
    assert client.get("/login").headers["X-Request-Id"]


def test_an_unreadable_body_is_400_with_fields_and_a_refused_one_422(
        app: Flask, client: FlaskClient) -> None:
    headers = business(app)
    bad_json = client.post("/api/v1/orders", data=b"{nope", headers={
        **headers, "Content-Type": "application/json"})
    assert bad_json.status_code == 400 and bad_json.get_json()["code"] == "bad_request"
    wrong_types = client.post("/api/v1/orders", json={"deliver_by": "soon", "address": 5},
                              headers=headers)
    assert wrong_types.status_code == 400
    assert wrong_types.get_json()["fields"] == {"deliver_by": "Not a valid date.",
                                                "address": "Invalid input type."}


def _fuzz(operation, headers: dict[str, str], failures: list[str]) -> int:  # type: ignore[no-untyped-def]
    """Run one operation's generated cases; failures are collected, the count returned."""
    cases = 0

    @given(case=operation.as_strategy(), with_token=st.booleans())
    @settings(max_examples=30, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    def run(case: schemathesis.Case, with_token: bool) -> None:
        nonlocal cases
        cases += 1
        try:
            case.call_and_validate(headers=headers if with_token else None,
                                   excluded_checks=RULES_BEYOND_THE_SCHEMA)
        except (AssertionError, FailureGroup) as err:
            failures.append(f"{operation.label}: {str(err)[:800]}")

    run()
    return cases


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_schemathesis_finds_no_server_errors_and_no_schema_violations(app: Flask) -> None:
    """Every operation of the document, fuzzed in-process with schemathesis' default checks
    (no 5xx, status codes, content types, headers and bodies as documented, 405 with Allow,
    auth not ignored). Half the calls carry a live token of the right kind, so they reach
    the views rather than only the 401."""
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    tokens = {role: token_for(app, f"{role.value}@example.com", role)
              for role in (Role.PRINTSHOP, Role.BUSINESS)}
    failures: list[str] = []
    cases = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        role = Role.BUSINESS if operation.path.startswith(("/api/v1/orders", "/api/v1/webhooks")) \
            else Role.PRINTSHOP
        cases += _fuzz(operation, tokens[role], failures)
    print(f"schemathesis: {cases} cases over {len(schema)} operations, "
          f"{len(failures)} failures")
    assert not failures, "\n\n".join(failures[:5])
