"""Shared fixtures: real databases (SQLite and PostgreSQL), real Redis, the app and a client.

Tests that need PostgreSQL or Redis talk to the real servers. Where a server is missing they
skip with the reason, except under CI (CI=true), where a missing server is a failure.
"""

from __future__ import annotations

import os
import re
import shutil
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from s3_server import MotoServer
from werkzeug.serving import make_server

from letters_app import migrations
from letters_app.config import Config
from letters_app.domain.database import Database
from letters_app.domain.models import Base

PG_ADMIN_URL = os.environ.get("TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/14")
IN_CI = os.environ.get("CI", "").lower() == "true"


def server_missing(what: str, why: object) -> None:
    message = f"{what} is not reachable ({why}); start it to run these tests"
    if IN_CI:
        pytest.fail(f"{message} — under CI this is a failure, not a skip")
    pytest.skip(message)


# --- databases -------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A fresh PostgreSQL database for this test run, migrated to head, dropped at the end."""
    admin = sa.create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT",
                             connect_args={"connect_timeout": 3})
    name = f"letters_test_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    try:
        with admin.connect() as conn:
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    except sa.exc.OperationalError as err:
        admin.dispose()
        server_missing("PostgreSQL at 127.0.0.1:5432", err.orig)
    url = admin.url.set(database=name).render_as_string(hide_password=False)
    migrations.upgrade(url)
    yield url
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(scope="session")
def sqlite_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('sqlite') / 'letters.db'}"
    migrations.upgrade(url)
    return url


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest) -> Iterator[str]:
    """Each test using this runs on both backends, on a migrated, emptied database."""
    url = request.getfixturevalue(f"{request.param}_url" if request.param == "sqlite"
                                  else "postgres_url")
    yield url
    _empty(url)


def _empty(url: str) -> None:
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        for table in reversed(Base.metadata.sorted_tables):
            conn.execute(table.delete())
    engine.dispose()


@pytest.fixture
def db(database_url: str) -> Iterator[Database]:
    database = Database(database_url)
    yield database
    database.dispose()


# --- Redis -----------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def redis_url() -> str:
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.RedisError as err:
        server_missing("Redis at 127.0.0.1:6379", err)
    finally:
        client.close()
    return REDIS_URL


# --- S3: moto's standalone server ------------------------------------------------------------

@pytest.fixture(scope="session")
def s3_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[MotoServer]:
    server = MotoServer(tmp_path_factory.mktemp("moto") / "moto.log")
    try:
        server.start()
    except RuntimeError as err:
        server_missing("The moto S3 server", err)
    yield server
    server.stop()


@pytest.fixture
def s3_env(s3_server: MotoServer) -> dict[str, str]:
    """STORAGE_URL and friends for a fresh bucket of its own on the session's S3 server."""
    return s3_server.env(s3_server.new_bucket())


# --- the app ---------------------------------------------------------------------------------

def make_config(tmp_path: Path, database_url: str, **env: str) -> Config:
    return Config.from_env({
        "INSTANCE_DIR": str(tmp_path / "instance"),
        "DATABASE_URL": database_url,
        "SECRET_KEY": "test-secret-key",
        "LETTERS_ENV": "testing",
        **env,
    })


@pytest.fixture
def config(tmp_path: Path, database_url: str) -> Config:
    return make_config(tmp_path, database_url)


@pytest.fixture
def app(config: Config) -> Iterator[Flask]:
    from letters_app.web import create_app

    flask_app = create_app(config)
    flask_app.config["TESTING"] = True
    yield flask_app
    flask_app.extensions["letters"].db.dispose()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


CSRF_RE = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"|'
                     r'name="csrf_token" value="([^"]+)"')


def csrf_token(client: FlaskClient, url: str) -> str:
    """The CSRF token from the form on `url`, as a browser would submit it."""
    page = client.get(url)
    match = CSRF_RE.search(page.get_data(as_text=True))
    assert match, f"no CSRF token on {url} ({page.status_code})"
    return match.group(1) or match.group(2)


