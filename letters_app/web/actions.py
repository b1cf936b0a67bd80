"""How a request runs one domain step: in the request's transaction, committed through the
one commit step (which then sends the jobs the step queued), or rolled back when refused."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from flask import abort, flash, jsonify, redirect
from flask_wtf import FlaskForm
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response

from letters_app.domain.errors import DomainError
from letters_app.web import db
from letters_app.web.errors import flash_error, json_error

T = TypeVar("T")


def run_step(step: Callable[[Session], T]) -> T:
    """Run `step` and commit it; a DomainError rolls it back and is raised again."""
    session = db.session()
    try:
        result = step(session)
    except DomainError:
        session.rollback()
        raise
    db.services().commit(session)
    return result


def commit() -> None:
    """Commit what the request changed so far, through the one commit step."""
    db.services().commit(db.session())


def form_action(step: Callable[[Session], object], *, success: str, then: str,
                on_error: str | None = None) -> Response:
    """A button on a page: one domain step, then a flash and a redirect (to `on_error` when
    the step was refused, if given)."""
    if not FlaskForm().validate_on_submit():
        abort(400)
    try:
        run_step(step)
    except DomainError as err:
        flash_error(err)
        return redirect(on_error or then)
    flash(success, "success")
    return redirect(then)


def api_action(step: Callable[[Session], dict[str, Any]],
               status: int = 200) -> tuple[Response, int]:
    """A JSON call: one domain step answered with its JSON, or with the one error shape."""
    try:
        result = run_step(step)
    except DomainError as err:
        return json_error(err)
    return jsonify(result), status
