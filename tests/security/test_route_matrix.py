"""Every route of the app, asked by every role: the answer each must get, in one table.

A route added to the app without a row here fails `test_every_route_has_a_row`. Each cell
asks about a letter of customer A made fresh for it, in the state the row names:
  proof     awaiting approval, with a proof page (document {doc})
  held      being drafted by writer A
  ready     rendered and ready to print, not in a batch
  printing  in the print shop's batch {batch}, printing
  printed   in the print shop's batch, printed
POSTs carry the client's CSRF token and no other field (so forms are refused, not obeyed);
the API is asked with the print shop's bearer token by the shop and with cookies by the rest.
Who may open what is decided above the database, so the matrix runs on the embedded default.
Saved recipients are asked for by an id nobody has (one customer's address book against
another's is tests/web/test_address_book.py).
"""

from __future__ import annotations

from typing import Any

import pytest

from letters_app.domain.status import Status
from security.world import ROLES, World

pytestmark = pytest.mark.security

MATRIX = """
method path                                         scene    anon cust_a cust_b writer_a writer_b reviewer admin shop
GET    /                                            -        200  302    302    302      302      302      302   302
GET    /account                                     -        302  200    200    200      200      200      200   200
POST   /account                                     -        302  200    200    200      200      200      200   200
GET    /forgot                                      -        200  200    200    200      200      200      200   200
POST   /forgot                                      -        200  200    200    200      200      200      200   200
GET    /login                                       -        200  200    200    200      200      200      200   200
POST   /login                                       -        200  200    200    200      200      200      200   200
POST   /logout                                      -        302  302    302    302      302      302      302   302
GET    /reset/not-a-token                           -        302  302    302    302      302      302      302   302
POST   /reset/not-a-token                           -        302  302    302    302      302      302      302   302
GET    /signup                                      -        200  200    200    200      200      200      200   200
POST   /signup                                      -        200  200    200    200      200      200      200   200
GET    /signup/confirm/not-a-token                  -        302  302    302    302      302      302      302   302
GET    /hands/caveat.png                            -        200  200    200    200      200      200      200   200
GET    /hands/own-999999-0123456789ab.png           -        404  404    404    404      404      404      404   404
GET    /my-hand                                     -        302  200    200    403      403      403      403   403
POST   /my-hand/sheet                               -        302  200    200    403      403      403      403   403
POST   /my-hand/upload                              -        302  422    422    403      403      403      403   403
GET    /my-hand/999999                              -        302  404    404    403      403      403      403   403
GET    /my-hand/999999/status.json                  -        302  404    404    403      403      403      403   403
GET    /my-hand/999999/sample.png                   -        302  404    404    403      403      403      403   403
POST   /my-hand/999999/accept                       -        302  404    404    403      403      403      403   403
GET    /static/style.css                            -        200  200    200    200      200      200      200   200
GET    /letters                                     -        302  200    200    403      403      403      403   403
GET    /letters/new                                 -        302  200    200    403      403      403      403   403
POST   /letters/new                                 -        302  200    200    403      403      403      403   403
GET    /letters/{letter}                            proof    302  200    404    403      403      403      403   403
GET    /letters/{letter}/status.json                proof    302  200    404    403      403      403      403   403
GET    /letters/{letter}/files/{doc}                proof    302  200    404    403      403      403      403   403
POST   /letters/{letter}/approve                    proof    302  302    404    403      403      403      403   403
POST   /letters/{letter}/cancel                     proof    302  302    404    403      403      403      403   403
POST   /letters/{letter}/revise                     proof    302  302    404    403      403      403      403   403
GET    /account/delete                              -        302  200    200    403      403      403      403   403
POST   /account/delete                              -        302  200    200    403      403      403      403   403
GET    /account/email/not-a-token                   -        302  302    302    302      302      302      302   302
GET    /account/my-data.zip                         -        302  200    200    403      403      403      403   403
GET    /account/profile                             -        302  200    200    200      200      200      200   200
POST   /account/profile                             -        302  200    200    200      200      200      200   200
GET    /addresses                                   -        302  200    200    403      403      403      403   403
GET    /addresses/new                               -        302  200    200    403      403      403      403   403
POST   /addresses/new                               -        302  200    200    403      403      403      403   403
GET    /addresses/999999/edit                       -        302  404    404    403      403      403      403   403
POST   /addresses/999999/edit                       -        302  404    404    403      403      403      403   403
POST   /addresses/999999/remove                     -        302  404    404    403      403      403      403   403
GET    /letters/{letter}/cancel                     proof    302  200    404    403      403      403      403   403
GET    /letters/{letter}/edit                       proof    302  200    404    403      403      403      403   403
POST   /letters/{letter}/edit                       proof    302  200    404    403      403      403      403   403
GET    /letters/bulk                                -        302  403    403    403      403      403      403   403
POST   /letters/bulk                                -        302  403    403    403      403      403      403   403
GET    /letters/bulk/template.csv                   -        302  403    403    403      403      403      403   403
GET    /letters/quote.json                          -        302  200    200    403      403      403      403   403
GET    /sender                                      -        302  200    200    403      403      403      403   403
POST   /sender                                      -        302  302    302    403      403      403      403   403
GET    /letters/{letter}/every-year                 proof    302  200    404    403      403      403      403   403
POST   /letters/{letter}/every-year                 proof    302  200    404    403      403      403      403   403
GET    /letters/{letter}/memories                   proof    302  302    404    403      403      403      403   403
POST   /letters/{letter}/memories                   proof    302  302    404    403      403      403      403   403
POST   /yearly/999999/stop                          -        302  404    404    403      403      403      403   403
GET    /staff/                                      -        302  403    403    200      200      200      200   403
GET    /staff/floor                                 -        302  403    403    403      403      200      200   403
GET    /staff/letters/{letter}/compare              held     302  403    403    404      404      404      404   403
GET    /staff/letters/{letter}/versions/1/preview   held     302  403    403    200      404      200      200   403
POST   /staff/letters/{letter}/versions/1/restore   held     302  403    403    302      404      302      302   403
POST   /staff/claim-next                            -        302  403    403    302      302      302      302   403
GET    /staff/letters/{letter}                      held     302  403    403    200      404      200      200   403
POST   /staff/letters/{letter}/claim                held     302  403    403    302      404      302      302   403
POST   /staff/letters/{letter}/draft                held     302  403    403    400      404      400      400   403
POST   /staff/letters/{letter}/release              held     302  403    403    302      404      302      302   403
POST   /staff/letters/{letter}/release-to-customer  held     302  403    403    302      404      302      302   403
POST   /staff/letters/{letter}/retry-render         held     302  403    403    302      404      302      302   403
POST   /staff/letters/{letter}/take-back            held     302  403    403    302      404      302      302   403
POST   /staff/letters/{letter}/cancel               held     302  403    403    302      404      302      302   403
POST   /staff/letters/{letter}/send-back            held     302  403    403    302      404      422      422   403
GET    /api/v1/whoami                               -        401  401    401    401      401      401      401   200
GET    /api/v1/print/letters                        -        401  401    401    401      401      401      401   200
GET    /api/v1/print/letters/{letter}/files/letter_pdf ready 401  401    401    401      401      401      401   200
POST   /api/v1/print/batches                        ready    401  401    401    401      401      401      401   202
GET    /api/v1/print/batches                        -        401  401    401    401      401      401      401   200
GET    /api/v1/print/batches/{batch}                printing 401  401    401    401      401      401      401   200
POST   /api/v1/print/letters/{letter}/printed       printing 401  401    401    401      401      401      401   200
POST   /api/v1/print/letters/{letter}/shipped       printed  401  401    401    401      401      401      401   200
GET    /api/v1/print/batches/{batch}/files/batch_pdf printing 401 401   401    401      401      401      401   404
GET    /api/v1/openapi.json                         -        200  200    200    200      200      200      200   200
GET    /api/v1/reference                            -        200  200    200    200      200      200      200   200
GET    /api/v1/orders                               -        401  401    401    401      401      401      401   403
POST   /api/v1/orders                               -        401  401    401    401      401      401      401   403
GET    /api/v1/orders/{letter}                      proof    401  401    401    401      401      401      401   403
POST   /api/v1/orders/{letter}/approve              proof    401  401    401    401      401      401      401   403
POST   /api/v1/orders/{letter}/cancel               proof    401  401    401    401      401      401      401   403
POST   /api/v1/orders/bulk                          -        401  401    401    401      401      401      401   403
GET    /api/v1/webhooks                             -        401  401    401    401      401      401      401   403
POST   /api/v1/webhooks                             -        401  401    401    401      401      401      401   403
GET    /api/v1/webhooks/1/deliveries                -        401  401    401    401      401      401      401   403
POST   /api/v1/webhooks/1/disable                   -        401  401    401    401      401      401      401   403
POST   /api/v1/webhooks/1/enable                    -        401  401    401    401      401      401      401   403
GET    /admin/                                      -        302  403    403    403      403      403      200   403
GET    /admin/users                                 -        302  403    403    403      403      403      200   403
POST   /admin/users/1/role                          -        302  403    403    403      403      403      302   403
GET    /admin/tokens                                -        302  403    403    403      403      403      200   403
POST   /admin/tokens                                -        302  403    403    403      403      403      200   403
POST   /admin/tokens/999/revoke                     -        302  403    403    403      403      403      302   403
GET    /admin/routing                               -        302  403    403    403      403      403      200   403
POST   /admin/routing/1                             -        302  403    403    403      403      403      302   403
GET    /admin/webhooks                              -        302  403    403    403      403      403      200   403
GET    /admin/webhooks/999                          -        302  403    403    403      403      403      404   403
POST   /admin/webhooks/999/toggle                   -        302  403    403    403      403      403      302   403
"""

