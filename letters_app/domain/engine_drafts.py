"""The template engine writes a letter's draft by itself: no writer needed."""

from __future__ import annotations

from sqlalchemy.orm import Session

from letters_app.domain.drafting.measured import engine_draft
from letters_app.domain.letter_inputs import brief_of, style_of
from letters_app.domain.lifecycle import transition
from letters_app.domain.locks import locked_letter
from letters_app.domain.models import DraftSource, Letter
from letters_app.domain.proofs import request_proof
from letters_app.domain.status import Actor, Status
from letters_app.domain.versions import add_version
from letters_app.jobs import Job, outbox


def queue_engine_draft(session: Session, letter: Letter) -> None:
    outbox.enqueue(session, Job.DRAFT_LETTER, letter_id=letter.id,
                   version=letter.current_version)


def draft_with_engine(session: Session, letter_id: int, version: int, *,
                      auto_release: bool) -> None:
    """The template engine writes the next draft of a letter that is waiting for one.

    `version` is the draft the request was made against: a late or repeated message (a
    redelivery, a sweep) finds the letter moved on, or taken by a writer, and does nothing.
    """
    letter = locked_letter(session, letter_id)
    if (letter is None or letter.current_version != version or letter.writer_id is not None
            or letter.status not in {Status.SUBMITTED, Status.REVISION_REQUESTED}):
        return
    transition(session, letter, Status.DRAFTING, actor=Actor.SYSTEM, note="template engine")
    text = engine_draft(brief_of(letter), style_of(letter), letter.seed, letter.current_version)
    add_version(session, letter, text, source=DraftSource.ENGINE)
    transition(session, letter, Status.IN_REVIEW, actor=Actor.SYSTEM)
    if auto_release:
        request_proof(session, letter)


def waits_for_engine(letter: Letter) -> bool:
    """A new order nobody drafted, or a revision asked for without a note for a writer."""
    if letter.writer_id is not None:
        return False
    if letter.status == Status.SUBMITTED:
        return letter.current_version == 0 and not waits_for_memories(letter)
    request = next((e for e in reversed(letter.events)
                    if e.to_status == Status.REVISION_REQUESTED), None)
    return request is not None and not request.note


def waits_for_memories(letter: Letter) -> bool:
    """A yearly letter's brief waits for the customer's memories of this year before the
    engine writes it (a writer may still take it; the floor shows it at risk as its day nears)."""
    yearly = bool(letter.events) and letter.events[0].action == "recurring_brief"
    return (yearly and not letter.memories and letter.current_version == 0
            and letter.status == Status.SUBMITTED)
