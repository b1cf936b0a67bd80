"""Separate queues: renders, drafts and mail each have their own, so a flood of one kind of work
never starves another, and `letters queue` shows how deep each one is."""

from __future__ import annotations

import time

import pytest
from click.testing import CliRunner
from conftest import WorkerProcess, celery_client
from sqlalchemy import select

from letters_app.config import Config
from letters_app.domain import accounts
from letters_app.domain.customer_actions import approve
from letters_app.domain.models import Letter, Role
from letters_app.jobs.catalog import Queue, queue_name
from letters_app.services import Services

pytestmark = [pytest.mark.worker, pytest.mark.postgres, pytest.mark.redis]


def test_a_flood_of_renders_does_not_hold_up_drafts_and_the_queue_report_counts_it(
        worker_env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    from letters_app.cli import main
    from letters_app.demo import sample_order, seed_letters_awaiting_approval
    from letters_app.domain.orders import place_order

    services = Services.create(Config.from_env(worker_env))
    prefix = worker_env["CELERY_QUEUE"]
    with services.db.session() as session:
        customer = accounts.create_user(session, email="flood@example.com", name="Flo Od",
                                        password="correct horse battery", role=Role.CUSTOMER)
        flood = seed_letters_awaiting_approval(session, customer, 20)
    for letter_id in flood:
        with services.db.session() as session:
            letter = session.get(Letter, letter_id)
            approve(session, letter, letter.customer, letter.current_version)
    services.relay()
    # Only a drafts + mail worker runs: the renders wait in their own queue.
    worker = WorkerProcess(worker_env, queues=[queue_name(prefix, Queue.DRAFTS),
                                               queue_name(prefix, Queue.MAIL)])
    try:
        worker.wait_ready(celery_client(worker_env))
        with services.unit_of_work() as session:  # a new order: its draft job goes out
            customer = session.get(type(customer), customer.id)
            waiting = place_order(session, customer, sample_order(
                "Lois Twombly", "Grandma", "grandmother", "thank_you", "warm", "bread",
                "kalam", "12 Rue de la Paix", "Paris", "75002", "FR"), order_key="new").id
        deadline = time.monotonic() + 120
        while True:
            with services.db.session() as session:
                status = session.scalar(select(Letter.status).where(Letter.id == waiting))
                if status == "in_review":
                    break
            assert time.monotonic() < deadline, "the draft waited behind the renders"
            time.sleep(0.2)
    finally:
        worker.stop()

    # The draft's worker relays the proof job just after its commit: wait for it to land.
    from letters_app.jobs.depths import queue_depths

    renders = queue_name(prefix, Queue.RENDERS)
    deadline = time.monotonic() + 60
    while queue_depths(services.config)[renders] < 21:
        assert time.monotonic() < deadline, queue_depths(services.config)
        time.sleep(0.2)
    for name, value in worker_env.items():
        monkeypatch.setenv(name, value)
    report = CliRunner().invoke(main, ["queue"])
    assert report.exit_code == 0, report.output
    assert f"{queue_name(prefix, Queue.RENDERS)}" in report.output
    renders_line = next(line for line in report.output.splitlines()
                        if queue_name(prefix, Queue.RENDERS) in line)
    assert renders_line.split()[1] == "21"  # the 20 finals and the new draft's proof
    rendering_line = next(line for line in report.output.splitlines()
                          if line.strip().startswith("approved"))
    assert rendering_line.split()[1] == "20"
    services.db.dispose()
