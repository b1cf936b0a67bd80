"""The storage contract, the same tests on both backends: the local folder and real S3
(moto's server on loopback)."""

from __future__ import annotations

import hashlib
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from conftest import make_config
from s3_server import MotoServer, free_port

from letters_app.storage import (
    BlobNotFound,
    LocalStorage,
    Storage,
    StorageUnavailable,
    open_storage,
)
from letters_app.storage.base import CHUNK_SIZE

PROJECT = Path(__file__).resolve().parents[2]


@dataclass
class Backend:
    storage: Storage
    crash_mid_put: Callable[[bytes], None]  # a writer that dies halfway through a put
    down: Callable[[], Storage]  # the same kind of storage, unreachable


def _local(tmp_path: Path) -> Backend:
    root = tmp_path / "blobs"

    def crash_mid_put(data: bytes) -> None:
        # A real process killed (SIGKILL, no cleanup) after writing every byte but before
        # the rename that makes the blob visible.
        code = ("import os, sys\nfrom pathlib import Path\n"
                "from letters_app.storage import LocalStorage\n"
                "os.fsync = lambda fd: os.kill(os.getpid(), 9)\n"
                "LocalStorage(Path(sys.argv[1])).put(sys.stdin.buffer.read())\n")
        result = subprocess.run([sys.executable, "-c", code, str(root)], input=data,
                                cwd=PROJECT, capture_output=True, timeout=60)
        assert result.returncode == -9, result.stderr
        leftovers = [p for p in root.rglob(".*") if p.is_file()]
        assert [p.stat().st_size for p in leftovers] == [len(data)]  # it died mid-put

    def down() -> Storage:
        not_a_folder = tmp_path / "unmounted"
        not_a_folder.write_text("a file where the storage folder should be")
        return LocalStorage(not_a_folder)

    return Backend(open_storage(make_config(tmp_path, "sqlite://",
                                            STORAGE_URL=root.as_uri())), crash_mid_put, down)


