"""One database session per request, closed when the request ends."""

from __future__ import annotations

from flask import Flask, current_app, g
from sqlalchemy.orm import Session

from letters_app.services import Services


def services() -> Services:
    return current_app.extensions["letters"]


def session() -> Session:
    if "db_session" not in g:
        g.db_session = services().db.sessions()
    return g.db_session


def _close(_exc: BaseException | None) -> None:
    db_session = g.pop("db_session", None)
    if db_session is not None:
        db_session.close()


def init_app(app: Flask) -> None:
    app.teardown_appcontext(_close)
