"""The storage contract every backend keeps: content-addressed blobs, put once, read streamed."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from types import TracebackType
from typing import Protocol

CHUNK_SIZE = 256 * 1024  # what a streamed read hands out at a time


class StorageUnavailable(OSError):
    """The storage cannot be reached or refuses to work (server down, bucket missing, a
    corrupted upload). An OSError, so tasks that retry on OSError retry on this."""


class BlobNotFound(FileNotFoundError):
    """No blob is stored under this sha256."""


@dataclass(frozen=True)
class StoredBlob:
    sha256: str
    size: int


@dataclass(frozen=True)
class BlobInfo:
    """One stored blob as a listing sees it (for garbage collection)."""

    sha256: str
    size: int
    last_modified: datetime  # timezone-aware UTC


class BlobStream:
    """An open blob read in chunks: iterate it once, then close it. A WSGI server closes
    the response iterable itself, so a web response can hand this over as its body."""

    def __init__(self, size: int, chunks: Iterator[bytes], close: Callable[[], None]) -> None:
        self.size = size
        self._chunks = chunks
        self._close = close

    def __iter__(self) -> Iterator[bytes]:
        return self._chunks

    def close(self) -> None:
        self._close()

    def __enter__(self) -> BlobStream:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()


class Storage(Protocol):
    """Blobs keyed by the SHA-256 of their bytes. A blob is either absent or complete."""

    @property
    def location(self) -> str:
        """Where the blobs live, for messages (no credentials)."""
        ...

    def put(self, data: bytes) -> StoredBlob:
        """Store `data` under its sha256; storing the same bytes again stores nothing new
        (but marks the blob as recently used, so garbage collection leaves it alone)."""
        ...

    def read(self, sha256: str) -> bytes: ...

    def open(self, sha256: str) -> BlobStream:
        """The blob as chunks, without reading it whole into memory."""
        ...

    def open_range(self, sha256: str, start: int, stop: int) -> BlobStream:
        """Bytes start..stop (stop exclusive, within the blob) as chunks, read from `start`
        on, not from the beginning: a resumed download of a large batch costs only what is
        left of it. The stream's size is stop - start."""
        ...

    def exists(self, sha256: str) -> bool: ...

    def size(self, sha256: str) -> int: ...

    def stat(self, sha256: str) -> BlobInfo: ...

    def delete(self, sha256: str) -> None:
        """Remove the blob; deleting one that is not there is not an error."""
        ...

    def list_blobs(self) -> Iterator[BlobInfo]: ...


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def is_key(name: str) -> bool:
    return len(name) == 64 and all(c in "0123456789abcdef" for c in name)


def check_key(sha256: str) -> str:
    """Refuse anything but a lowercase hex sha256, so a key never becomes a path or prefix."""
    if not is_key(sha256):
        raise ValueError(f"not a sha256 key: {sha256[:80]!r}")
    return sha256