def _s3(tmp_path: Path, server: MotoServer) -> Backend:
    env = server.env(server.new_bucket())
    storage = open_storage(make_config(tmp_path, "sqlite://", **env))
    url = urlsplit(env["STORAGE_URL"])

    def crash_mid_put(data: bytes) -> None:
        # A client that dies halfway through the request body: half the bytes sent on the
        # socket, then the connection is gone.
        key = f"{url.netloc}{url.path}/{hashlib.sha256(data).hexdigest()}"
        with socket.create_connection(("127.0.0.1", server.port)) as sock:
            sock.sendall(f"PUT /{key} HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\n"
                         f"Content-Length: {len(data)}\r\n\r\n".encode() + data[:len(data) // 2])
        time.sleep(0.5)  # let the server notice the broken upload

    def down() -> Storage:
        dead = {**env, "S3_ENDPOINT_URL": f"http://127.0.0.1:{free_port()}"}
        return open_storage(make_config(tmp_path, "sqlite://", **dead))

    return Backend(storage, crash_mid_put, down)


@pytest.fixture(params=["local", pytest.param("s3", marks=pytest.mark.s3)])
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Backend:
    if request.param == "local":
        return _local(tmp_path)
    return _s3(tmp_path, request.getfixturevalue("s3_server"))


@pytest.fixture
def storage(backend: Backend) -> Storage:
    return backend.storage


def blob(size: int, seed: int = 0) -> bytes:
    return (hashlib.sha256(str(seed).encode()).digest() * (size // 32 + 1))[:size]


def test_put_is_addressed_by_sha256_and_reads_back(storage: Storage) -> None:
    data = b"%PDF-1.4 a letter\n"
    stored = storage.put(data)
    assert stored.sha256 == hashlib.sha256(data).hexdigest()
    assert stored.size == len(data)
    assert storage.read(stored.sha256) == data
    assert storage.exists(stored.sha256) and storage.size(stored.sha256) == len(data)
    assert storage.put(b"other bytes").sha256 != stored.sha256


def test_putting_the_same_bytes_twice_stores_one_blob(storage: Storage) -> None:
    first = storage.put(b"same letter")
    second = storage.put(b"same letter")
    assert first == second
    assert [info.sha256 for info in storage.list_blobs()] == [first.sha256]


def test_putting_again_renews_the_blob_for_garbage_collection(storage: Storage) -> None:
    stored = storage.put(b"rendered twice")
    [before] = storage.list_blobs()
    time.sleep(1.1)  # S3 keeps LastModified to the second
    storage.put(b"rendered twice")
    [after] = storage.list_blobs()
    assert after.sha256 == stored.sha256 and after.last_modified > before.last_modified
    assert storage.read(stored.sha256) == b"rendered twice"


def test_a_large_blob_streams_in_chunks(storage: Storage) -> None:
    data = blob(6 * 1024 * 1024 + 123)
    sha256 = storage.put(data).sha256
    with storage.open(sha256) as stream:
        assert stream.size == len(data)
        chunks = list(stream)
    assert len(chunks) >= len(data) // CHUNK_SIZE
    assert max(len(chunk) for chunk in chunks) <= CHUNK_SIZE
    assert b"".join(chunks) == data


def test_a_range_is_read_from_its_start_not_from_the_beginning(storage: Storage) -> None:
    data = bytes(range(256)) * (3 * CHUNK_SIZE // 256 + 7)
    sha256 = storage.put(data).sha256
    start, stop = CHUNK_SIZE - 5, 2 * CHUNK_SIZE + 11  # across two chunk boundaries
    with storage.open_range(sha256, start, stop) as stream:
        assert stream.size == stop - start  # S3 answered the range, not the whole blob
        assert b"".join(stream) == data[start:stop]
    with storage.open_range(sha256, len(data) - 1, len(data)) as stream:
        assert b"".join(stream) == data[-1:]
    with pytest.raises(BlobNotFound):
        storage.open_range("0" * 64, 0, 1)


def test_a_missing_blob_is_blob_not_found(storage: Storage) -> None:
    missing = hashlib.sha256(b"never stored").hexdigest()
    assert not storage.exists(missing)
    for read in (storage.read, storage.open, storage.size, storage.stat):
        with pytest.raises(BlobNotFound):
            read(missing)
    with pytest.raises(FileNotFoundError):  # BlobNotFound is one
        storage.read(missing)
    storage.delete(missing)  # nothing to delete is not an error


def test_a_key_that_is_not_a_sha256_is_refused(storage: Storage) -> None:
    for bad in ("../../etc/passwd", "ABC", hashlib.sha256(b"x").hexdigest().upper(), ""):
        with pytest.raises(ValueError):
            storage.read(bad)


def test_delete_removes_the_blob_and_only_it(storage: Storage) -> None:
    keep = storage.put(b"keep me").sha256
    gone = storage.put(b"delete me").sha256
    storage.delete(gone)
    assert not storage.exists(gone)
    with pytest.raises(BlobNotFound):
        storage.read(gone)
    assert [info.sha256 for info in storage.list_blobs()] == [keep]


def test_list_gives_every_blob_with_size_and_time(storage: Storage) -> None:
    start = datetime.now(UTC) - timedelta(seconds=2)
    stored = {storage.put(blob(size, seed=size)) for size in (10, 2000, 70000)}
    listed = list(storage.list_blobs())
    assert {(i.sha256, i.size) for i in listed} == {(s.sha256, s.size) for s in stored}
    for info in listed:
        assert start <= info.last_modified <= datetime.now(UTC) + timedelta(seconds=2)
        assert storage.stat(info.sha256) == info


def test_a_put_that_dies_midway_leaves_no_blob(backend: Backend) -> None:
    storage, data = backend.storage, blob(512 * 1024, seed=7)
    sha256 = hashlib.sha256(data).hexdigest()

    backend.crash_mid_put(data)

    assert not storage.exists(sha256)
    assert list(storage.list_blobs()) == []
    with pytest.raises(BlobNotFound):
        storage.read(sha256)
    assert storage.put(data).sha256 == sha256  # the retry stores it whole
    assert storage.read(sha256) == data


def test_unreachable_storage_raises_storage_unavailable(backend: Backend) -> None:
    down = backend.down()
    sha256 = hashlib.sha256(b"x").hexdigest()
    for operation in (lambda: down.put(b"x"), lambda: down.read(sha256),
                      lambda: down.open(sha256), lambda: down.open_range(sha256, 0, 1),
                      lambda: down.delete(sha256)):
        with pytest.raises(StorageUnavailable) as raised:
            operation()
        assert isinstance(raised.value, OSError)  # so tasks retry on it


@pytest.mark.s3
def test_a_corrupted_s3_upload_is_refused_and_leaves_nothing(tmp_path: Path,
                                                             s3_server: MotoServer) -> None:
    backend = _s3(tmp_path, s3_server)
    storage = backend.storage

    def flip_last_byte(request, **_kwargs) -> None:  # type: ignore[no-untyped-def]
        body = request.body.read()
        request.body = body[:-1] + bytes([body[-1] ^ 1])

    storage._client.meta.events.register("before-send.s3.PutObject", flip_last_byte)
    with pytest.raises(StorageUnavailable, match="corrupted"):
        storage.put(b"%PDF a letter that will not arrive intact")
    assert list(storage.list_blobs()) == []


@pytest.mark.s3
def test_unreachable_s3_lists_nothing_but_says_so(tmp_path: Path,
                                                  s3_server: MotoServer) -> None:
    down = _s3(tmp_path, s3_server).down()
    with pytest.raises(StorageUnavailable):
        list(down.list_blobs())