def post_form(client: FlaskClient, url: str, data: dict[str, object], form_url: str | None = None,
              **kwargs: object):  # type: ignore[no-untyped-def]
    token = csrf_token(client, form_url or url)
    return client.post(url, data={**data, "csrf_token": token}, **kwargs)


def signup(client: FlaskClient, email: str = "ana@example.com", name: str = "Ana Lima",
           password: str = "correct horse battery") -> None:
    """Sign up and follow the confirmation link (made as the emailed one is), logged in."""
    response = post_form(client, "/signup", {"name": name, "email": email, "password": password,
                                             "confirm": password})
    assert response.status_code == 302, response.get_data(as_text=True)
    response = client.get(f"/signup/confirm/{signup_token(client, email)}")
    assert response.status_code == 302 and response.headers["Location"].endswith("/letters")
    # Read and gone from the inbox, so tests of the letters' emails count only theirs.
    mail = Path(client.application.extensions["letters"].config.instance_dir) / "mail"
    for path in mail.glob("*.eml"):
        if b"Subject: Confirm your email" in path.read_bytes():
            path.unlink()


def signup_token(client: FlaskClient, email: str) -> str:
    from letters_app.domain import accounts

    services = client.application.extensions["letters"]
    with services.db.session() as session:
        user = accounts.find_user_by_email(session, email)
        assert user is not None, f"no sign-up for {email}"
        return accounts.signup_token(user, services.config.secret_key)


def login(client: FlaskClient, email: str, password: str):  # type: ignore[no-untyped-def]
    return post_form(client, "/login", {"email": email, "password": password})


def logout(client: FlaskClient) -> None:
    post_form(client, "/logout", {}, form_url="/account")


# --- a real Celery worker ----------------------------------------------------------------------

class WorkerProcess:
    """`celery -A workers worker` in its own process, on real Redis and PostgreSQL."""

    def __init__(self, env: dict[str, str], concurrency: int = 2,
                 queues: list[str] | None = None) -> None:
        import subprocess
        import sys

        self.env = env
        self.log = Path(env["INSTANCE_DIR"]) / "worker.log"
        self.log.parent.mkdir(parents=True, exist_ok=True)
        celery_bin = Path(sys.executable).with_name("celery")
        self.process = subprocess.Popen(
            [str(celery_bin), "-A", "workers", "worker", "--pool=prefork",
             f"--concurrency={concurrency}", "--loglevel=INFO", "--without-gossip",
             "--without-mingle", "--without-heartbeat", "-Q", ",".join(queues or queues_of(env)),
             "-n", f"test-{uuid.uuid4().hex[:8]}@%h"],
            env={**os.environ, **env}, stdout=self.log.open("wb"), stderr=subprocess.STDOUT,
            start_new_session=True, cwd=str(Path(__file__).resolve().parent.parent))

    @property
    def pid(self) -> int:
        return self.process.pid

    def wait_ready(self, app, timeout: float = 60) -> None:  # type: ignore[no-untyped-def]
        import time

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"worker exited early:\n{self.log.read_text()[-3000:]}")
            replies = app.control.inspect(timeout=0.5).ping() or {}
            if any(name.startswith("test-") for name in replies):
                return
            time.sleep(0.25)
        raise RuntimeError(f"worker not ready:\n{self.log.read_text()[-3000:]}")

    def stop(self) -> None:
        import signal
        import subprocess

        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)


@pytest.fixture
def worker_env(tmp_path: Path, postgres_url: str, redis_url: str) -> dict[str, str]:
    """Settings shared by the test process and its worker: PostgreSQL, Redis, one queue."""
    _empty(postgres_url)
    return {
        "INSTANCE_DIR": str(tmp_path / "instance"),
        "STORAGE_DIR": str(tmp_path / "storage"),
        "DATABASE_URL": postgres_url,
        "SECRET_KEY": "test-secret-key",
        "LETTERS_ENV": "testing",
        "CELERY_BROKER_URL": redis_url,
        "CELERY_QUEUE": f"letters-test-{uuid.uuid4().hex[:10]}",
    }


