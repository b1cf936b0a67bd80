"""What the benchmarks share: a throwaway PostgreSQL database, a real worker process, RSS."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parent.parent
PG_ADMIN_URL = os.environ.get("BENCH_POSTGRES_URL",
                              "postgresql+psycopg://postgres@127.0.0.1:5432/test")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/13")


@contextmanager
def postgres_database() -> Iterator[str]:
    """A migrated database of its own for one benchmark run, dropped afterwards."""
    from letters_app import migrations

    admin = sa.create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    name = f"letters_bench_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    url = admin.url.set(database=name).render_as_string(hide_password=False)
    try:
        migrations.upgrade(url)
        yield url
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def worker_env(tmp: Path, database_url: str, **extra: str) -> dict[str, str]:
    return {"INSTANCE_DIR": str(tmp / "instance"), "STORAGE_DIR": str(tmp / "storage"),
            "DATABASE_URL": database_url, "SECRET_KEY": "bench",
            "LOGIN_RATE_LIMIT": "1000 per minute", "CELERY_BROKER_URL": REDIS_URL,
            "CELERY_QUEUE": f"letters-bench-{uuid.uuid4().hex[:8]}", **extra}


@contextmanager
def celery_worker(env: dict[str, str], concurrency: int = 2) -> Iterator[subprocess.Popen[bytes]]:
    """`celery -A workers worker` on every queue of `env`, ready when this yields."""
    from letters_app.config import Config
    from letters_app.jobs.catalog import Queue, queue_name
    from letters_app.jobs.senders import celery_client

    Path(env["INSTANCE_DIR"]).mkdir(parents=True, exist_ok=True)
    queues = ",".join(queue_name(env["CELERY_QUEUE"], queue) for queue in Queue)
    worker = subprocess.Popen(
        [str(Path(sys.executable).with_name("celery")), "-A", "workers", "worker",
         f"--concurrency={concurrency}", "--loglevel=WARNING", "--without-gossip",
         "--without-mingle", "-Q", queues],
        env={**os.environ, **env}, cwd=ROOT, start_new_session=True,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    client = celery_client(Config.from_env(env))
    try:
        while not client.control.inspect(timeout=0.5).ping():
            if worker.poll() is not None:
                raise RuntimeError("the worker exited at start")
            time.sleep(0.25)
        yield worker
    finally:
        os.killpg(worker.pid, signal.SIGTERM)
        worker.wait(timeout=60)


def rss_mib(pid: int) -> float:
    """Resident memory of a process and its children (a prefork worker and its pool)."""
    total = 0
    for each in [pid, *_children(pid)]:
        try:
            status = Path(f"/proc/{each}/status").read_text()
        except FileNotFoundError:
            continue
        total += next(int(line.split()[1]) for line in status.splitlines()
                      if line.startswith("VmRSS:"))
    return total / 1024


def _children(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except FileNotFoundError:
        return []


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]
