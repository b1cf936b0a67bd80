"""Approval -> downloadable: how long a customer waits after pressing "Approve".

Measured two ways in one run, each as the median of N letters:
  embedded  SQLite, tasks in-process (what `make run` serves)
  worker    PostgreSQL + Redis + a real `celery -A workers worker` process
against a baseline measured in the same run: the bare render of the same letter (letter PDF,
envelope PDF, preview PNGs) in-process. The ratio says what the service adds around the render.

    .venv/bin/python bench/flow_latency.py [--letters 20] [--skip-worker]
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "bench"))

from harness import celery_worker, postgres_database, worker_env  # noqa: E402
from letter_steps import letter_id_from, order_data, shown_version  # noqa: E402

from letters_app import migrations, rendering  # noqa: E402
from letters_app.config import Config  # noqa: E402
from letters_app.domain.final_render import PREVIEW_DPI  # noqa: E402
from letters_app.domain.letter_inputs import style_of  # noqa: E402
from letters_app.domain.models import Letter  # noqa: E402
from letters_app.web import create_app  # noqa: E402

CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
KEY = re.compile(r'name="order_key" type="hidden" value="([0-9a-f]+)"')


def _token(client, url: str) -> str:  # type: ignore[no-untyped-def]
    return CSRF.search(client.get(url).get_data(as_text=True)).group(1)


def _status(client, letter_id: int) -> str:  # type: ignore[no-untyped-def]
    return client.get(f"/letters/{letter_id}/status.json").get_json()["status"]


def _wait(client, letter_id: int, status: str, timeout: float = 120) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while _status(client, letter_id) != status:
        if time.monotonic() > deadline:
            raise RuntimeError(f"letter {letter_id} never reached {status}")
        time.sleep(0.01)


def measure(env: dict[str, str], letters: int) -> tuple[list[float], float]:
    """Approval->ready times for `letters` letters, and the median bare render of them."""
    app = create_app(Config.from_env(env))
    client = app.test_client()
    password = "bench password 1"
    html = client.get("/signup").get_data(as_text=True)
    client.post("/signup", data={"name": "Bench", "email": f"b{uuid.uuid4().hex[:6]}@example.com",
                                 "password": password, "confirm": password,
                                 "csrf_token": CSRF.search(html).group(1)})
    ids = []
    for _ in range(letters):
        form = client.get("/letters/new").get_data(as_text=True)
        response = client.post("/letters/new", data={
            **order_data(), "csrf_token": CSRF.search(form).group(1),
            "order_key": KEY.search(form).group(1)})
        ids.append(letter_id_from(response))
    for letter_id in ids:
        _wait(client, letter_id, "awaiting_approval")
    waits = []
    for letter_id in ids:
        token = _token(client, f"/letters/{letter_id}")
        version = shown_version(client, letter_id)
        start = time.perf_counter()
        client.post(f"/letters/{letter_id}/approve", data={"csrf_token": token,
                                                           "version": version})
        _wait(client, letter_id, "ready_to_print")
        waits.append(time.perf_counter() - start)
    renders = []
    with app.extensions["letters"].db.session() as session:
        for letter_id in ids:
            letter = session.get(Letter, letter_id)
            style = style_of(letter)
            start = time.perf_counter()
            pdf = rendering.render_letter(letter.latest_version.text, style, seed=letter.seed)
            rendering.render_envelope(letter.recipient_address.lines, style, seed=letter.seed)
            rendering.render_previews(pdf, dpi=PREVIEW_DPI)
            renders.append(time.perf_counter() - start)
    app.extensions["letters"].db.dispose()
    return waits, statistics.median(renders)


def _report(name: str, waits: list[float], render: float) -> None:
    median = statistics.median(waits)
    print(f"{name:<9} approval->downloadable median {median * 1000:7.1f} ms "
          f"(min {min(waits) * 1000:.1f}, max {max(waits) * 1000:.1f}, n={len(waits)}); "
          f"bare render {render * 1000:.1f} ms; ratio {median / render:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--letters", type=int, default=20)
    parser.add_argument("--skip-worker", action="store_true")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="letters-bench-"))

    sqlite_url = f"sqlite:///{tmp / 'bench.db'}"
    migrations.upgrade(sqlite_url)
    embedded = {"INSTANCE_DIR": str(tmp / "embedded"), "DATABASE_URL": sqlite_url,
                "SECRET_KEY": "bench", "LOGIN_RATE_LIMIT": "1000 per minute"}
    _report("embedded", *measure(embedded, args.letters))
    if args.skip_worker:
        return

    with postgres_database() as pg_url:
        env = worker_env(tmp / "worker", pg_url)
        with celery_worker(env):
            _report("worker", *measure(env, args.letters))


if __name__ == "__main__":
    main()
