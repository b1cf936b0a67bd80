from __future__ import annotations

from flask import g, jsonify
from werkzeug.wrappers import Response

from letters_app.web.api import bp
from letters_app.web.api.auth import token_required


@bp.get("/whoami")
@token_required("print:read")
def whoami() -> Response:
    user = g.api_user
    return jsonify(id=user.id, email=user.email, role=user.role)
