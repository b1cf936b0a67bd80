"""Bearer-token authentication for the API: hashed, scoped, revocable tokens."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import g, jsonify, request

from letters_app.domain import accounts
from letters_app.web import db

F = TypeVar("F", bound=Callable[..., Any])


def token_required(scope: str) -> Callable[[F], F]:
    def decorator(view: F) -> F:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            header = request.headers.get("Authorization", "")
            scheme, _, secret = header.partition(" ")
            user = None
            if scheme.lower() == "bearer" and secret:
                session = db.session()
                user = accounts.token_user(session, secret.strip(), scope)
                session.commit()  # records last_used_at
            if user is None:
                response = jsonify(error=f"A valid token with scope {scope} is required.")
                response.headers["WWW-Authenticate"] = 'Bearer realm="letters"'
                return response, 401
            g.api_user = user
            return view(*args, **kwargs)

        return wrapped  # type: ignore[return-value]

    return decorator
