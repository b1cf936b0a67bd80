"""Business clients' webhooks: register an endpoint, list them, switch one off or on, and
read its delivery log (attempts, status codes, next retry)."""

from __future__ import annotations

from typing import Any

from flask import g, jsonify
from marshmallow import Schema, fields
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response

from letters_app.domain import webhooks
from letters_app.domain.errors import DomainError
from letters_app.domain.models import Webhook, WebhookDelivery
from letters_app.web import db
from letters_app.web.api import webhooks_bp as bp
from letters_app.web.api.auth import token_required
from letters_app.web.api.posting import IDEMPOTENT, api_post
from letters_app.web.errors import json_error


class WebhookInSchema(Schema):
    url = fields.String(required=True, metadata={"description": "Where events are POSTed."})


class WebhookSchema(Schema):
    id = fields.Integer(required=True)
    url = fields.String(required=True)
    enabled = fields.Boolean(required=True)
    created_at = fields.DateTime(required=True)
    secret = fields.String(metadata={"description": "Only in the answer that made it: the "
                                                    "HMAC key of the Letters-Signature header."})


class WebhookListSchema(Schema):
    items = fields.List(fields.Nested(WebhookSchema), required=True)


class DeliverySchema(Schema):
    event_id = fields.String(required=True)
    type = fields.String(required=True)
    order_id = fields.Integer(required=True)
    to = fields.String(required=True)
    state = fields.String(required=True, metadata={"description": "pending, delivered, failed"})
    attempts = fields.Integer(required=True)
    last_status_code = fields.Integer(required=True, allow_none=True)
    last_error = fields.String(required=True, allow_none=True)
    next_attempt_at = fields.DateTime(required=True, allow_none=True)
    delivered_at = fields.DateTime(required=True, allow_none=True)
    created_at = fields.DateTime(required=True)


class DeliveryLogSchema(Schema):
    items = fields.List(fields.Nested(DeliverySchema), required=True)


@bp.route("/webhooks", methods=["POST"])
@token_required("orders")
@bp.arguments(WebhookInSchema, example={"url": "https://example.com/letters-events"})
@bp.response(201, WebhookSchema)
@bp.doc(**IDEMPOTENT)
def register(body: dict[str, str]) -> Response:
    """Register an endpoint for every status change of your letters. Each POST carries
    `Letters-Signature: t=<unix time>,v1=<hex HMAC-SHA256 of "<t>.<body>">` and
    `Letters-Event-Id`; answer 2xx, or it is retried with exponential backoff."""
    def step(session: Session) -> dict[str, Any]:
        hook = webhooks.register(session, g.api_user, body["url"],
                                 db.services().config.webhook_allow_private)
        return {**_webhook_json(hook), "secret": hook.secret}

    return api_post(step, 201)


@bp.route("/webhooks", methods=["GET"])
@token_required("orders")
@bp.response(200, WebhookListSchema)
def list_webhooks() -> Response:
    """Your webhooks."""
    return jsonify(items=[_webhook_json(h) for h in webhooks.webhooks_of(db.session(),
                                                                        g.api_user)])


@bp.route("/webhooks/<id:webhook_id>/deliveries", methods=["GET"])
@token_required("orders")
@bp.response(200, DeliveryLogSchema)
def delivery_log(webhook_id: int) -> Response:
    """The last 100 deliveries of a webhook, newest first."""
    session = db.session()
    try:
        hook = webhooks.own_webhook(session, g.api_user, webhook_id)
    except DomainError as err:
        return json_error(err)[0]
    return jsonify(items=[_delivery_json(d) for d in webhooks.deliveries(session, hook)])


@bp.route("/webhooks/<id:webhook_id>/disable", methods=["POST"])
@token_required("orders")
@bp.response(200, WebhookSchema)
@bp.doc(**IDEMPOTENT)
def disable(webhook_id: int) -> Response:
    """Stop sending to this endpoint."""
    return api_post(lambda session: _switch(session, webhook_id, False), 200)


@bp.route("/webhooks/<id:webhook_id>/enable", methods=["POST"])
@token_required("orders")
@bp.response(200, WebhookSchema)
@bp.doc(**IDEMPOTENT)
def enable(webhook_id: int) -> Response:
    """Send to this endpoint again, starting with what waited."""
    return api_post(lambda session: _switch(session, webhook_id, True), 200)


def _switch(session: Session, webhook_id: int, enabled: bool) -> dict[str, Any]:
    hook = webhooks.own_webhook(session, g.api_user, webhook_id)
    webhooks.set_enabled(hook, enabled)
    return _webhook_json(hook)


def _webhook_json(hook: Webhook) -> dict[str, Any]:
    return {"id": hook.id, "url": hook.url, "enabled": hook.enabled,
            "created_at": hook.created_at.isoformat()}


def _delivery_json(d: WebhookDelivery) -> dict[str, Any]:
    data = d.payload["data"]
    return {"event_id": d.event_id, "type": d.payload["type"], "order_id": data["order_id"],
            "to": data["to"], "state": d.state, "attempts": d.attempts,
            "last_status_code": d.last_status_code, "last_error": d.last_error,
            "next_attempt_at": d.next_attempt_at.isoformat() if d.next_attempt_at else None,
            "delivered_at": d.delivered_at.isoformat() if d.delivered_at else None,
            "created_at": d.created_at.isoformat()}
