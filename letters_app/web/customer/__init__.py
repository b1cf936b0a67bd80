from flask import Blueprint

bp = Blueprint("customer", __name__)

from letters_app.web.customer import book, bulk, changes, hands, my_account, routes, yearly  # noqa: E402, F401  (registers the views)
