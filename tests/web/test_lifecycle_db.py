"""The status machine against a real database: refusals raise, moves leave an audit event."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from letters_app.domain import accounts
from letters_app.domain.database import Database
from letters_app.domain.lifecycle import TransitionNotAllowed, transition
from letters_app.domain.models import Address, AuditEvent, Letter, Role
from letters_app.domain.status import Actor, Status


def _letter(session, status: Status) -> Letter:  # type: ignore[no-untyped-def]
    customer = accounts.create_user(session, email="c@example.com", name="C",
                                    password="password 1234", role=Role.CUSTOMER)
    letter = Letter(customer=customer, order_key="k1", status=status.value, sender_name="A",
                    sender_signature="A", relationship_to_sender="friend", recipient_name="B",
                    recipient_salutation="B", occasion="love", tone="warm", length="note",
                    hand="caveat", ink="black", paper="letter", deliver_by=date(2030, 1, 1),
                    seed=1, recipient_address=Address(name="B", street_address="1 St",
                                                      country_code="US", lines=["B"]))
    session.add(letter)
    session.flush()
    return letter


def test_forbidden_transition_raises_and_changes_nothing(db: Database) -> None:
    with db.session() as session:
        letter = _letter(session, Status.CANCELLED)
        with pytest.raises(TransitionNotAllowed, match="cannot become approved"):
            transition(session, letter, Status.APPROVED, actor=Actor.CUSTOMER)
        assert letter.status == Status.CANCELLED
        assert session.scalars(select(AuditEvent)).all() == []


def test_transition_by_the_wrong_actor_raises(db: Database) -> None:
    with db.session() as session:
        letter = _letter(session, Status.AWAITING_APPROVAL)
        with pytest.raises(TransitionNotAllowed, match="writer cannot"):
            transition(session, letter, Status.APPROVED, actor=Actor.WRITER)


def test_allowed_transition_writes_an_audit_event(db: Database) -> None:
    with db.session() as session:
        letter = _letter(session, Status.AWAITING_APPROVAL)
        transition(session, letter, Status.APPROVED, actor=Actor.CUSTOMER, by=letter.customer)
        letter_id = letter.id
    with db.session() as session:
        event = session.scalars(select(AuditEvent).where(AuditEvent.letter_id == letter_id)).one()
        assert (event.from_status, event.to_status, event.actor_role) == (
            "awaiting_approval", "approved", "customer")
        assert event.created_at.tzinfo is not None
