"""Logged-in browsers, kept on the server: a session ends when its row goes.

The browser holds a random secret (256 bits); the database holds only its SHA-256, so a
copy of the table logs nobody in, and nothing in the cookie is derived from the password.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session, object_session

from letters_app.domain.models import LoginSession, User

LIFETIME = timedelta(days=14)  # even a browser never closed logs in again after this


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def start(session: Session, user: User) -> str:
    """A new session for `user`; the returned secret goes into the cookie, never stored."""
    secret = secrets.token_urlsafe(32)
    now = datetime.now(UTC)
    # The user's sessions that ran out go now: the table holds live sessions, not history.
    session.execute(delete(LoginSession).where(LoginSession.user_id == user.id,
                                               LoginSession.expires_at <= now))
    session.add(LoginSession(user_id=user.id, token_hash=_digest(secret), created_at=now,
                             expires_at=now + LIFETIME))
    session.flush()
    return secret


def user_for(session: Session, secret: str) -> User | None:
    """The active user whose live session `secret` names, else None."""
    row = session.scalar(select(LoginSession).where(LoginSession.token_hash == _digest(secret)))
    if row is None or row.expires_at <= datetime.now(UTC):
        return None
    user = session.get(User, row.user_id)
    return user if user is not None and user.is_active else None


def end(session: Session, secret: str) -> None:
    session.execute(delete(LoginSession).where(LoginSession.token_hash == _digest(secret)))


def end_all(user: User) -> None:
    """Every session of `user` (a new password, a closed account)."""
    session = object_session(user)
    if session is not None and user.id is not None:
        session.execute(delete(LoginSession).where(LoginSession.user_id == user.id))
