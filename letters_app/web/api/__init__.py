"""The JSON API for machine clients (print shops, business clients), by bearer tokens.

Each area is a flask-smorest blueprint, so its views document themselves in the OpenAPI
document (spec.py); `blueprints()` lists them for the app factory.
"""

from __future__ import annotations

from flask_smorest import Blueprint

from letters_app.web.api.spec import ApiBlueprint
from letters_app.web.extensions import csrf

bp = ApiBlueprint("api", __name__, description="Print shops: the letters to print, their files, "
                  "batches, and reports of printed and shipped.")
orders_bp = ApiBlueprint("orders", __name__, description="Business clients: place letter orders "
                         "one by one or from a CSV, follow them, approve proofs, cancel.")

webhooks_bp = ApiBlueprint("webhooks", __name__, description="Business clients: signed "
                           "events for every status change of their letters.")


def blueprints() -> list[Blueprint]:
    from letters_app.web.api import orders, routes, webhooks  # noqa: F401  (registers views)

    for blueprint in (bp, orders_bp, webhooks_bp):
        csrf.exempt(blueprint)  # no cookies here: every request carries its own bearer token
    return [bp, orders_bp, webhooks_bp]
