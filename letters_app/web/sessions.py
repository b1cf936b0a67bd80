"""Server-side login sessions for Flask-Login: the cookie names a session row, nothing more.

Logging in starts a new row (a fresh id, so a session fixed before login is worthless);
logging out deletes it, so a copied cookie replayed afterwards opens nothing. A new password
or a closed account deletes every row of the user (see domain.accounts).
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import session as cookie
from flask_login import login_user, logout_user

from letters_app.domain import login_sessions
from letters_app.domain.models import Role, User
from letters_app.web import db
from letters_app.web.extensions import login_manager


@dataclass
class LoginUser:
    """Flask-Login's view of a domain User (the domain stays free of Flask)."""

    user: User
    session_secret: str
    is_authenticated: bool = True
    is_anonymous: bool = False

    @property
    def is_active(self) -> bool:
        return self.user.is_active

    @property
    def role_enum(self) -> Role:
        return self.user.role_enum

    @property
    def name(self) -> str:
        return self.user.name

    def get_id(self) -> str:
        return self.session_secret


@login_manager.user_loader
def load_user(secret: str) -> LoginUser | None:
    user = login_sessions.user_for(db.session(), secret)
    return LoginUser(user, secret) if user is not None else None


def log_in(user: User) -> None:
    """Start a new server-side session for `user` and commit it."""
    session = db.session()
    secret = login_sessions.start(session, user)
    session.commit()
    cookie.clear()  # nothing from before the login survives it
    login_user(LoginUser(user, secret))


def log_out() -> None:
    """End this browser's session on the server, then forget it in the cookie."""
    secret = cookie.get("_user_id")
    if isinstance(secret, str):
        session = db.session()
        login_sessions.end(session, secret)
        session.commit()
    logout_user()
