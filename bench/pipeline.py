"""The pipeline end to end: approvals in, print-ready letters out, through a real worker.

Starts `celery -A workers worker --concurrency 2` on the local Redis and PostgreSQL, and in one
run measures:
  burst    N letters approved at once: end-to-end letters/s (first approval -> last ready)
  paced    N/2 more approved at 60 % of the burst rate: approval -> ready_to_print p50/p95/p99
  no-op    a no-op Celery task (celery.accumulate) sent and waited for: the broker's own cost
  RSS      of the worker and its pool, at the start and the end
and last `pipeline_ratio: X`, X = burst letters/s / (concurrency x warm in-process render
letters/s of the same letters: letter PDF + envelope + previews). 1.0 would mean the service
adds nothing around the render; the target is >= 0.7.

    .venv/bin/python bench/pipeline.py [--letters 200] [--concurrency 2] [--storage s3]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from harness import celery_worker, percentile, postgres_database, rss_mib, worker_env
from sqlalchemy import func, select

from letters_app import rendering
from letters_app.config import Config
from letters_app.domain import accounts
from letters_app.domain.customer_actions import approve
from letters_app.domain.final_render import PREVIEW_DPI
from letters_app.domain.letter_inputs import style_of
from letters_app.domain.models import AuditEvent, Letter, Role
from letters_app.services import Services


def seed(services: Services, count: int, email: str) -> list[int]:
    from letters_app.demo import seed_letters_awaiting_approval

    with services.db.session() as session:
        customer = accounts.create_user(session, email=email, name="Bench Customer",
                                        password="bench password 1", role=Role.CUSTOMER)
        return seed_letters_awaiting_approval(session, customer, count)


def in_process_rate(services: Services, ids: list[int]) -> float:
    """Warm letters/s of the bare final render of these letters in this process."""
    with services.db.session() as session:
        letters = [session.get(Letter, letter_id) for letter_id in ids]
        work = [(letter.latest_version.text, style_of(letter), letter.seed,
                 letter.recipient_address.lines) for letter in letters]
    def render(text, style, seed, lines):  # type: ignore[no-untyped-def]
        pdf = rendering.render_letter(text, style, seed=seed)
        rendering.render_envelope(lines, style, seed=seed)
        rendering.render_previews(pdf, dpi=PREVIEW_DPI)
    render(*work[0])  # warm: fonts, glyph caches
    start = time.perf_counter()
    for item in work:
        render(*item)
    return len(work) / (time.perf_counter() - start)


def approve_all(services: Services, ids: list[int], every: float = 0.0) -> None:
    for letter_id in ids:
        began = time.perf_counter()
        with services.unit_of_work() as session:
            letter = session.get(Letter, letter_id)
            approve(session, letter, letter.customer, letter.current_version)
        if every:
            time.sleep(max(0.0, every - (time.perf_counter() - began)))


def wait_ready(services: Services, ids: list[int], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while True:
        with services.db.session() as session:
            done = session.scalar(select(func.count()).select_from(Letter).where(
                Letter.id.in_(ids), Letter.status == "ready_to_print"))
        if done == len(ids):
            return
        if time.monotonic() > deadline:
            raise RuntimeError(f"only {done} of {len(ids)} letters became ready")
        time.sleep(0.05)


def moments(services: Services, ids: list[int]) -> dict[int, dict[str, float]]:
    """Per letter, when it was approved and when it became ready (from the audit trail)."""
    with services.db.session() as session:
        rows = session.execute(select(AuditEvent.letter_id, AuditEvent.to_status,
                                      AuditEvent.created_at).where(
            AuditEvent.letter_id.in_(ids),
            AuditEvent.to_status.in_(["approved", "ready_to_print"])))
        found: dict[int, dict[str, float]] = {}
        for letter_id, status, at in rows:
            found.setdefault(letter_id, {})[status] = at.timestamp()
    return found


def noop_latencies(services: Services, count: int) -> list[float]:
    from letters_app.jobs.catalog import Queue, queue_name

    client = services.sender.app  # type: ignore[attr-defined]
    queue = queue_name(services.config.celery_queue, Queue.RENDERS)
    waits = []
    for n in range(count):
        start = time.perf_counter()
        client.send_task("celery.accumulate", args=(n,), queue=queue).get(timeout=30)
        waits.append(time.perf_counter() - start)
    return waits


@contextmanager
def storage_settings(kind: str, tmp: Path) -> Iterator[dict[str, str]]:
    """The settings of the storage to run on: the local folder, or a moto S3 server."""
    if kind == "local":
        yield {}
        return
    from s3_server import MotoServer

    server = MotoServer(tmp / "moto.log")
    server.start()
    try:
        yield server.env(server.new_bucket())
    finally:
        server.stop()


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--letters", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=2)
    parser.add_argument("--storage", choices=["local", "s3"], default="local")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="letters-bench-"))
    with postgres_database() as url, storage_settings(args.storage, tmp) as storage:
        env = worker_env(tmp, url, **storage)
        services = Services.create(Config.from_env(env))
        started = time.perf_counter()
        burst = seed(services, args.letters, "burst@example.com")
        paced = seed(services, max(1, args.letters // 2), "paced@example.com")
        print(f"seeded {len(burst) + len(paced)} letters awaiting approval in "
              f"{time.perf_counter() - started:.1f} s")
        render_rate = in_process_rate(services, burst[:20])
        print(f"in-process render (letter + envelope + previews): {render_rate:.1f} letters/s "
              f"({ms(1 / render_rate)} each)")
        with celery_worker(env, args.concurrency) as worker:
            rss_start = rss_mib(worker.pid)
            first = time.perf_counter()
            approve_all(services, burst)
            wait_ready(services, burst, timeout=60 + args.letters)
            burst_rate = len(burst) / (time.perf_counter() - first)
            print(f"burst: {len(burst)} letters in {len(burst) / burst_rate:.1f} s = "
                  f"{burst_rate:.1f} letters/s end to end")

            approve_all(services, paced, every=1 / (0.6 * burst_rate))
            wait_ready(services, paced, timeout=60 + args.letters)
            found = moments(services, paced)
            waits = [m["ready_to_print"] - m["approved"] for m in found.values()]
            print(f"paced at {0.6 * burst_rate:.1f}/s: approval -> ready_to_print "
                  f"p50 {ms(percentile(waits, 0.5))}, p95 {ms(percentile(waits, 0.95))}, "
                  f"p99 {ms(percentile(waits, 0.99))} (n={len(waits)})")

            noop = noop_latencies(services, 100)
            print(f"no-op Celery task round trip: p50 {ms(percentile(noop, 0.5))}, "
                  f"p95 {ms(percentile(noop, 0.95))}, p99 {ms(percentile(noop, 0.99))}, "
                  f"{1 / statistics.mean(noop):.0f}/s one at a time")
            rss_end = rss_mib(worker.pid)
            print(f"worker RSS (main + pool): {rss_start:.0f} MiB at start, "
                  f"{rss_end:.0f} MiB at the end")
        services.db.dispose()
    ratio = burst_rate / (args.concurrency * render_rate)
    print(f"pipeline_ratio: {ratio:.2f}")


if __name__ == "__main__":
    main()
