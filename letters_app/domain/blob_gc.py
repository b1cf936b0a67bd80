"""Garbage collection of stored blobs: those no document or own hand references, past a grace
period.

A blob can lose its last reference (a render whose transaction rolled back after its put, a
crash between put and commit). The grace period protects the blobs of renders still in flight:
their put comes before the commit that references them.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from letters_app.domain.hand_building import all_hand_blobs, blobs_in_use
from letters_app.domain.models import Document
from letters_app.storage import BlobInfo, BlobNotFound, Storage


def find_garbage(session: Session, storage: Storage, older_than: timedelta,
                 now: datetime | None = None) -> list[BlobInfo]:
    """Blobs that no document references and that nobody stored within `older_than`."""
    cutoff = (now or datetime.now(UTC)) - older_than
    referenced = set(session.scalars(select(Document.sha256).distinct()))
    referenced |= all_hand_blobs(session)  # customers' uploads, fonts and centre lines
    return sorted((blob for blob in storage.list_blobs()
                   if blob.sha256 not in referenced and blob.last_modified < cutoff),
                  key=lambda blob: blob.last_modified)


def delete_garbage(session: Session, storage: Storage, blobs: Iterable[BlobInfo],
                   older_than: timedelta, now: datetime | None = None) -> list[BlobInfo]:
    """Delete those of `blobs` that are still garbage; returns the deleted ones.

    Each is checked again just before its delete: since the listing, a render may have stored
    the same bytes again (a put renews the blob) or committed a document that references it.
    What is left is the moment between that check and the delete, one storage round trip.
    """
    cutoff = (now or datetime.now(UTC)) - older_than
    deleted = []
    for blob in blobs:
        if (session.scalar(select(exists().where(Document.sha256 == blob.sha256)))
                or blobs_in_use(session, {blob.sha256})):
            continue
        try:
            if storage.stat(blob.sha256).last_modified >= cutoff:
                continue
        except BlobNotFound:
            continue
        storage.delete(blob.sha256)
        deleted.append(blob)
    return deleted