# What the API's POSTs carry (the web's POSTs carry only the CSRF token).
API_BODIES: dict[str, Any] = {
    "/api/v1/print/batches": {"letter_ids": ["{letter}"]},
    "/api/v1/print/letters/{letter}/shipped": {"tracking_number": "1Z999"},
}
SCENES = {
    "proof": {"status": Status.AWAITING_APPROVAL},
    "held": {"status": Status.DRAFTING, "writer": "writer_a"},
    "ready": {"status": Status.READY_TO_PRINT, "approved": True},
    "printing": {"status": Status.PRINTING, "approved": True, "batch": True},
    "printed": {"status": Status.PRINTED, "approved": True, "batch": True},
}


def _rows() -> list[tuple[str, str, str, dict[str, int]]]:
    header, *lines = [line.split() for line in MATRIX.strip().splitlines()]
    assert tuple(header[3:]) == ROLES, "the matrix columns are the roles, in order"
    rows = []
    for method, path, scene, *codes in lines:
        assert len(codes) == len(ROLES), f"{method} {path}: one answer per role"
        rows.append((method, path, scene, dict(zip(ROLES, map(int, codes), strict=True))))
    return rows


ROWS = _rows()


def _fill(template: Any, ids: dict[str, int]) -> Any:
    if isinstance(template, str):
        if template.startswith("{") and template.endswith("}") and template[1:-1] in ids:
            return ids[template[1:-1]]
        return template.format(**ids)
    if isinstance(template, list):
        return [_fill(item, ids) for item in template]
    if isinstance(template, dict):
        return {key: _fill(value, ids) for key, value in template.items()}
    return template


