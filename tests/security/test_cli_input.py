"""The CLI, a third door into the domain, refuses hostile text and ids with the domain's
message and no traceback, and changes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from letters_app.cli import main
from letters_app.domain.database import Database
from letters_app.domain.models import User

pytestmark = pytest.mark.security


def _run(tmp_path: Path, database_url: str, *args: str,
         input: str | None = None):  # type: ignore[no-untyped-def]
    env = {"DATABASE_URL": database_url, "INSTANCE_DIR": str(tmp_path / "instance"),
           "SECRET_KEY": "test-secret-key", "LETTERS_ENV": "testing"}
    return CliRunner().invoke(main, list(args), env=env, input=input)


def _users(db: Database) -> int:
    with db.session() as session:
        return session.scalar(select(func.count()).select_from(User))


@pytest.mark.parametrize("name", ["Ana\x00Lima", "Ana\x1bLima", "Ana\x85Lima"])
def test_create_user_refuses_control_characters_by_field(tmp_path: Path, database_url: str,
                                                         db: Database, name: str) -> None:
    result = _run(tmp_path, database_url, "create-user", "--email", "ana@example.com",
                  "--name", name, input="a long password 1\na long password 1\n")
    assert result.exit_code == 1, result.output
    assert "name: Remove the control character" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert _users(db) == 0


@pytest.mark.parametrize("token_id", ["0", "-1", str(2**63), str(2**64)])
def test_token_revoke_refuses_ids_out_of_range(tmp_path: Path, sqlite_url: str,
                                               token_id: str) -> None:
    result = _run(tmp_path, sqlite_url, "token", "revoke", "--email", "x@example.com",
                  "--", token_id)
    assert result.exit_code == 2, result.output  # click's usage error, not a traceback
    assert "is not in the range" in result.output
