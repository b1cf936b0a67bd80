"""The JSON API for machine clients (print shops), authenticated by bearer tokens."""

from flask import Blueprint

from letters_app.web.extensions import csrf

bp = Blueprint("api", __name__)
csrf.exempt(bp)  # no cookies here: every request carries its own bearer token

from letters_app.web.api import routes  # noqa: E402, F401  (registers the views)
