from flask import Blueprint

bp = Blueprint("admin", __name__)

from letters_app.web.admin import routes  # noqa: E402, F401  (registers the views)
