"""Every response carries an X-Request-Id: the client's own if it is a plain token, else ours,
so a client's report and our logs name the same request."""

from __future__ import annotations

import re
import uuid

from flask import Flask, g, request
from werkzeug.wrappers import Response

HEADER = "X-Request-Id"
_PLAIN = re.compile(r"[A-Za-z0-9._-]{1,64}")


def init_app(app: Flask) -> None:
    @app.before_request
    def assign() -> None:
        given = request.headers.get(HEADER, "")
        g.request_id = given if _PLAIN.fullmatch(given) else uuid.uuid4().hex

    @app.after_request
    def answer(response: Response) -> Response:
        response.headers[HEADER] = g.get("request_id") or uuid.uuid4().hex
        return response
