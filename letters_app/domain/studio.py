"""The staff studio: writers claim letters from the queue, draft them and submit them for review;
reviewers release a reviewed draft to the customer or send it back with a note.

Claims lock the letter row so two writers never hold the same letter; drafts carry the version
they were based on so a stale save is refused instead of overwriting someone's newer words.
"""

from __future__ import annotations

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from letters_app import rendering
from letters_app.domain import queries
from letters_app.domain import text as typed
from letters_app.domain.customer_actions import cancel
from letters_app.domain.errors import Conflict, InvalidInput, NotFound
from letters_app.domain.final_render import request_final_render
from letters_app.domain.lifecycle import TransitionNotAllowed, checked_note, transition
from letters_app.domain.locks import lock, locked_letter
from letters_app.domain.models import (
    REVIEWER_ROLES,
    STAFF_ROLES,
    DraftSource,
    DraftVersion,
    JobState,
    Letter,
    RenderKind,
    Role,
    User,
)
from letters_app.domain.proofs import request_proof
from letters_app.domain.render_jobs import render_job
from letters_app.domain.status import Actor, Status
from letters_app.domain.versions import add_version

CLAIMABLE = (Status.SUBMITTED, Status.REVISION_REQUESTED)


def is_reviewer(user: User) -> bool:
    return user.role_enum in REVIEWER_ROLES


def is_claimable(letter: Letter) -> bool:
    """Waiting for a writer: new, sent back by the customer, or a sent-back engine draft."""
    return letter.status in CLAIMABLE or (
        letter.status == Status.DRAFTING and letter.writer_id is None)


def may_open(session: Session, user: User, letter: Letter) -> bool:
    """Reviewers see every letter; a writer sees the queue, the letters they hold, and the ones
    they wrote a version of: a brief carries home addresses and private memories."""
    if is_reviewer(user):
        return True
    if is_claimable(letter) or letter.writer_id == user.id:
        return True
    return session.scalar(select(DraftVersion.id).where(
        DraftVersion.letter_id == letter.id, DraftVersion.author_id == user.id).limit(1)) \
        is not None


def open_letter(session: Session, user: User, letter_id: int) -> Letter:
    letter = session.get(Letter, letter_id)
    if letter is None or not may_open(session, user, letter):
        raise NotFound("No such letter.")
    return letter


def visible_queue(session: Session, user: User) -> list[Letter]:
    return [letter for letter in queries.staff_queue(session)
            if may_open(session, user, letter)]


def claim(session: Session, letter_id: int, writer: User) -> Letter:
    """`writer` takes the letter; someone else's letter, or one already drafted, is refused."""
    _require(writer, STAFF_ROLES, "Only writers can claim letters.")
    letter = locked_letter(session, letter_id)
    if letter is None or not may_open(session, writer, letter):
        # A letter this writer may not open answers like one that does not exist: its status
        # and its writer's name are not theirs to learn.
        raise NotFound("No such letter.")
    if letter.status == Status.DRAFTING and letter.writer_id == writer.id:
        return letter
    if letter.status == Status.DRAFTING and letter.writer_id is not None:
        raise Conflict(f"Letter #{letter.id} is already being written by "
                       f"{_name(session, letter.writer_id)}.")
    if not is_claimable(letter):
        raise Conflict(f"Letter #{letter.id} is {letter.status_enum.label.lower()}; "
                       "there is nothing to write.")
    _take(session, letter, writer)
    return letter


def claim_next(session: Session, writer: User) -> Letter | None:
    """The most urgent letter nobody holds, or None when the queue is empty.

    Rows another transaction is claiming right now are skipped, not waited for, so writers
    pressing "Claim next" at the same moment get different letters.
    """
    _require(writer, STAFF_ROLES, "Only writers can claim letters.")
    query = (select(Letter)
             .where(or_(Letter.status.in_(CLAIMABLE),
                        and_(Letter.status == Status.DRAFTING, Letter.writer_id.is_(None))))
             .order_by(Letter.deliver_by, Letter.id)
             .limit(1)
             .with_for_update(skip_locked=True)
             .execution_options(populate_existing=True))
    letter = session.scalar(query)
    if letter is None:
        return None
    _take(session, letter, writer)
    return letter


def release(session: Session, letter: Letter, writer: User) -> None:
    """Give a claimed letter back to the queue; a reviewer may also free someone else's."""
    lock(session, letter)
    mine = letter.writer_id == writer.id
    if letter.status != Status.DRAFTING or letter.writer_id is None:
        raise Conflict(f"Letter #{letter.id} is not being written by anyone.")
    if not mine and not is_reviewer(writer):
        raise Conflict(f"Letter #{letter.id} is not yours to release.")
    transition(session, letter, Status.SUBMITTED, by=writer,
               actor=Actor.WRITER if mine else Actor.REVIEWER,
               note=None if mine else "claim released by a reviewer")
    letter.writer_id = None


