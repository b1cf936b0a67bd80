"""The security suite's cast: one app per test module and backend (see world.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from conftest import _empty

from security.world import World, build_world


@pytest.fixture(scope="module",
                params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def world(request: pytest.FixtureRequest,
          tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    url = request.getfixturevalue("sqlite_url" if request.param == "sqlite" else "postgres_url")
    _empty(url)
    built = build_world(tmp_path_factory.mktemp("security"), url)
    yield built
    built.app.extensions["letters"].db.dispose()
    _empty(url)
