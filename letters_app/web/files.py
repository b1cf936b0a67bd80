"""Serve a stored document: streamed from storage in chunks, never read whole."""

from __future__ import annotations

from flask import request
from werkzeug.datastructures import ContentRange
from werkzeug.exceptions import RequestedRangeNotSatisfiable, ServiceUnavailable
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
        storage = db.services().storage
        try:
            # A batch's files are served as unsaved Documents that do not carry their size.
            size = document.size if document.size is not None else storage.size(document.sha256)
            span = _wanted_range(document.sha256, size)
            stream = (storage.open(document.sha256) if span is None
                      else storage.open_range(document.sha256, *span))
        except StorageUnavailable as err:
            raise ServiceUnavailable("The file store is not reachable; try again shortly.",
                                     retry_after=30) from err
        if span is None:
            response = Response(stream, mimetype=document.content_type,
                                direct_passthrough=True)
        else:
            start, stop = span
            response = Response(stream, status=206, mimetype=document.content_type,
                                direct_passthrough=True)
            response.content_range = ContentRange("bytes", start, stop, size)
        response.content_length = stream.size
        response.accept_ranges = "bytes"
        response.headers.set("Content-Disposition", "attachment" if download_name else "inline",
                             **({"filename": download_name} if download_name else {}))
    response.set_etag(document.sha256)
    response.headers["Cache-Control"] = "private, no-store"
    return response


def _wanted_range(sha256: str, size: int) -> tuple[int, int] | None:
    """The one byte range asked for (a resumed download), or None for the whole file: no
    Range, several ranges, or an If-Range naming another version of the file."""
    wanted = request.range
    if wanted is None or len(wanted.ranges) != 1:
        return None
    if_range = request.if_range
    if (if_range.etag is not None and if_range.etag != sha256) or if_range.date is not None:
        return None
    span = wanted.range_for_length(size)
    if span is None:
        raise RequestedRangeNotSatisfiable(length=size)
    return span
