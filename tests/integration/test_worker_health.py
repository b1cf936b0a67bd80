"""A real worker process, started like production, reaches the app's config and database."""

from __future__ import annotations

import pytest
from conftest import WorkerProcess, send_job
from sqlalchemy import select

from letters_app.domain.database import Database
from letters_app.domain.models import WorkerHeartbeat

pytestmark = [pytest.mark.worker, pytest.mark.postgres, pytest.mark.redis]


def test_worker_runs_health_check_and_writes_to_postgres(
        celery_worker: WorkerProcess, worker_env: dict[str, str]) -> None:
    from letters_app.jobs import Job

    heartbeat_id = send_job(worker_env, Job.HEALTH_CHECK).get(timeout=30)
    db = Database(worker_env["DATABASE_URL"])
    try:
        with db.session() as session:
            beat = session.scalar(select(WorkerHeartbeat).where(WorkerHeartbeat.id == heartbeat_id))
            assert beat is not None
            assert beat.hostname
    finally:
        db.dispose()
    assert celery_worker.process.poll() is None  # still serving
