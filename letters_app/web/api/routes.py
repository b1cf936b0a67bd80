"""The print-shop API: list ready letters, fetch their PDFs, batch them, report progress."""

from __future__ import annotations

from typing import Any

from flask import g, jsonify, request, url_for
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response

from letters_app.domain import batch_files, printing
from letters_app.domain.errors import DomainError, NotFound
from letters_app.domain.models import Document, Letter, PrintBatch
from letters_app.domain.queries import PRINT_FILES
from letters_app.plotting.formats import CONTENT_TYPES
from letters_app.web import db
from letters_app.web.api import bp
from letters_app.web.api.auth import token_required
from letters_app.web.api.posting import IDEMPOTENT, api_post
from letters_app.web.api.print_schemas import (
    BATCH_EXAMPLE,
    SHIPPED_EXAMPLE,
    BatchesSchema,
    BatchRequestSchema,
    BatchSchema,
    PrintLetterSchema,
    PrintLettersSchema,
    ShippedRequestSchema,
    WhoAmISchema,
)
from letters_app.web.errors import json_error
from letters_app.web.files import document_response

BATCH_FILE_RESPONSE = {200: {
    "description": "The file; ETag is its sha256, Range requests resume it.",
    "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}},
                "application/json": {"schema": {"type": "object"}}}}}
BINARY = {"schema": {"type": "string", "format": "binary"}}
PRINT_FILE_RESPONSE = {200: {
    "description": "The file; ETag is its sha256, Range requests resume it.",
    "content": {kind: BINARY for kind in ("application/pdf", *CONTENT_TYPES.values())}}}


@bp.route("/whoami", methods=["GET"])
@token_required("print:read")
@bp.response(200, WhoAmISchema)
def whoami() -> Response:
    """The print-shop account behind the token."""
    user = g.api_user
    return jsonify(id=user.id, email=user.email, role=user.role)


@bp.route("/print/letters", methods=["GET"])
@token_required("print:read")
@bp.response(200, PrintLettersSchema)
def ready_letters() -> Response:
    """Letters ready to print that are routed to you, the most urgent first, with their
    files' sha256 and size."""
    session = db.session()
    return jsonify(letters=[_letter_json(session, letter)
                            for letter in printing.ready_letters(session, g.api_user)])


@bp.route("/print/letters/<id:letter_id>/files/<kind>", methods=["GET"])
@token_required("print:read")
@bp.doc(responses=PRINT_FILE_RESPONSE)
def letter_file(letter_id: int, kind: str) -> Response:
    """A letter's file: letter_pdf or envelope_pdf; for a pen-plotted letter also plot_svg,
    plot_hpgl, plot_gcode (one per page: the listing's url says ?page=N) and
    envelope_plot_svg, envelope_plot_hpgl, envelope_plot_gcode."""
    page = request.args.get("page", type=int)
    try:
        if page is None and "page" in request.args:  # a page that is no number is no file
            raise NotFound("No such file.")
        document = printing.shop_document(db.session(), g.api_user, letter_id, kind, page)
    except DomainError as err:
        return json_error(err)[0]
    return document_response(document, f"letter-{letter_id}-{_file_name(document)}")


@bp.route("/print/batches", methods=["POST"])
@token_required("print:write")
@bp.arguments(BatchRequestSchema, example=BATCH_EXAMPLE)
@bp.response(202, BatchSchema, headers={"Location": {
    "description": "The batch: GET it until its state is ready, then fetch its files.",
    "schema": {"type": "string"}}})
@bp.doc(**IDEMPOTENT)
def create_batch(body: dict[str, Any]) -> Response:
    """Take letters to print as one batch: all of them, or none if any is not ready. The
    letters are yours at once; the merged PDF and manifest are built in the background
    (state building, then ready)."""
    def step(session: Session) -> dict[str, Any]:
        batch = printing.create_batch(session, g.api_user, body["letter_ids"],
                                      batch_files.Options(order=body["order"],
                                                          imposition=body["imposition"]))
        return _batch_json(session, batch)

    response = api_post(step, 202)
    if response.status_code == 202:  # a replay too: the same answer, the same place
        response.headers["Location"] = url_for("api.batch", batch_id=response.get_json()["id"])
    return response


