from flask import Blueprint

bp = Blueprint("customer", __name__)

from letters_app.web.customer import (  # noqa: E402, F401  (registers the views)
    book,
    bulk,
    changes,
    hands,
    my_account,
    routes,
    too_large,
    yearly,
)
