"""Who is counted, for each rate limit, on the limiter's one store (Redis in production).

Guessing passwords is slowed per client address (login) and per account (the account page's
current password); mail bombing per address asked for (password reset); scraping and loops
per API token. A limit hit is a 429 with Retry-After.
"""

from __future__ import annotations

import hashlib

from flask import Blueprint, current_app, request
from flask_limiter.util import get_remote_address
from flask_login import current_user
from werkzeug.wrappers import Response

from letters_app.config import Config
from letters_app.domain.accounts import normalise_email
from letters_app.web.extensions import limiter


def _config() -> Config:
    return current_app.extensions["letters"].config


def login_limit() -> str:
    return _config().login_rate_limit


def signup_limit() -> str:
    return _config().signup_rate_limit


def reset_limit() -> str:
    return _config().reset_rate_limit


def api_limit() -> str:
    return _config().api_rate_limit


def failed_form(response: Response) -> bool:
    """A form that worked redirects; only the failures count against a guessing limit."""
    return response.status_code != 302


def _digest(value: str) -> str:
    # Keys live in Redis: never a token or an address in the clear.
    return hashlib.sha256(value.encode()).hexdigest()[:32]


def account_key() -> str:
    user_id = getattr(getattr(current_user, "user", None), "id", None)
    return f"account:{user_id}" if user_id is not None else get_remote_address()


def reset_address_key() -> str:
    return "reset:" + _digest(normalise_email(request.form.get("email", "")))


def api_token_key() -> str:
    header = request.headers.get("Authorization", "")
    return "token:" + _digest(header) if header else get_remote_address()


def limit_api(api: Blueprint) -> None:
    limiter.limit(api_limit, key_func=api_token_key)(api)
