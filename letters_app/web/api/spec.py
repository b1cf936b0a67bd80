"""The API's contract: flask-smorest builds the OpenAPI document from the views' marshmallow
schemas, served at /api/v1/openapi.json; errors keep the one shape of web/errors.py."""

from __future__ import annotations

import flask_smorest
from flask import Flask
from flask_smorest import Blueprint
from webargs.flaskparser import FlaskParser
from werkzeug.routing import IntegerConverter, Map

from letters_app.web.api.schemas import MAX_ID, ErrorSchema

PREFIX = "/api/v1"
DESCRIPTION = """\
JSON over HTTPS for machine clients. Print shops pull the letters routed to them, take them
to print in batches and report them printed and shipped; business clients place orders.

Every request carries a bearer token (`Authorization: Bearer lt_…`); a token is scoped
(`print:read`, `print:write`, `orders`) and can be revoked. Every response carries an
`X-Request-Id` (send your own to tie logs together). Errors are one JSON shape:
`{"error": "…for a person…", "code": "machine_code", "fields": {"name": "…"}}`.
A request the API cannot read (bad JSON, wrong types) is `400 bad_request`; one it reads but
the business rules refuse is `422 invalid_input`, with a message per field.

Every POST takes an `Idempotency-Key` header: the same key with the same body within 24 hours
returns the first answer (same id, same status code) and does nothing twice; the same key
with another body is refused with `422 idempotency_key_reused`.
"""


class Parser(FlaskParser):
    """A body or query the API cannot read is a 400; 422 is kept for the domain's refusals."""

    DEFAULT_VALIDATION_STATUS = 400


class ApiBlueprint(Blueprint):
    ARGUMENTS_PARSER = Parser()


class IdConverter(IntegerConverter):
    """`<id:name>`: a row id in a path, 1 to MAX_ID; anything else is a 404 before any query."""

    def __init__(self, url_map: Map) -> None:
        super().__init__(url_map, min=1, max=MAX_ID)


def _id_schema(_converter: IdConverter) -> dict[str, object]:
    return {"type": "integer", "minimum": 1, "maximum": MAX_ID}


class Api(flask_smorest.Api):
    ERROR_SCHEMA = ErrorSchema

    def _register_error_handlers(self) -> None:
        """The app's one HTTP error handler answers (web/errors.py), not smorest's own."""


def init_api(app: Flask, blueprints: list[Blueprint]) -> Api:
    app.config.update(
        API_TITLE="Beautiful Handwritten Letters API",
        API_VERSION="v1",
        OPENAPI_VERSION="3.0.3",
        OPENAPI_URL_PREFIX=PREFIX,
        OPENAPI_JSON_PATH="openapi.json",
    )
    api = Api(app, spec_kwargs={
        "info": {"description": DESCRIPTION},
        "servers": [{"url": "/"}],
        "security": [{"bearerAuth": []}],
    })
    app.url_map.converters["id"] = IdConverter
    api.register_converter(IdConverter, _id_schema)
    api.spec.components.security_scheme(
        "bearerAuth", {"type": "http", "scheme": "bearer",
                       "description": "An API token from `letters token create`."})
    for blueprint in blueprints:
        api.register_blueprint(blueprint, url_prefix=PREFIX)
    app.extensions["letters_api"] = api  # the reference page reads the document from it
    return api