@bp.route("/print/batches", methods=["GET"])
@token_required("print:read")
@bp.response(200, BatchesSchema)
def open_batches() -> Response:
    """Your batches that still hold letters to print or ship."""
    session = db.session()
    return jsonify(batches=[_batch_json(session, batch)
                            for batch in printing.open_batches(session, g.api_user)])


@bp.route("/print/batches/<id:batch_id>", methods=["GET"])
@token_required("print:read")
@bp.response(200, BatchSchema)
def batch(batch_id: int) -> Response:
    """One of your batches."""
    session = db.session()
    try:
        return jsonify(_batch_json(session, printing.shop_batch(session, g.api_user, batch_id)))
    except DomainError as err:
        return json_error(err)[0]


@bp.route("/print/batches/<id:batch_id>/files/<kind>", methods=["GET"])
@token_required("print:read")
@bp.doc(responses=BATCH_FILE_RESPONSE)
def batch_file(batch_id: int, kind: str) -> Response:
    """The batch's merged print-ready PDF (kind batch_pdf: cover sheet, then the letters in
    order and their envelopes as the batch's `order` says) or its JSON manifest (kind
    manifest); 409 not_ready while the batch is still building."""
    try:
        document = printing.batch_file(db.session(), g.api_user, batch_id, kind)
    except DomainError as err:
        return json_error(err)[0]
    name = "batch.pdf" if kind == "batch_pdf" else "manifest.json"
    return document_response(document, f"batch-{batch_id}-{name}")


@bp.route("/print/letters/<id:letter_id>/printed", methods=["POST"])
@token_required("print:write")
@bp.response(200, PrintLetterSchema)
@bp.doc(**IDEMPOTENT)
def printed(letter_id: int) -> Response:
    """Report a letter printed (again is a no-op)."""
    return api_post(lambda session: _letter_json(
        session, printing.mark_printed(session, g.api_user, letter_id)), 200)


@bp.route("/print/letters/<id:letter_id>/shipped", methods=["POST"])
@token_required("print:write")
@bp.arguments(ShippedRequestSchema, example=SHIPPED_EXAMPLE)
@bp.response(200, PrintLetterSchema)
@bp.doc(**IDEMPOTENT)
def shipped(body: dict[str, Any], letter_id: int) -> Response:
    """Report a printed letter shipped, with its tracking number."""
    return api_post(lambda session: _letter_json(session, printing.mark_shipped(
        session, g.api_user, letter_id, body["tracking_number"])), 200)


def _letter_json(session: Session, letter: Letter) -> dict[str, Any]:
    return {
        "id": letter.id,
        "status": letter.status,
        "paper": letter.paper,
        "stationery": letter.stationery,
        "with_envelope": letter.with_envelope,
        "deliver_by": letter.deliver_by.isoformat(),
        "tracking_number": letter.tracking_number,
        "pen_plotted": letter.pen_plotted,
        "withdrawn": letter.withdrawn_at is not None,
        "files": [_file_json(letter, d) for d in printing.print_files(session, letter)],
    }


def _file_json(letter: Letter, document: Document) -> dict[str, Any]:
    """A file as listed; a letter's plot file names its page (the PDFs hold every page)."""
    paged = {"page": document.page} if document.page else {}
    return {"kind": document.kind, **paged, "sha256": document.sha256, "size": document.size,
            "url": url_for("api.letter_file", letter_id=letter.id, kind=document.kind,
                           **paged)}


def _file_name(document: Document) -> str:
    """letter.pdf, envelope.pdf, p2.svg, envelope.gcode..."""
    kind = document.kind
    if kind in PRINT_FILES:
        return kind.replace("_", ".")
    fmt = kind.rsplit("_", 1)[1]
    return f"envelope.{fmt}" if kind.startswith("envelope") else f"p{document.page}.{fmt}"


def _batch_json(session: Session, batch: PrintBatch) -> dict[str, Any]:
    storage = db.services().storage
    files = [{"kind": kind, "sha256": sha256, "size": storage.size(sha256),
              "url": url_for("api.batch_file", batch_id=batch.id, kind=kind)}
             for kind, sha256 in (("batch_pdf", batch.pdf_sha256),
                                  ("manifest", batch.manifest_sha256)) if sha256]
    return {"id": batch.id, "created_at": batch.created_at.isoformat(), "state": batch.state,
            "order": batch.page_order, "imposition": batch.imposition, "files": files,
            "letters": [_letter_json(session, letter) for letter in batch.letters]}
