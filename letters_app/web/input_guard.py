"""Input refused at the door, before any view: bytes that are not UTF-8, JSON that is not a
bounded object; and, for every form, characters that are not text, shown next to the field.

Werkzeug would quietly turn bad UTF-8 into U+FFFD (and store it); json.loads of deeply nested
brackets raises RecursionError (a 500). Both are a 400 here, JSON for the API.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, NoReturn, TypeVar
from urllib.parse import unquote_to_bytes

from flask import Flask, abort, current_app, request
from flask_wtf import FlaskForm

from letters_app.domain import text as typed

MAX_JSON_DEPTH = 16  # the API's bodies are two levels deep; this leaves room, not recursion
F = TypeVar("F", bound=Callable[..., Any])


class GuardedForm(FlaskForm):
    """Every form of the site: each text field refuses control characters with the domain's
    message under the field."""

    def validate(self, extra_validators: Any = None) -> bool:
        valid = super().validate(extra_validators)
        for field in self:
            if not isinstance(field.data, str):
                continue
            # Line breaks and tabs are whitespace the domain keeps or folds per field (a
            # pasted name becomes one line); every other control character is refused here.
            message = typed.forbidden_character(field.data, multiline=True)
            if message:
                field.errors = [*field.errors, message]
                valid = False
        return valid


def body_limit(limit: int) -> Callable[[F], F]:
    """A larger body than the app's default for one view (a CSV of thousands of rows); a
    larger one still is refused with 413 before it is read. Applied before any hook reads
    the body (the checks below read it first), so the view only marks itself."""

    def decorator(view: F) -> F:
        view.body_limit = limit  # type: ignore[attr-defined]  (functools.wraps carries it)
        return view

    return decorator


def _is_utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _urlencoded_is_utf8(raw: bytes) -> bool:
    return all(_is_utf8(unquote_to_bytes(part.replace(b"+", b" ")))
               for pair in raw.split(b"&") for part in pair.split(b"="))


def _depth(value: object) -> int:
    """How deeply lists and objects nest in `value`, without recursion."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        node, level = stack.pop()
        if isinstance(node, dict | list):
            deepest = max(deepest, level)
            children = node.values() if isinstance(node, dict) else node
            stack.extend((child, level + 1) for child in children)
    return deepest


def _refuse(message: str) -> NoReturn:
    abort(400, description=message)


def _multipart_text_is_utf8(raw: bytes) -> bool:
    """Every part but uploaded files (whose bytes are the view's to judge) is UTF-8."""
    boundary = request.mimetype_params.get("boundary", "").encode("latin-1", "replace")
    if not boundary:
        return _is_utf8(raw)
    for part in raw.split(b"--" + boundary):
        headers, _, _body = part.partition(b"\r\n\r\n")
        if b"filename=" not in headers and not _is_utf8(part):
            return False
    return True


def _check_request() -> None:
    view = current_app.view_functions.get(request.endpoint or "")
    limit = getattr(view, "body_limit", None)
    if limit is not None:
        request.max_content_length = limit
    # WSGI strings carry the request's bytes as latin-1. The request target as the client
    # sent it (RAW_URI: gunicorn; REQUEST_URI: werkzeug) keeps its %-escapes undecoded.
    environ = request.environ
    raw = environ.get("RAW_URI") or environ.get("REQUEST_URI")
    path = (unquote_to_bytes(raw.split("?", 1)[0].encode("latin-1", "replace")) if raw
            else environ.get("PATH_INFO", "").encode("latin-1", "replace"))
    query = environ.get("QUERY_STRING", "").encode("latin-1", "replace")
    if not _is_utf8(path) or not _urlencoded_is_utf8(query):
        _refuse("The address is not valid UTF-8.")
    form_checks = {"application/x-www-form-urlencoded": _urlencoded_is_utf8,
                   "multipart/form-data": _multipart_text_is_utf8}
    form_is_utf8 = form_checks.get(request.mimetype)
    if form_is_utf8 is not None and not form_is_utf8(request.get_data(cache=True)):
        _refuse("The form data is not valid UTF-8.")
    # Only bodies that say they are JSON: the API reads no other (and a body of another type
    # is refused by the view, after the token check).
    if request.is_json and request.get_data(cache=True):
        _check_json_body()


def _check_json_body() -> None:
    try:
        body = json.loads(request.get_data(cache=True))
    except (ValueError, RecursionError):  # UnicodeDecodeError is a ValueError
        _refuse("The body is not valid JSON (UTF-8).")
    if not isinstance(body, dict):
        _refuse("The body must be a JSON object.")
    if _depth(body) > MAX_JSON_DEPTH:
        _refuse(f"The JSON body nests deeper than {MAX_JSON_DEPTH} levels.")


def init_app(app: Flask) -> None:
    # First of all before-request hooks: the CSRF check would parse the form (consuming the
    # body, decoding bad bytes as U+FFFD) before the raw bytes could be looked at.
    app.before_request_funcs.setdefault(None, []).insert(0, _check_request)
