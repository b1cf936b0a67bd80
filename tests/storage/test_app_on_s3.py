"""The whole letter path with STORAGE_URL on S3: the customer orders, approves and downloads
the PDF, which the web app streams from the bucket; nothing lands in a local folder."""

from __future__ import annotations

import hashlib
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from conftest import _empty, make_config, signup
from flask import Flask
from letter_steps import file_links, letter_id_from, place_order, post_action
from pypdf import PdfReader
from s3_server import MotoServer, free_port

from letters_app.domain.models import Document
from letters_app.storage import open_storage

pytestmark = pytest.mark.s3


@pytest.fixture
def s3_app(tmp_path: Path, sqlite_url: str, s3_env: dict[str, str]) -> Iterator[Flask]:
    from letters_app.web import create_app

    app = create_app(make_config(tmp_path, sqlite_url, **s3_env))
    app.config["TESTING"] = True
    yield app
    app.extensions["letters"].db.dispose()
    _empty(sqlite_url)


def test_approved_letter_downloads_from_s3(s3_app: Flask, s3_env: dict[str, str],
                                           s3_server: MotoServer, tmp_path: Path) -> None:
    client = s3_app.test_client()
    signup(client)
    letter_id = letter_id_from(place_order(client))
    post_action(client, letter_id, "approve")

    page = client.get(f"/letters/{letter_id}").get_data(as_text=True)
    downloads = {link: client.get(link) for link in file_links(page, letter_id)}
    [(link, pdf)] = [(link, r) for link, r in downloads.items()
                     if r.headers.get("Content-Disposition")
                     == f"attachment; filename=letter-{letter_id}-letter.pdf"]

    assert pdf.status_code == 200 and pdf.is_streamed
    assert pdf.headers["Content-Type"] == "application/pdf"
    assert pdf.headers["Cache-Control"] == "private, no-store"
    body = pdf.get_data()
    sha256 = hashlib.sha256(body).hexdigest()
    assert int(pdf.headers["Content-Length"]) == len(body)
    assert pdf.headers["ETag"] == f'"{sha256}"'
    assert len(PdfReader(io.BytesIO(body)).pages) >= 1
    with s3_app.extensions["letters"].db.session() as session:
        documents = session.scalars(sa.select(Document).where(Document.letter_id == letter_id))
        stored = {d.sha256 for d in documents}
    assert sha256 in stored
    bucket, prefix = s3_env["STORAGE_URL"].removeprefix("s3://").split("/", 1)
    listed = s3_server.client().list_objects_v2(Bucket=bucket, Prefix=f"{prefix}/")
    assert {o["Key"].removeprefix(f"{prefix}/") for o in listed["Contents"]} >= stored
    assert not (tmp_path / "instance" / "storage").exists()

    again = client.get(link, headers={"If-None-Match": pdf.headers["ETag"]})
    assert again.status_code == 304 and not again.get_data()

    # A resumed download asks S3 for the rest only.
    rest = client.get(link, headers={"Range": "bytes=1000-", "If-Range": pdf.headers["ETag"]})
    assert rest.status_code == 206 and rest.get_data() == body[1000:]
    assert rest.headers["Content-Range"] == f"bytes 1000-{len(body) - 1}/{len(body)}"


def test_download_while_s3_is_unreachable_is_a_503(s3_app: Flask, s3_env: dict[str, str],
                                                   tmp_path: Path) -> None:
    client = s3_app.test_client()
    signup(client)
    letter_id = letter_id_from(place_order(client))
    post_action(client, letter_id, "approve")
    [link, *_] = file_links(client.get(f"/letters/{letter_id}").get_data(as_text=True), letter_id)
    # The same bucket behind an address where nothing answers: the server has gone away.
    dead = {**s3_env, "S3_ENDPOINT_URL": f"http://127.0.0.1:{free_port()}"}
    s3_app.extensions["letters"].storage = open_storage(make_config(tmp_path, "sqlite://", **dead))

    response = client.get(link)
    assert response.status_code == 503
    assert "not reachable" in response.get_data(as_text=True)
    assert response.mimetype == "text/html" and response.headers["Retry-After"] == "30"
