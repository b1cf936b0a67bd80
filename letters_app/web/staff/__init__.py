from flask import Blueprint

bp = Blueprint("staff", __name__)

from letters_app.web.staff import routes  # noqa: E402, F401  (registers the views)
