"""The security suite's cast: one app per test module and backend (see world.py)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from conftest import _empty

from security.world import World, build_world


@contextmanager
def world_on(url: str, instance: Path) -> Iterator[World]:
    _empty(url)
    built = build_world(instance, url)
    try:
        yield built
    finally:
        built.app.extensions["letters"].db.dispose()
        _empty(url)


@pytest.fixture(scope="module",
                params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def world(request: pytest.FixtureRequest,
          tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    """The cast on SQLite and on PostgreSQL, where what the database stores matters."""
    url = request.getfixturevalue("sqlite_url" if request.param == "sqlite" else "postgres_url")
    with world_on(url, tmp_path_factory.mktemp("security")) as built:
        yield built


@pytest.fixture(scope="module")
def sqlite_world(sqlite_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    """The cast on the embedded default, for questions the database plays no part in."""
    with world_on(sqlite_url, tmp_path_factory.mktemp("security")) as built:
        yield built