def save_draft(session: Session, letter: Letter, writer: User, text: str,
               expected_version: int) -> DraftVersion:
    """Save `text` as the next version, if it was written on top of the current one."""
    lock(session, letter)
    _require_holder(letter, writer)
    if expected_version != letter.current_version:
        raise Conflict(
            f"Someone saved a newer version (v{letter.current_version}) while you were editing "
            f"v{expected_version}. Nothing was overwritten: your text is still in the editor; "
            "compare it with the newest version and save again.")
    _check_text(text, letter.hand)
    return add_version(session, letter, text, source=DraftSource.WRITER, author=writer)


def submit_for_review(session: Session, letter: Letter, writer: User) -> None:
    lock(session, letter)
    _require_holder(letter, writer)
    if letter.current_version == 0:
        raise Conflict("Save a draft before submitting the letter for review.")
    if render_job(session, letter.id, letter.current_version, RenderKind.PROOF) is not None:
        raise Conflict(f"Version {letter.current_version} was already shown to the customer; "
                       "save a new version before submitting.")
    transition(session, letter, Status.IN_REVIEW, actor=Actor.WRITER, by=writer)


def release_to_customer(session: Session, letter: Letter, reviewer: User) -> None:
    """Approve the draft under review; the proof is rendered and then shown to the customer."""
    _require(reviewer, REVIEWER_ROLES, "Only a reviewer can release a letter to the customer.")
    lock(session, letter)
    if letter.status != Status.IN_REVIEW or letter.current_version == 0:
        raise Conflict(f"Letter #{letter.id} is {letter.status_enum.label.lower()}, "
                       "not waiting for review.")
    job = render_job(session, letter.id, letter.current_version, RenderKind.PROOF)
    if job is not None and job.state == JobState.DONE:
        raise Conflict(f"Version {letter.current_version} was already shown to the customer; "
                       "send the letter back for a new version.")
    if job is not None and job.state != JobState.FAILED:
        raise Conflict(f"The proof of letter #{letter.id} is already being prepared.")
    request_proof(session, letter)  # a failed proof is tried again


def retry_render(session: Session, letter: Letter, reviewer: User) -> None:
    """Render an approved letter again after a failure (a fixed font, a freed disk)."""
    _require(reviewer, REVIEWER_ROLES, "Only a reviewer can retry a render.")
    lock(session, letter)
    if letter.status != Status.RENDER_FAILED:
        raise Conflict(f"Letter #{letter.id} is {letter.status_enum.label.lower()}, "
                       "not a failed render.")
    request_final_render(session, letter)


def cancel_letter(session: Session, letter: Letter, reviewer: User) -> None:
    """Staff cancel a letter that cannot be finished (a render that cannot succeed)."""
    _require(reviewer, REVIEWER_ROLES, "Only a reviewer can cancel a letter.")
    cancel(session, letter, reviewer, Actor.REVIEWER)


def send_back(session: Session, letter: Letter, reviewer: User, note: str) -> None:
    """Return the draft under review to its writer, with what to change."""
    _require(reviewer, REVIEWER_ROLES, "Only a reviewer can send a letter back.")
    note = checked_note(note, required=True)
    lock(session, letter)
    job = render_job(session, letter.id, letter.current_version, RenderKind.PROOF)
    if job is not None and job.state == JobState.PENDING:
        raise Conflict(f"Letter #{letter.id} was already released to the customer.")
    transition(session, letter, Status.DRAFTING, actor=Actor.REVIEWER, by=reviewer, note=note)


def _take(session: Session, letter: Letter, writer: User) -> None:
    if letter.status != Status.DRAFTING:
        transition(session, letter, Status.DRAFTING, actor=Actor.WRITER, by=writer,
                   note="claimed")
    letter.writer_id = writer.id


def _check_text(text: str, hand: str) -> None:
    message = typed.forbidden_character(text, multiline=True)
    if message:
        raise InvalidInput(message, {"text": message})
    if not text.strip():
        raise InvalidInput("The letter is empty.", {"text": "Write the letter before saving."})
    if len(text) > rendering.MAX_CHARS:
        raise InvalidInput("The letter is too long.",
                           {"text": f"Keep it under {rendering.MAX_CHARS:,} characters "
                                    f"(it has {len(text):,})."})
    missing = rendering.coverage(text, hand)
    if missing:
        shown = " ".join(f"{ch} (U+{ord(ch):04X})" for ch in missing)
        raise InvalidInput(f"The {rendering.get_hand(hand).display_name} hand cannot draw "
                           f"these characters: {shown}.",
                           {"text": f"Replace or remove: {shown}."})


def _require(user: User, roles: frozenset[Role], message: str) -> None:
    if user.role_enum not in roles:
        raise TransitionNotAllowed(message)


def _require_holder(letter: Letter, writer: User) -> None:
    _require(writer, STAFF_ROLES, "Only writers can write letters.")
    if letter.status != Status.DRAFTING or letter.writer_id != writer.id:
        raise Conflict(f"Letter #{letter.id} is not yours to write: claim it first.")


def _name(session: Session, user_id: int | None) -> str:
    user = session.get(User, user_id) if user_id is not None else None
    return user.name if user is not None else "another writer"
