"""Confirm pressed twice at once (two tabs, a double click through a slow proxy) on
PostgreSQL: the CSV's orders are made once."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from api.test_bulk_orders import csv_text, good_row
from api_steps import business
from conftest import csrf_token, login
from flask import Flask
from web.test_bulk_upload import FORM, PAGE

from letters_app.domain.models import Letter

pytestmark = pytest.mark.postgres


@pytest.fixture
def pg_app(tmp_path: Path, postgres_url: str) -> Iterator[Flask]:
    from conftest import _empty, make_config

    from letters_app.web import create_app

    _empty(postgres_url)
    app = create_app(make_config(tmp_path, postgres_url, AUTO_RELEASE_ENGINE_DRAFTS="false"))
    app.config["TESTING"] = True
    yield app
    app.extensions["letters"].db.dispose()
    _empty(postgres_url)


def test_two_confirms_at_once_make_the_orders_once(pg_app: Flask) -> None:
    business(pg_app)
    text = csv_text([good_row(n) for n in range(6)])
    clients = [pg_app.test_client() for _ in range(2)]
    forms = []
    for client in clients:
        assert login(client, "acme@example.com", "api client pw 1").status_code == 302
        forms.append({**FORM, "csrf_token": csrf_token(client, PAGE), "confirm": "1",
                      "checked_csv": text})
    barrier, pages = threading.Barrier(2), ["", ""]

    def confirm(index: int) -> None:
        barrier.wait()
        pages[index] = clients[index].post(PAGE, data=forms[index]).get_data(as_text=True)

    threads = [threading.Thread(target=confirm, args=(i,)) for i in (0, 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert all("6 orders placed" in page for page in pages), pages
    with pg_app.extensions["letters"].db.session() as session:
        assert session.scalar(sa.select(sa.func.count()).select_from(Letter)) == 6
