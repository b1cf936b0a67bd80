from flask import Blueprint

bp = Blueprint("auth", __name__)

from letters_app.web.auth import profile, routes  # noqa: E402, F401  (registers the views)
