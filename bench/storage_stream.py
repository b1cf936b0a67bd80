"""Benchmark: memory of a download streamed from storage, against reading the file whole.

Stores one large blob (default 64 MB) on each backend (the local folder, and moto's S3 server
started on a loopback port), then serves it through the web app's download response and
iterates the body as a WSGI server does. Prints the peak Python memory (tracemalloc) of the
streamed download and of `storage.read()` of the same blob, and last `stream_memory_ratio: X`,
the largest streamed peak over the blob's size (small is good; 1.0 would be a whole read).

    .venv/bin/python bench/storage_stream.py [--megabytes 64]
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
import tempfile
import tracemalloc
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from s3_server import MotoServer

from letters_app.config import Config
from letters_app.domain.models import Document
from letters_app.web import create_app
from letters_app.web.files import document_response


def peak_bytes(action: Callable[[], object]) -> int:
    tracemalloc.start()
    try:
        action()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def streamed_download(app, document: Document) -> int:  # type: ignore[no-untyped-def]
    """Serve the document as the download route does; count the bytes a client would get."""
    with app.test_request_context():
        response = document_response(document, "big.pdf")
        received = 0
        try:
            for chunk in response.response:
                received += len(chunk)
        finally:
            response.close()
    return received


def measure(name: str, env: dict[str, str], data: bytes, tmp: Path) -> float:
    config = Config.from_env({"INSTANCE_DIR": str(tmp / name), "SECRET_KEY": "bench",
                              "DATABASE_URL": f"sqlite:///{tmp / name}.db", **env})
    app = create_app(config)
    storage = app.extensions["letters"].storage
    blob = storage.put(data)
    document = Document(sha256=blob.sha256, size=blob.size, content_type="application/pdf")
    streamed_download(app, document)  # warm: connections, imports
    got = 0

    def stream() -> None:
        nonlocal got
        got = streamed_download(app, document)

    streamed = peak_bytes(stream)
    assert got == len(data)
    whole = peak_bytes(lambda: hashlib.sha256(storage.read(blob.sha256)).hexdigest())
    print(f"{name:5}  blob {len(data) / 2**20:6.1f} MB  streamed download peak "
          f"{streamed / 2**20:6.2f} MB  whole read peak {whole / 2**20:6.2f} MB  "
          f"({streamed / whole:.3f} of it)")
    return streamed / len(data)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=int, default=64)
    args = parser.parse_args()
    data = os.urandom(args.megabytes * 2**20)
    with tempfile.TemporaryDirectory() as tmpdir:
        tmp = Path(tmpdir)
        server = MotoServer(tmp / "moto.log")
        server.start()
        try:
            ratios = [measure("local", {"STORAGE_URL": (tmp / "blobs").as_uri()}, data, tmp),
                      measure("s3", server.env(server.new_bucket()), data, tmp)]
        finally:
            server.stop()
    print(f"stream_memory_ratio: {max(ratios):.4f}")


if __name__ == "__main__":
    main()
