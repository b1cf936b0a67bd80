"""The embedded default: a content-addressed folder (root/ab/cd/abcd…), written atomically."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from letters_app.storage.atomic import write_atomically
from letters_app.storage.base import (
    CHUNK_SIZE,
    BlobInfo,
    BlobNotFound,
    BlobStream,
    StorageUnavailable,
    StoredBlob,
    check_key,
    is_key,
    sha256_of,
)


class LocalStorage:
    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    @property
    def location(self) -> str:
        return self.root.as_uri()

    def blob_path(self, sha256: str) -> Path:
        """Where a blob lives on disk (this backend only; the app goes through the API)."""
        check_key(sha256)
        return self.root / sha256[:2] / sha256[2:4] / sha256

    def put(self, data: bytes) -> StoredBlob:
        digest = sha256_of(data)
        target = self.blob_path(digest)
        with self._errors(digest):
            try:
                # Touch it: a garbage collection that is about to sweep an old unreferenced
                # copy of these bytes now sees them as fresh.
                os.utime(target)
            except FileNotFoundError:
                write_atomically(target, data)
        return StoredBlob(sha256=digest, size=len(data))

    def read(self, sha256: str) -> bytes:
        with self._errors(sha256):
            return self.blob_path(sha256).read_bytes()

    def open(self, sha256: str) -> BlobStream:
        path = self.blob_path(sha256)
        with self._errors(sha256):
            fh = path.open("rb")
            size = os.fstat(fh.fileno()).st_size
        return BlobStream(size, iter(lambda: fh.read(CHUNK_SIZE), b""), fh.close)

    def open_range(self, sha256: str, start: int, stop: int) -> BlobStream:
        path = self.blob_path(sha256)
        with self._errors(sha256):
            fh = path.open("rb")
            fh.seek(start)
        left = [stop - start]

        def chunk() -> bytes:
            data = fh.read(min(CHUNK_SIZE, left[0]))
            left[0] -= len(data)
            return data

        return BlobStream(stop - start, iter(chunk, b""), fh.close)

    def exists(self, sha256: str) -> bool:
        with self._errors(sha256):
            return self.blob_path(sha256).is_file()

    def size(self, sha256: str) -> int:
        return self.stat(sha256).size

    def stat(self, sha256: str) -> BlobInfo:
        with self._errors(sha256):
            stat = self.blob_path(sha256).stat()
        return BlobInfo(sha256, stat.st_size, datetime.fromtimestamp(stat.st_mtime, UTC))

    def delete(self, sha256: str) -> None:
        with self._errors(sha256):
            self.blob_path(sha256).unlink(missing_ok=True)

    def list_blobs(self) -> Iterator[BlobInfo]:
        # Only finished blobs: the hidden temp files of a write in flight (or of a crashed
        # one) never match a key.
        for path in self.root.glob("??/??/*"):
            if not is_key(path.name):
                continue
            try:
                stat = path.stat()
            except FileNotFoundError:  # deleted since the listing
                continue
            yield BlobInfo(path.name, stat.st_size, datetime.fromtimestamp(stat.st_mtime, UTC))

    @contextmanager
    def _errors(self, sha256: str) -> Iterator[None]:
        """A missing blob is BlobNotFound; a folder that cannot be used (not a folder,
        read-only, out of space, I/O errors) is StorageUnavailable."""
        try:
            yield
        except FileNotFoundError as err:
            raise BlobNotFound(sha256) from err
        except OSError as err:
            raise StorageUnavailable(f"storage folder {self.root}: {err}") from err
