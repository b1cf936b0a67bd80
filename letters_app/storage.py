"""Where PDFs and previews live: a local folder, content-addressed, written atomically."""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol


@dataclass(frozen=True)
class StoredBlob:
    sha256: str
    size: int


class Storage(Protocol):
    """Where the service keeps files by their SHA-256."""

    def put(self, data: bytes) -> StoredBlob: ...

    def read(self, sha256: str) -> bytes: ...


def write_atomically(target: Path, data: bytes) -> None:
    """Write beside the target and rename: a reader never sees a half-written file, and a
    crash leaves either the old file or the new one."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class LocalStorage:
    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def _path(self, sha256: str) -> Path:
        if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
            raise ValueError("not a sha256 key")
        return self.root / sha256[:2] / sha256[2:4] / sha256

    def put(self, data: bytes) -> StoredBlob:
        """Store `data` under its SHA-256. Storing the same bytes twice is a no-op."""
        digest = hashlib.sha256(data).hexdigest()
        target = self._path(digest)
        if not target.exists():
            write_atomically(target, data)
        return StoredBlob(sha256=digest, size=len(data))

    def path(self, sha256: str) -> Path:
        path = self._path(sha256)
        if not path.exists():
            raise FileNotFoundError(sha256)
        return path

    def read(self, sha256: str) -> bytes:
        return self.path(sha256).read_bytes()
