"""Schemas shared by every part of the API: the error shape and pagination."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

MAX_PER_PAGE = 100
MAX_ID = 2**31 - 1  # the databases' integer: a larger id is no row, and must not crash a query


class ErrorSchema(Schema):
    error = fields.String(required=True, metadata={"description": "What went wrong, for a person."})
    code = fields.String(required=True, metadata={
        "description": "Stable machine code: bad_request, unauthorized, insufficient_scope, "
                       "forbidden, not_found, method_not_allowed, conflict, not_allowed_now, "
                       "invalid_input, idempotency_key_reused, too_large, "
                       "unsupported_media_type, rate_limited, internal_error."})
    field_errors = fields.Dict(keys=fields.String(), values=fields.String(), data_key="fields",
                               metadata={"description": "A message per refused field."})


class PageArgsSchema(Schema):
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=1_000_000))
    per_page = fields.Integer(load_default=20, validate=validate.Range(min=1, max=MAX_PER_PAGE))


class PageSchema(Schema):
    page = fields.Integer(required=True)
    per_page = fields.Integer(required=True)
    total = fields.Integer(required=True, metadata={"description": "Items on all pages."})
    pages = fields.Integer(required=True)
