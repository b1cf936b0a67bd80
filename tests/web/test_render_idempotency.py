"""Rendering the same letter version twice changes nothing: a unique key, not luck."""

from __future__ import annotations

import pytest
from conftest import signup
from flask import Flask
from flask.testing import FlaskClient
from letter_steps import letter_id_from, place_order, post_action
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from letters_app.domain.letter_inputs import style_of
from letters_app.domain.models import AuditEvent, Document, Letter, RenderJob
from letters_app.jobs import Job
from letters_app.jobs.handlers import run


def _snapshot(app: Flask, letter_id: int) -> tuple:  # type: ignore[type-arg]
    with app.extensions["letters"].db.session() as session:
        docs = session.execute(select(Document.kind, Document.page, Document.sha256)
                               .where(Document.letter_id == letter_id)
                               .order_by(Document.kind, Document.page)).all()
        events = session.scalar(select(func.count()).select_from(AuditEvent)
                                .where(AuditEvent.letter_id == letter_id))
        return session.get(Letter, letter_id).status, tuple(docs), events


def test_running_the_final_render_again_changes_nothing(app: Flask, client: FlaskClient) -> None:
    signup(client)
    letter_id = letter_id_from(place_order(client))
    post_action(client, letter_id, "approve")
    before = _snapshot(app, letter_id)
    assert before[0] == "ready_to_print"
    # The same messages delivered again (acks-late redelivery after a worker died at the end).
    services = app.extensions["letters"]
    run(services, Job.RENDER_FINAL, {"letter_id": letter_id, "version": 1})
    run(services, Job.RENDER_PROOF, {"letter_id": letter_id, "version": 1})
    assert _snapshot(app, letter_id) == before


def test_the_same_letter_renders_to_the_same_bytes(app: Flask, client: FlaskClient) -> None:
    from letters_app import rendering

    signup(client)
    letter_id = letter_id_from(place_order(client))
    post_action(client, letter_id, "approve")
    services = app.extensions["letters"]
    with services.db.session() as session:
        letter = session.get(Letter, letter_id)
        stored = session.scalar(select(Document.sha256).where(
            Document.letter_id == letter_id, Document.kind == "letter_pdf"))
        again = rendering.render_letter(letter.latest_version.text, style_of(letter),
                                        seed=letter.seed)
    assert services.storage.put(again).sha256 == stored


def test_a_second_job_or_document_for_the_same_version_is_refused_by_the_database(
        app: Flask, client: FlaskClient) -> None:
    signup(client)
    letter_id = letter_id_from(place_order(client))
    post_action(client, letter_id, "approve")
    db = app.extensions["letters"].db
    with pytest.raises(IntegrityError), db.session() as session:
        session.add(RenderJob(letter_id=letter_id, version=1, kind="final"))
        session.flush()
    with pytest.raises(IntegrityError), db.session() as session:
        session.add(Document(letter_id=letter_id, version=1, kind="letter_pdf", page=0,
                             sha256="0" * 64, size=1, content_type="application/pdf"))
        session.flush()
