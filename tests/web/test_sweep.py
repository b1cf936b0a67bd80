"""The sweep re-queues exactly the work the system owns, for letters stuck past the deadline."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from conftest import signup
from flask import Flask
from flask.testing import FlaskClient
from letter_steps import letter_id_from, place_order, post_action
from sqlalchemy import select, update

from letters_app.domain import accounts, studio
from letters_app.domain.customer_actions import approve
from letters_app.domain.models import Letter, OutboxMessage, Role
from letters_app.domain.sweep import sweep


def _later() -> datetime:
    return datetime.now(UTC) + timedelta(minutes=11)


def _queued(app: Flask) -> list[tuple[str, dict[str, int]]]:
    with app.extensions["letters"].db.session() as session:
        return [(m.task, m.payload) for m in session.scalars(
            select(OutboxMessage).where(OutboxMessage.sent_at.is_(None)))]


def _set_status(app: Flask, letter_id: int, **values: object) -> None:
    with app.extensions["letters"].db.session() as session:
        session.execute(update(Letter).where(Letter.id == letter_id).values(**values))


def test_the_sweep_requeues_lost_system_work_and_leaves_people_s_work_alone(
        app: Flask, client: FlaskClient) -> None:
    db = app.extensions["letters"].db
    signup(client)
    ready = letter_id_from(place_order(client))
    post_action(client, ready, "approve")                # done: nothing to sweep
    lost_order = letter_id_from(place_order(client))      # pretend its draft message was lost
    _set_status(app, lost_order, status="submitted", current_version=0)
    held = letter_id_from(place_order(client))            # a writer holds it
    with db.session() as session:
        writer = accounts.create_user(session, email="w@example.com", name="W",
                                      password="writer pw 1234", role=Role.WRITER)
        session.execute(update(Letter).where(Letter.id == held).values(
            status="submitted", current_version=0))
        studio.claim(session, held, writer)
        session.execute(update(Letter).where(Letter.id == held).values(status="submitted"))
    noted = letter_id_from(place_order(client))           # the customer asked a writer
    post_action(client, noted, "revise", note="Please mention the dog.")
    assert _queued(app) == []

    with db.session() as session:
        assert sweep(session, now=_later()) == 1
    assert _queued(app) == [("letters.draft_letter", {"letter_id": lost_order, "version": 0})]
    with db.session() as session:
        assert sweep(session) == 0  # a sweep a minute later: once per deadline


def test_the_sweep_requeues_a_final_render_whose_message_was_lost(
        app: Flask, client: FlaskClient) -> None:
    db = app.extensions["letters"].db
    signup(client)
    letter_id = letter_id_from(place_order(client))
    with db.session() as session:
        letter = session.get(Letter, letter_id)
        approve(session, letter, letter.customer, letter.current_version)
        session.flush()
        session.execute(update(OutboxMessage).values(sent_at=datetime.now(UTC)))  # lost
    with db.session() as session:
        assert sweep(session, now=_later()) == 1
    assert _queued(app) == [("letters.render_final", {"letter_id": letter_id, "version": 1})]
