"""One map from the domain's errors to what the web says: an HTTP status, a stable machine
code for JSON clients, and the message (fit to show a person) for pages and JSON alike."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import flash, jsonify
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Response

from letters_app.domain.errors import Conflict, DomainError, InvalidInput, NotFound
from letters_app.domain.idempotency import KeyReused
from letters_app.domain.lifecycle import TransitionNotAllowed


@dataclass(frozen=True)
class ErrorAnswer:
    status: int
    code: str


# Most specific first: the first class the error is an instance of answers.
ANSWERS: tuple[tuple[type[DomainError], ErrorAnswer], ...] = (
    (NotFound, ErrorAnswer(404, "not_found")),
    (KeyReused, ErrorAnswer(422, "idempotency_key_reused")),
    (InvalidInput, ErrorAnswer(422, "invalid_input")),
    (TransitionNotAllowed, ErrorAnswer(409, "not_allowed_now")),
    (Conflict, ErrorAnswer(409, "conflict")),
)
REFUSED = ErrorAnswer(409, "refused")


def answer_of(err: DomainError) -> ErrorAnswer:
    return next((answer for kind, answer in ANSWERS if isinstance(err, kind)), REFUSED)


def http_status(err: DomainError) -> int:
    return answer_of(err).status


def json_error(err: DomainError) -> tuple[Response, int]:
    answer = answer_of(err)
    fields = err.field_errors if isinstance(err, InvalidInput) else None
    return error_response(answer.status, answer.code, str(err), fields), answer.status


# HTTP errors (no route, wrong method, a body the API cannot read...) in the same shape.
HTTP_CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
              405: "method_not_allowed", 406: "not_acceptable", 409: "conflict",
              413: "too_large", 415: "unsupported_media_type", 422: "invalid_input",
              429: "rate_limited"}
UNREADABLE = "The request does not match the API; see fields."
PLAINER = {413: "The request body is larger than this endpoint accepts."}


def error_response(status: int, code: str, message: str,
                   fields: dict[str, str] | None = None) -> Response:
    """The one JSON error shape: {"error", "code", "fields"?} (X-Request-Id in the headers)."""
    body: dict[str, object] = {"error": message, "code": code}
    if fields:
        body["fields"] = fields
    response = jsonify(body)
    response.status_code = status
    return response


def http_json_error(error: HTTPException) -> Response:
    status = error.code or 500
    code = HTTP_CODES.get(status, "internal_error" if status >= 500 else f"http_{status}")
    fields = _flat(getattr(error, "data", {}).get("messages", {}))  # webargs' parse errors
    message = UNREADABLE if fields else PLAINER.get(status) or error.description or error.name
    return with_error_headers(error_response(status, code, message, fields), error)


def with_error_headers(response: Response, error: HTTPException) -> Response:
    """The error's own headers on the page or JSON that answers it: Allow on a 405,
    Retry-After on a 429 or a 503 (the content type stays the response's)."""
    for name, value in error.get_headers():
        if name.lower() != "content-type":
            response.headers[name] = value
    return response


LOCATIONS = frozenset({"json", "query", "headers", "form", "files"})


def _flat(messages: Any, name: str = "") -> dict[str, str]:
    """webargs' {"json": {"address": {"city": ["..."]}}} as {"address.city": "..."}."""
    if not isinstance(messages, dict):
        text = "; ".join(map(str, messages)) if isinstance(messages, list) else str(messages)
        return {name or "body": text}
    flat: dict[str, str] = {}
    for key, value in messages.items():
        grouping = key == "_schema" or (not name and key in LOCATIONS)
        child = name if grouping else f"{name}.{key}" if name else str(key)
        flat.update(_flat(value, child))
    return flat


def flash_error(err: DomainError) -> None:
    flash(str(err), "error")
