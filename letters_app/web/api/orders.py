"""The order API for business clients: the web form's rules, by JSON or CSV."""

from __future__ import annotations

import math
import uuid
from typing import Any

from flask import g, jsonify
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response

from letters_app.domain import bulk_orders, customer_actions, own_hands, queries
from letters_app.domain.errors import DomainError
from letters_app.domain.models import Letter
from letters_app.domain.orders import place_order
from letters_app.domain.status import Actor
from letters_app.web import db
from letters_app.web.api import orders_bp as bp
from letters_app.web.api.auth import token_required
from letters_app.web.api.order_schemas import (
    APPROVE_EXAMPLE,
    ApproveSchema,
    BulkInSchema,
    BulkReportSchema,
    OrderInSchema,
    OrderPageSchema,
    OrderSchema,
    bulk_example,
    order_example,
    order_request,
    shared_order,
)
from letters_app.web.api.posting import IDEMPOTENT, api_post
from letters_app.web.api.schemas import PageArgsSchema
from letters_app.web.errors import json_error
from letters_app.web.input_guard import body_limit


@bp.route("/orders", methods=["POST"])
@token_required("orders")
@bp.arguments(OrderInSchema, example=order_example())
@bp.response(201, OrderSchema)
@bp.doc(**IDEMPOTENT)
def create_order(body: dict[str, Any]) -> Response:
    """Order one letter. Checked exactly as the web order form checks it; refused fields are
    named in `fields` (address fields as address_<name>)."""
    # Every call is a new order; a retry is recognised by its Idempotency-Key (api_post).
    return api_post(lambda session: _order_json(
        place_order(session, g.api_user, order_request(body), f"api-{uuid.uuid4().hex}")), 201)


@bp.route("/orders", methods=["GET"])
@token_required("orders")
@bp.arguments(PageArgsSchema, location="query")
@bp.response(200, OrderPageSchema)
def list_orders(args: dict[str, int]) -> Response:
    """Your orders, newest first, a page at a time."""
    page, per_page = args["page"], args["per_page"]
    letters, total = queries.customer_letters_page(db.session(), g.api_user, page, per_page)
    return jsonify(items=[_order_json(letter) for letter in letters], page=page,
                   per_page=per_page, total=total, pages=math.ceil(total / per_page))


@bp.route("/orders/<id:order_id>", methods=["GET"])
@token_required("orders")
@bp.response(200, OrderSchema)
def get_order(order_id: int) -> Response:
    """One of your orders."""
    try:
        return jsonify(_order_json(queries.customer_letter(db.session(), g.api_user, order_id)))
    except DomainError as err:
        return json_error(err)[0]


@bp.route("/orders/<id:order_id>/approve", methods=["POST"])
@token_required("orders")
@bp.arguments(ApproveSchema, example=APPROVE_EXAMPLE)
@bp.response(200, OrderSchema)
@bp.doc(**IDEMPOTENT)
def approve_order(body: dict[str, int], order_id: int) -> Response:
    """Approve the proof of `version` (the one you read): the letter is penned and printed."""
    return api_post(lambda session: _step(session, order_id, lambda letter:
                    customer_actions.approve(session, letter, g.api_user, body["version"])), 200)


@bp.route("/orders/<id:order_id>/cancel", methods=["POST"])
@token_required("orders")
@bp.response(200, OrderSchema)
@bp.doc(**IDEMPOTENT)
def cancel_order(order_id: int) -> Response:
    """Cancel an order; allowed until its proof is approved."""
    return api_post(lambda session: _step(session, order_id, lambda letter:
                    customer_actions.cancel(session, letter, g.api_user, Actor.CUSTOMER)), 200)


@bp.route("/orders/bulk", methods=["POST"])
@body_limit(bulk_orders.MAX_BYTES + 64 * 1024)
@token_required("orders")
@bp.arguments(BulkInSchema, example=bulk_example())
@bp.response(200, BulkReportSchema)
@bp.doc(**IDEMPOTENT)
def bulk_orders_view(body: dict[str, Any]) -> Response:
    """Orders from a CSV, one row per recipient: a report of every row (which are fine, which
    are not and why); with `confirm`, every valid row becomes an order in one transaction."""
    shared = shared_order(body["shared"])
    if not body["confirm"]:
        return api_post(lambda session: _report_json(bulk_orders.check(
            body["csv"], shared, own=own_hands.choosable(session, g.api_user))), 200)
    return api_post(lambda session: _report_json(bulk_orders.place_valid_rows(
        session, g.api_user, body["csv"], shared)), 201)


def _step(session: Session, order_id: int, action: Any) -> dict[str, Any]:
    letter = queries.customer_letter(session, g.api_user, order_id)
    action(letter)
    session.flush()
    return _order_json(letter)


def _order_json(letter: Letter) -> dict[str, Any]:
    return {
        "id": letter.id, "status": letter.status, "status_label": letter.status_enum.label,
        "version": letter.current_version, "approved_version": letter.approved_version,
        "created_at": letter.created_at.isoformat(), "deliver_by": letter.deliver_by.isoformat(),
        "sender_name": letter.sender_name, "recipient_name": letter.recipient_name,
        "country_code": letter.recipient_address.country_code, "occasion": letter.occasion,
        "tone": letter.tone, "length": letter.length, "hand": letter.hand, "ink": letter.ink,
        "paper": letter.paper, "stationery": letter.stationery,
        "with_envelope": letter.with_envelope, "pen_plotted": letter.pen_plotted,
        "tracking_number": letter.tracking_number,
    }


def _report_json(report: bulk_orders.BulkReport) -> dict[str, Any]:
    return {"rows": [{"row": r.row, "ok": r.ok, "recipient_name": r.recipient_name,
                      "errors": r.errors, "order_id": r.order_id} for r in report.rows],
            "valid": report.valid, "invalid": len(report.rows) - report.valid,
            "created": report.created}
