"""How every API POST runs: one domain step in the request's transaction, guarded by the
client's Idempotency-Key when it sends one, answered in the one JSON shape."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from flask import g, jsonify, request
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response

from letters_app.domain import idempotency
from letters_app.domain.errors import DomainError
from letters_app.web import db
from letters_app.web.errors import error_response, json_error

HEADER = "Idempotency-Key"
_KEY = re.compile(r"[\x21-\x7e]{1,255}")  # visible ASCII, like Stripe's keys and UUIDs
# How the OpenAPI document describes the header on every POST.
IDEMPOTENCY_PARAMETER = {
    "in": "header", "name": HEADER, "required": False,
    "description": "Any unique string (a UUID is good). The same key with the same body "
                   "within 24 hours returns the first answer; with another body it is refused.",
    "schema": {"type": "string", "minLength": 1, "maxLength": 255, "pattern": "^[!-~]+$"},
}
IDEMPOTENT = {"parameters": [IDEMPOTENCY_PARAMETER]}


def api_post(step: Callable[[Session], dict[str, Any]], status: int = 201) -> Response:
    key = request.headers.get(HEADER)
    if key is not None and not _KEY.fullmatch(key):
        return error_response(400, "bad_request", f"{HEADER} must be 1 to 255 visible ASCII "
                              "characters.", {HEADER: "Not a usable key."})
    session = db.session()
    try:
        claimed = None
        if key is not None:
            claimed = idempotency.claim(session, g.api_user.id, key, idempotency.fingerprint(
                request.method, request.path, request.get_data()))
            if isinstance(claimed, idempotency.Replay):
                session.rollback()
                replay = jsonify(claimed.response)
                replay.status_code = claimed.status_code
                replay.headers["Idempotent-Replayed"] = "true"
                return replay
        result = step(session)
        if claimed is not None:
            claimed.status_code, claimed.response = status, result
    except DomainError as err:
        session.rollback()
        response, code = json_error(err)
        response.status_code = code
        return response
    db.services().commit(session)
    response = jsonify(result)
    response.status_code = status
    return response
