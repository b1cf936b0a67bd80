"""Machine tokens: stored hashed, scoped, revocable, with a last-used time."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from letters_app.domain import accounts
from letters_app.domain.models import ApiToken, Role


def _issue(app: Flask, scopes: set[str]) -> tuple[int, str, int]:
    with app.extensions["letters"].db.session() as session:
        shop = accounts.create_user(session, email="shop@example.com", name="Shop",
                                    password="print shop pw 1", role=Role.PRINTSHOP)
        issued = accounts.issue_token(session, shop, name="press 1", scopes=scopes)
        return shop.id, issued.secret, issued.token.id


def test_token_is_stored_hashed_never_raw(app: Flask) -> None:
    _, secret, _ = _issue(app, {"print:read"})
    engine = app.extensions["letters"].db.engine
    with engine.connect() as conn:
        rows = conn.execute(sa.select(ApiToken.__table__)).mappings().all()
    assert len(rows) == 1
    stored = " ".join(str(value) for value in rows[0].values())
    assert secret not in stored
    assert secret[len(accounts.TOKEN_PREFIX):] not in stored
    assert len(rows[0]["token_hash"]) == 64


def test_valid_token_reaches_the_api_and_records_its_use(app: Flask, client: FlaskClient) -> None:
    shop_id, secret, token_id = _issue(app, {"print:read"})
    response = client.get("/api/v1/whoami", headers={"Authorization": f"Bearer {secret}"})
    assert response.status_code == 200
    assert response.get_json() == {"id": shop_id, "email": "shop@example.com",
                                   "role": "printshop"}
    with app.extensions["letters"].db.session() as session:
        assert session.get(ApiToken, token_id).last_used_at is not None


def test_missing_or_wrong_token_gets_401_and_unscoped_403(app: Flask, client: FlaskClient) -> None:
    _, secret, _ = _issue(app, {"print:write"})
    for header in ({}, {"Authorization": "Bearer lt_nope"}):
        response = client.get("/api/v1/whoami", headers=header)
        assert response.status_code == 401
        assert response.headers["WWW-Authenticate"].startswith("Bearer")
    response = client.get("/api/v1/whoami", headers={"Authorization": f"Bearer {secret}"})
    assert response.status_code == 403
    assert 'error="insufficient_scope"' in response.headers["WWW-Authenticate"]


def test_revoked_token_is_refused(app: Flask, client: FlaskClient) -> None:
    shop_id, secret, token_id = _issue(app, {"print:read"})
    with app.extensions["letters"].db.session() as session:
        from letters_app.domain.models import User

        accounts.revoke_token(session, session.get(User, shop_id), token_id)
    response = client.get("/api/v1/whoami", headers={"Authorization": f"Bearer {secret}"})
    assert response.status_code == 401


def test_print_tokens_are_only_for_print_shop_accounts(app: Flask) -> None:
    import pytest

    from letters_app.domain.errors import InvalidInput

    with app.extensions["letters"].db.session() as session:
        customer = accounts.create_user(session, email="c@example.com", name="C",
                                        password="customer pw 12", role=Role.CUSTOMER)
        with pytest.raises(InvalidInput, match="print-shop accounts"):
            accounts.issue_token(session, customer, name="x", scopes={"print:read"})


def test_unknown_api_urls_answer_json(client: FlaskClient) -> None:
    response = client.get("/api/v1/no-such-thing")
    assert response.status_code == 404
    assert response.is_json and "error" in response.get_json()
