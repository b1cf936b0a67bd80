"""The staff studio: writers and reviewers work the queue of letters."""

from __future__ import annotations

from flask import render_template

from letters_app.domain import queries
from letters_app.web import db
from letters_app.web.access import STAFF_ROLES, roles_required
from letters_app.web.staff import bp


@bp.route("/")
@roles_required(*STAFF_ROLES)
def dashboard() -> str:
    letters = queries.staff_queue(db.session())
    return render_template("staff/dashboard.html", letters=letters)