def queues_of(env: dict[str, str]) -> list[str]:
    """Every queue of the deployment `env` describes: a test worker consumes them all."""
    from letters_app.jobs.catalog import Queue, queue_name

    return [queue_name(env["CELERY_QUEUE"], queue) for queue in Queue]


def celery_client(env: dict[str, str]):  # type: ignore[no-untyped-def]
    """A Celery app that sends to and inspects the workers of `env`, as the web app does."""
    from letters_app.jobs.senders import celery_client as make_client

    return make_client(Config.from_env(env))


def send_job(env: dict[str, str], job, **payload: int):  # type: ignore[no-untyped-def]
    """Send `job` to the workers of `env` by name, as the beat or the relay would."""
    from letters_app.jobs.catalog import queue_name

    return celery_client(env).send_task(job.value, kwargs=payload,
                                        queue=queue_name(env["CELERY_QUEUE"], job.spec.queue))


@pytest.fixture
def celery_worker(worker_env: dict[str, str]) -> Iterator[WorkerProcess]:
    worker = WorkerProcess(worker_env)
    try:
        worker.wait_ready(celery_client(worker_env))
        yield worker
    finally:
        worker.stop()
        _empty(worker_env["DATABASE_URL"])


# --- browser tests: Debian's Chromium driven by Playwright, the app on a loopback port ---------

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic"]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    if not Path(CHROMIUM).exists():
        message = f"Chromium not found at {CHROMIUM} (apt-get install chromium)"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict) -> dict:
    return {**browser_context_args, "accept_downloads": True,
            "viewport": {"width": 1280, "height": 900}}


class LiveServer:
    def __init__(self, app) -> None:  # type: ignore[no-untyped-def]
        self.app = app
        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.thread.join(timeout=10)


@pytest.fixture
def live_server(tmp_path: Path, sqlite_url: str) -> Iterator[LiveServer]:
    """The embedded default: SQLite, tasks in-process, served by a real HTTP server."""
    from letters_app.web import create_app

    app = create_app(make_config(tmp_path, sqlite_url))
    server = LiveServer(app)
    yield server
    server.stop()
    app.extensions["letters"].db.dispose()
    _empty(sqlite_url)


@pytest.fixture
def live_worker_server(celery_worker: WorkerProcess,
                       worker_env: dict[str, str]) -> Iterator[LiveServer]:
    """The production shape: PostgreSQL, Redis and a real worker behind a real HTTP server."""
    from letters_app.web import create_app

    app = create_app(Config.from_env(worker_env))
    server = LiveServer(app)
    yield server
    server.stop()
    app.extensions["letters"].db.dispose()


@pytest.fixture
def screenshots(request: pytest.FixtureRequest) -> Path:
    """Where a test leaves its screenshots, one folder per test: under SCREENSHOT_DIR if set,
    else test-results/screenshots/ in the checkout (git ignores it), to look at after a run."""
    root = Path(os.environ.get("SCREENSHOT_DIR")
                or Path(__file__).resolve().parent.parent / "test-results" / "screenshots")
    target = root / re.sub(r"[^\w.-]+", "-", request.node.name).strip("-")
    target.mkdir(parents=True, exist_ok=True)
    return target


@pytest.fixture
def live_app(tmp_path: Path, sqlite_url: str) -> Iterator[tuple[Flask, LiveServer]]:
    """The embedded default on a loopback port, with its app to set up data in-process."""
    from letters_app.web import create_app

    app = create_app(make_config(tmp_path, sqlite_url))
    app.config["TESTING"] = True
    server = LiveServer(app)
    yield app, server
    server.stop()
    app.extensions["letters"].db.dispose()
    _empty(sqlite_url)
