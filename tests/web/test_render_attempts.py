"""A render message that never gets an answer (it kills its worker every time) ends in a failed
job with the reason for staff, instead of looping for ever; a passing outage does not count."""

from __future__ import annotations

import pytest
from conftest import login, logout, signup
from flask import Flask
from flask.testing import FlaskClient
from letter_steps import letter_id_from, place_order, post_action

from letters_app.domain import accounts
from letters_app.domain.models import Letter, RenderKind, Role
from letters_app.domain.render_jobs import MAX_ATTEMPTS, begin_attempt, render_job
from letters_app.jobs import Job
from letters_app.jobs.handlers import run
from letters_app.storage import StoredBlob


def approved_but_not_rendered(app: Flask, client: FlaskClient) -> int:
    """An approved letter whose render message is on its way (not yet run)."""
    signup(client)
    letter_id = letter_id_from(place_order(client))
    services = app.extensions["letters"]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(services.sender, "send", lambda job, payload: None)
        post_action(client, letter_id, "approve")
    return letter_id


def job_of(app: Flask, letter_id: int):  # type: ignore[no-untyped-def]
    with app.extensions["letters"].db.session() as session:
        return render_job(session, letter_id, 1, RenderKind.FINAL)


def status_of(app: Flask, letter_id: int) -> str:
    with app.extensions["letters"].db.session() as session:
        return session.get(Letter, letter_id).status


def test_a_render_that_killed_its_worker_every_time_gives_up_with_the_reason(
        app: Flask, client: FlaskClient) -> None:
    letter_id = approved_but_not_rendered(app, client)
    services = app.extensions["letters"]
    for _ in range(MAX_ATTEMPTS):  # each attempt started, then its worker was killed
        with services.db.session() as session:
            assert begin_attempt(session, letter_id, 1, RenderKind.FINAL)
    assert status_of(app, letter_id) == "rendering"

    run(services, Job.RENDER_FINAL, {"letter_id": letter_id, "version": 1})  # redelivered

    assert status_of(app, letter_id) == "render_failed"
    job = job_of(app, letter_id)
    assert job.state == "failed" and f"Gave up after {MAX_ATTEMPTS} attempts" in job.error
    with services.db.session() as session:
        accounts.create_user(session, email="rita@example.com", name="Rita", role=Role.REVIEWER,
                             password="reviewer password 1")
    logout(client)
    login(client, "rita@example.com", "reviewer password 1")
    page = client.get(f"/staff/letters/{letter_id}").get_data(as_text=True)
    assert f"Gave up after {MAX_ATTEMPTS} attempts" in page


class StorageAway:
    """A storage server that does not answer, as boto3 or a lost mount would say it."""

    def put(self, data: bytes) -> StoredBlob:
        raise ConnectionRefusedError("storage server is not answering")

    def read(self, sha256: str) -> bytes:
        raise ConnectionRefusedError("storage server is not answering")


def test_a_passing_storage_outage_does_not_count_as_an_attempt_and_is_retried(
        app: Flask, client: FlaskClient) -> None:
    letter_id = approved_but_not_rendered(app, client)
    services = app.extensions["letters"]
    working = services.storage
    services.storage = StorageAway()
    for _ in range(MAX_ATTEMPTS + 2):  # more outages than a poison message is allowed
        with pytest.raises(ConnectionRefusedError):
            run(services, Job.RENDER_FINAL, {"letter_id": letter_id, "version": 1})
    job = job_of(app, letter_id)
    assert job.attempts == 0 and "storage server is not answering" in job.error
    assert status_of(app, letter_id) == "rendering"  # and no document half-stored

    services.storage = working  # the server is back; the retry finishes the letter
    run(services, Job.RENDER_FINAL, {"letter_id": letter_id, "version": 1})
    assert status_of(app, letter_id) == "ready_to_print"
    assert job_of(app, letter_id).error is None