def ask(world: World, role: str, method: str, path: str, scene: str) -> int:
    ids = world.letter(**SCENES[scene]) if scene != "-" else {}
    url = path.format(**ids)
    # Logging out ends the session it is asked with: a throwaway one, not the cast's.
    client = world.fresh_login(role) if path == "/logout" else world.client(role)
    if path.startswith("/api/"):
        headers = world.api_headers if role == "shop" else {}
        body = _fill(API_BODIES.get(path), ids) if method == "POST" else None
        return client.open(url, method=method, json=body, headers=headers).status_code
    if method == "POST":
        return client.post(url, data={"csrf_token": world.csrf(role, client)}).status_code
    return client.get(url).status_code


@pytest.fixture(scope="module")
def world(sqlite_world: World) -> World:
    return sqlite_world


def test_every_route_has_a_row(world: World) -> None:
    routes = {(method, rule.rule) for rule in world.app.url_map.iter_rules()
              for method in rule.methods - {"HEAD", "OPTIONS"}}
    covered = set()
    for method, path, _, _ in ROWS:
        adapter = world.app.url_map.bind("localhost")
        concrete = path.format(letter=1, doc=1, batch=1)
        endpoint, _ = adapter.match(concrete, method=method)
        covered |= {(method, rule.rule) for rule in world.app.url_map.iter_rules(endpoint)
                    if method in rule.methods}
    missing = sorted(routes - covered)
    assert not missing, f"routes without a row in the security matrix: {missing}"


@pytest.mark.parametrize(("method", "path", "scene", "expected"), ROWS,
                         ids=[f"{m} {p}" for m, p, _, _ in ROWS])
def test_route_answers_each_role_as_the_matrix_says(world: World, method: str, path: str,
                                                    scene: str, expected: dict[str, int]) -> None:
    answers = {role: ask(world, role, method, path, scene) for role in ROLES}
    wrong = {role: f"{answers[role]} (expected {code})" for role, code in expected.items()
             if answers[role] != code}
    assert not wrong, f"{method} {path}: {wrong}"
