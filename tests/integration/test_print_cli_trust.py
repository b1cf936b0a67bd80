"""`letters print pull` trusts nothing the server sends: hostile ids and kinds write nothing
outside --out, a file URL on another origin never gets the token; and an interrupted
download resumes with a Range request instead of starting again."""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from conftest import LiveServer
from flask import Flask, request
from test_print_cli import letters_cli, print_files, ready_letters, shop_secret

SHA = "0" * 64


class Recorder(ThreadingHTTPServer):
    """A loopback server that answers every GET with `body` and records who called."""

    def __init__(self, body: object) -> None:
        self.body = json.dumps(body).encode()
        self.calls: list[tuple[str, str | None]] = []
        super().__init__(("127.0.0.1", 0), _Handler)
        self.url = f"http://127.0.0.1:{self.server_port}"


class _Handler(BaseHTTPRequestHandler):
    server: Recorder

    def do_GET(self) -> None:
        self.server.calls.append((self.path, self.headers.get("Authorization")))
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(self.server.body)))
        self.end_headers()
        self.wfile.write(self.server.body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def serve() -> Iterator:  # type: ignore[type-arg]
    servers: list[Recorder] = []

    def start(body: object) -> Recorder:
        server = Recorder(body)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def listing(letter_id: object, kind: object = "letter_pdf", url: str = "/x",
            **page: object) -> dict:
    return {"letters": [{"id": letter_id, "files": [{"kind": kind, "sha256": SHA, "size": 1,
                                                      "url": url, **page}]}]}


def files_under(root: Path) -> set[Path]:
    return {p for p in root.rglob("*") if p.is_file()}


@pytest.mark.parametrize("hostile", [
    listing("../../x"), listing("1/../../x"), listing(True), listing(-3),
    listing(7, kind="../../evil"), listing(7, kind="letter_pdf/../../x"),
    # A plot file's page goes into its name: only a small whole number will do.
    listing(7, kind="plot_svg"), listing(7, kind="plot_svg", page="../../x"),
    listing(7, kind="plot_gcode", page=True), listing(7, kind="plot_hpgl", page=0),
    listing(7, kind="plot_svg", page=1000), listing(7, kind="plot_svg", page="1"),
    listing(7, kind="batch_pdf"),
])
def test_hostile_ids_and_kinds_write_nothing_anywhere(serve, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                      hostile: dict) -> None:
    server = serve(hostile)
    out = tmp_path / "a" / "b" / "out"
    result = letters_cli("print", "pull", "--api", server.url, "--out", str(out),
                         token="lt_secret")
    assert result.returncode == 1
    assert "nothing written" in result.stderr
    assert files_under(tmp_path) == set()
    assert [path for path, _ in server.calls] == ["/api/v1/print/letters"]


@pytest.mark.parametrize("shape", ["http://127.0.0.1:{port}/steal", "//127.0.0.1:{port}/steal"])
def test_a_file_url_on_another_origin_never_gets_the_token(serve, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                           shape: str) -> None:
    thief = serve({})
    server = serve(listing(7, url=shape.format(port=thief.server_port)))
    result = letters_cli("print", "pull", "--api", server.url, "--out", str(tmp_path / "out"),
                         token="lt_secret")
    assert result.returncode == 1
    assert "another origin" in result.stderr
    assert thief.calls == []
    assert files_under(tmp_path) == set()


def test_an_interrupted_download_resumes_with_range(
        live_app: tuple[Flask, LiveServer], tmp_path: Path) -> None:
    app, server = live_app
    ranges: list[str | None] = []

    @app.before_request
    def record() -> None:
        if "/files/" in request.path:
            ranges.append(request.headers.get("Range"))

    [letter_id] = ready_letters(app, 1)

    secret = shop_secret(app)
    expected = print_files(app, letter_id)
    stored = app.extensions["letters"].storage.read(expected["letter.pdf"])
    folder = tmp_path / "out" / str(letter_id)
    folder.mkdir(parents=True)
    half = len(stored) // 2
    (folder / ".letter.pdf.part").write_bytes(stored[:half])  # what a broken pull left

    result = letters_cli("print", "pull", "--out", str(tmp_path / "out"), "--progress",
                         token=secret, env={"LETTERS_API_URL": server.url})
    assert result.returncode == 0, result.stderr
    assert ranges == [f"bytes={half}-", None]  # the letter resumed, the envelope in full
    assert "letter.pdf" in result.stderr  # the progress bar named the file
    for name, sha256 in expected.items():
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == sha256
    assert sorted(p.name for p in folder.iterdir()) == ["envelope.pdf", "letter.pdf"]
