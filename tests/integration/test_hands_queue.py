"""The hands queue with a real worker (PostgreSQL, Redis): an uploaded sheet is read by a
worker that takes only that queue, into a hand the customer can use; nothing else waits."""

from __future__ import annotations

import time

import pytest
from conftest import WorkerProcess, celery_client
from handmaking.simulate import filled_sheet, scanned

from letters_app.config import Config
from letters_app.domain import accounts, hand_building, hand_uploads
from letters_app.domain.models import HandState, OwnHand, Role
from letters_app.jobs.catalog import Queue, queue_name
from letters_app.services import Services

pytestmark = [pytest.mark.worker, pytest.mark.postgres, pytest.mark.redis]


def test_a_worker_on_the_hands_queue_reads_an_uploaded_sheet(
        worker_env: dict[str, str]) -> None:
    services = Services.create(Config.from_env(worker_env))
    worker = WorkerProcess(worker_env, concurrency=1,
                           queues=[queue_name(worker_env["CELERY_QUEUE"], Queue.HANDS)])
    try:
        with services.unit_of_work() as session:
            customer = accounts.create_user(session, email="ana@example.com", name="Ana",
                                            password="correct horse battery",
                                            role=Role.CUSTOMER)
            sheet, _ = hand_building.issue_sheet(session, customer, "letter")
        page, _ = filled_sheet("kalam", sheet_id=sheet.id, seed=2)
        with services.unit_of_work() as session:
            customer = session.get(type(customer), customer.id)
            hand_id = hand_uploads.receive_upload(session, services.storage, customer,
                                                  scanned(page, seed=2)).id
        worker.wait_ready(celery_client(worker_env))
        deadline = time.monotonic() + 90
        while True:
            with services.db.session() as session:
                hand = session.get(OwnHand, hand_id)
                if hand.state != HandState.PROCESSING:
                    break
            assert time.monotonic() < deadline, "the hands worker never read the sheet"
            time.sleep(0.3)
        assert hand.state == HandState.READY, hand.error
        assert hand.sheet_id == sheet.id and services.storage.exists(hand.font_sha256)
    finally:
        worker.stop()
        services.db.dispose()
