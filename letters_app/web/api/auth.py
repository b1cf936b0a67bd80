"""Bearer-token authentication for the API: hashed, scoped, revocable tokens."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import g, request

from letters_app.domain import accounts
from letters_app.web import db
from letters_app.web.errors import error_response

F = TypeVar("F", bound=Callable[..., Any])


def token_required(scope: str) -> Callable[[F], F]:
    """No token, or an unknown or revoked one: 401. A live token without `scope`: 403."""

    def decorator(view: F) -> F:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            scheme, _, secret = request.headers.get("Authorization", "").partition(" ")
            token = None
            if scheme.lower() == "bearer" and secret.strip():
                session = db.session()
                token = accounts.live_token(session, secret.strip())
                session.commit()  # records last_used_at
            if token is None:
                response = error_response(401, "unauthorized",
                                          f"A valid token with scope {scope} is required.")
                response.headers["WWW-Authenticate"] = 'Bearer realm="letters"'
                return response
            if not accounts.token_grants(token, scope):
                response = error_response(403, "insufficient_scope",
                                          f"This token does not carry the scope {scope}.")
                response.headers["WWW-Authenticate"] = (
                    f'Bearer realm="letters", error="insufficient_scope", scope="{scope}"')
                return response
            g.api_user, g.api_token_id = token.user, token.id
            return view(*args, **kwargs)

        return wrapped  # type: ignore[return-value]

    return decorator
