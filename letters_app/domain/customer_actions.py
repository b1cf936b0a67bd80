"""What a customer does with a proof: approve it, ask for changes, or cancel the letter."""

from __future__ import annotations

from sqlalchemy.orm import Session

from letters_app.domain.engine_drafts import queue_engine_draft
from letters_app.domain.errors import Conflict
from letters_app.domain.final_render import request_final_render
from letters_app.domain.lifecycle import checked_note, transition
from letters_app.domain.locks import lock
from letters_app.domain.models import Letter, User
from letters_app.domain.status import Actor, Status


def approve(session: Session, letter: Letter, customer: User, version: int) -> None:
    """The customer approves the proof of `version`, the one they read; the final render is
    queued in the same transaction."""
    letter = lock(session, letter)
    if letter.status == Status.AWAITING_APPROVAL and letter.current_version != version:
        raise Conflict("This letter has a newer draft than the one you approved. "
                       "Please read the new proof first.")
    transition(session, letter, Status.APPROVED, actor=Actor.CUSTOMER, by=customer)
    letter.approved_version = letter.current_version
    request_final_render(session, letter)


def request_revision(session: Session, letter: Letter, customer: User, note: str) -> None:
    """The customer asks for another draft. With no note, the engine writes a fresh variation
    at once; with a note, the letter waits in the writers' queue for a person to read it."""
    checked = checked_note(note, required=False)
    letter = lock(session, letter)
    transition(session, letter, Status.REVISION_REQUESTED, actor=Actor.CUSTOMER, by=customer,
               note=checked)
    if checked is None:
        queue_engine_draft(session, letter)


def cancel(session: Session, letter: Letter, by: User, actor: Actor) -> None:
    transition(session, lock(session, letter), Status.CANCELLED, actor=actor, by=by)
