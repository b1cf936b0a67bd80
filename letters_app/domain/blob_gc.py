"""Garbage collection of stored blobs: those no document references, past a grace period.

A blob can lose its last reference (a render whose transaction rolled back after its put, a
crash between put and commit). The grace period protects the blobs of renders still in flight:
their put comes before the commit that references them.

A blob is referenced by any row whose column named `sha256` or `…_sha256` holds its key:
documents, a print batch's merged PDF and manifest, and whatever table stores a blob next, by
the same naming, without this module having to learn of it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

from sqlalchemy import Column, select, union
from sqlalchemy.orm import Session

from letters_app.domain.models import Base
from letters_app.storage import BlobInfo, BlobNotFound, Storage


def blob_columns() -> list[Column[str]]:
    """Every column that holds a blob key, by the naming rule above."""
    return [column for table in Base.metadata.sorted_tables for column in table.columns
            if column.name == "sha256" or column.name.endswith("_sha256")]


def _referenced(session: Session) -> set[str]:
    keys = union(*(select(column).where(column.is_not(None)) for column in blob_columns()))
    return set(session.scalars(select(keys.subquery().c[0])))


def blobs_in_use(session: Session, keys: set[str]) -> set[str]:
    """Those of `keys` some row still holds (blobs are content-addressed: rows of any table
    may share the same bytes)."""
    if not keys:
        return set()
    return {key for column in blob_columns()
            for key in session.scalars(select(column).where(column.in_(keys)))}


def find_garbage(session: Session, storage: Storage, older_than: timedelta,
                 now: datetime | None = None) -> list[BlobInfo]:
    """Blobs that no document references and that nobody stored within `older_than`."""
    cutoff = (now or datetime.now(UTC)) - older_than
    referenced = _referenced(session)
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
        if blobs_in_use(session, {blob.sha256}):
            continue
        try:
            if storage.stat(blob.sha256).last_modified >= cutoff:
                continue
        except BlobNotFound:
            continue
        storage.delete(blob.sha256)
        deleted.append(blob)
    return deleted
