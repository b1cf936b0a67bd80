"""Idempotency keys are kept 24 hours, then forgotten by the hourly beat job (or the CLI,
without a worker): the key may then name a new request."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from api_steps import business, order_body
from click.testing import CliRunner
from flask import Flask
from flask.testing import FlaskClient

from letters_app.cli import main
from letters_app.config import Config
from letters_app.domain.models import IdempotencyKey
from letters_app.jobs import Job, handlers
from letters_app.jobs.celery_settings import celery_settings


def _keys(app: Flask) -> list[str]:
    with app.extensions["letters"].db.session() as session:
        return sorted(session.scalars(sa.select(IdempotencyKey.key)))


def _age(app: Flask, key: str, hours: float) -> None:
    with app.extensions["letters"].db.session() as session:
        session.execute(sa.update(IdempotencyKey).where(IdempotencyKey.key == key).values(
            created_at=datetime.now(UTC) - timedelta(hours=hours)))
        session.commit()


def test_keys_older_than_a_day_are_purged_and_then_free(app: Flask, client: FlaskClient,
                                                        config: Config) -> None:
    headers = business(app)
    for key in ("old-key", "fresh-key"):
        made = client.post("/api/v1/orders", json=order_body(),
                           headers={**headers, "Idempotency-Key": key})
        assert made.status_code == 201
    _age(app, "old-key", 25)
    _age(app, "fresh-key", 23)
    assert handlers.run(app.extensions["letters"], Job.PURGE_IDEMPOTENCY_KEYS, {}) == 1
    assert _keys(app) == ["fresh-key"]
    # The purged key names a new request now; the kept one still refuses another body.
    other = order_body(recipient_name="Amy Ward")
    assert client.post("/api/v1/orders", json=other, headers={
        **headers, "Idempotency-Key": "old-key"}).status_code == 201
    assert client.post("/api/v1/orders", json=other, headers={
        **headers, "Idempotency-Key": "fresh-key"}).status_code == 422

    _age(app, "fresh-key", 30)
    result = CliRunner().invoke(main, ["purge-idempotency-keys"], env={
        "DATABASE_URL": config.database_url, "INSTANCE_DIR": str(config.instance_dir),
        "SECRET_KEY": "test-secret-key", "LETTERS_ENV": "testing"})
    assert result.exit_code == 0, result.output
    assert "Purged 1 expired idempotency key(s)." in result.output
    assert _keys(app) == ["old-key"]


def test_the_beat_runs_the_purge_hourly(config: Config) -> None:
    schedule = celery_settings(config)["beat_schedule"]["purge-idempotency-keys"]
    assert schedule == {"task": Job.PURGE_IDEMPOTENCY_KEYS.value, "schedule": 3600.0}
