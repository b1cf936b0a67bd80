"""Serve a stored document: streamed from storage in chunks, never read whole."""

from __future__ import annotations

from flask import request
from werkzeug.exceptions import ServiceUnavailable
from werkzeug.wrappers import Response

from letters_app.domain.models import Document
from letters_app.storage import StorageUnavailable
from letters_app.web import db


def document_response(document: Document, download_name: str | None = None) -> Response:
    """The document's bytes (an attachment when it has a download name). Private: no shared
    cache may keep it. Its ETag is its sha256, so a client holding it gets a 304."""
    if request.if_none_match.contains(document.sha256):
        response = Response(status=304)
    else:
        try:
            stream = db.services().storage.open(document.sha256)
        except StorageUnavailable as err:
            raise ServiceUnavailable("The file store is not reachable; try again shortly.",
                                     retry_after=30) from err
        response = Response(stream, mimetype=document.content_type, direct_passthrough=True)
        response.content_length = stream.size
        response.headers.set("Content-Disposition", "attachment" if download_name else "inline",
                             **({"filename": download_name} if download_name else {}))
    response.set_etag(document.sha256)
    response.headers["Cache-Control"] = "private, no-store"
    return response
