"""One map from the domain's errors to what the web says: an HTTP status, a stable machine
code for JSON clients, and the message (fit to show a person) for pages and JSON alike."""

from __future__ import annotations

from dataclasses import dataclass

from flask import flash, jsonify
from werkzeug.wrappers import Response

from letters_app.domain.errors import Conflict, DomainError, InvalidInput, NotFound
from letters_app.domain.lifecycle import TransitionNotAllowed


@dataclass(frozen=True)
class ErrorAnswer:
    status: int
    code: str


# Most specific first: the first class the error is an instance of answers.
ANSWERS: tuple[tuple[type[DomainError], ErrorAnswer], ...] = (
    (NotFound, ErrorAnswer(404, "not_found")),
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
    body: dict[str, object] = {"error": str(err), "code": answer.code}
    if isinstance(err, InvalidInput) and err.field_errors:
        body["fields"] = err.field_errors
    return jsonify(body), answer.status


def flash_error(err: DomainError) -> None:
    flash(str(err), "error")
