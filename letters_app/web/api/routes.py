"""The print-shop API: list ready letters, fetch their PDFs, batch them, report progress."""

from __future__ import annotations

from typing import Any

from flask import g, jsonify, request, url_for
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response

from letters_app.domain import printing
from letters_app.domain.errors import DomainError
from letters_app.domain.models import Letter, PrintBatch
from letters_app.web import db
from letters_app.web.actions import api_action
from letters_app.web.api import bp
from letters_app.web.api.auth import token_required
from letters_app.web.errors import json_error
from letters_app.web.files import document_response


@bp.get("/whoami")
@token_required("print:read")
def whoami() -> Response:
    user = g.api_user
    return jsonify(id=user.id, email=user.email, role=user.role)


@bp.get("/print/letters")
@token_required("print:read")
def ready_letters() -> Response:
    session = db.session()
    return jsonify(letters=[_letter_json(session, letter)
                            for letter in printing.ready_letters(session)])


@bp.get("/print/letters/<int:letter_id>/files/<kind>")
@token_required("print:read")
def letter_file(letter_id: int, kind: str) -> Response | tuple[Response, int]:
    try:
        document = printing.shop_document(db.session(), g.api_user, letter_id, kind)
    except DomainError as err:
        return json_error(err)
    name = kind.removesuffix("_pdf")
    return document_response(document, f"letter-{letter_id}-{name}.pdf")


@bp.post("/print/batches")
@token_required("print:write")
def create_batch() -> tuple[Response, int]:
    body = request.get_json(silent=True)
    ids = body.get("letter_ids") if isinstance(body, dict) else None
    if not isinstance(ids, list) or not all(type(i) is int for i in ids):
        return jsonify(error='Send JSON {"letter_ids": [<letter id>, ...]}.'), 400
    return api_action(lambda session: _batch_json(
        session, printing.create_batch(session, g.api_user, ids)), 201)


@bp.get("/print/batches")
@token_required("print:read")
def open_batches() -> Response:
    session = db.session()
    return jsonify(batches=[_batch_json(session, batch)
                            for batch in printing.open_batches(session, g.api_user)])


@bp.get("/print/batches/<int:batch_id>")
@token_required("print:read")
def batch(batch_id: int) -> Response | tuple[Response, int]:
    session = db.session()
    try:
        return jsonify(_batch_json(session, printing.shop_batch(session, g.api_user, batch_id)))
    except DomainError as err:
        return json_error(err)


@bp.post("/print/letters/<int:letter_id>/printed")
@token_required("print:write")
def printed(letter_id: int) -> tuple[Response, int]:
    return api_action(lambda session: _letter_json(
        session, printing.mark_printed(session, g.api_user, letter_id)))


@bp.post("/print/letters/<int:letter_id>/shipped")
@token_required("print:write")
def shipped(letter_id: int) -> tuple[Response, int]:
    body = request.get_json(silent=True)
    tracking = body.get("tracking_number") if isinstance(body, dict) else None
    if not isinstance(tracking, str):
        return jsonify(error='Send JSON {"tracking_number": "..."}.'), 400
    return api_action(lambda session: _letter_json(
        session, printing.mark_shipped(session, g.api_user, letter_id, tracking)))


def _letter_json(session: Session, letter: Letter) -> dict[str, Any]:
    return {
        "id": letter.id,
        "status": letter.status,
        "paper": letter.paper,
        "stationery": letter.stationery,
        "with_envelope": letter.with_envelope,
        "deliver_by": letter.deliver_by.isoformat(),
        "tracking_number": letter.tracking_number,
        "files": [{"kind": d.kind, "sha256": d.sha256, "size": d.size,
                   "url": url_for("api.letter_file", letter_id=letter.id, kind=d.kind)}
                  for d in printing.print_files(session, letter)],
    }


def _batch_json(session: Session, batch: PrintBatch) -> dict[str, Any]:
    return {"id": batch.id, "created_at": batch.created_at.isoformat(),
            "letters": [_letter_json(session, letter) for letter in batch.letters]}
