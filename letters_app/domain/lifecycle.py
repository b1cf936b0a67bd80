"""The status machine: the one place that moves a letter from one status to another.

Every allowed move names who may make it; anything else is refused with a clear error, and
every move writes an audit event (who, when, from, to). Views, tasks and the API call
`transition`; none of them set `letter.status` by hand.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.orm import Session

from letters_app.domain import text as typed
from letters_app.domain import webhooks
from letters_app.domain.errors import DomainError, InvalidInput
from letters_app.domain.models import AuditEvent, Letter, User
from letters_app.domain.notifications import queue_notice
from letters_app.domain.status import Actor, Status

S, A = Status, Actor
TRANSITIONS: dict[tuple[Status, Status], frozenset[Actor]] = {
    (S.SUBMITTED, S.DRAFTING): frozenset({A.WRITER, A.SYSTEM}),
    # A writer releases a claim, a reviewer frees it, or it expires (the system).
    (S.DRAFTING, S.SUBMITTED): frozenset({A.WRITER, A.REVIEWER, A.SYSTEM}),
    (S.DRAFTING, S.IN_REVIEW): frozenset({A.WRITER, A.SYSTEM}),
    (S.IN_REVIEW, S.DRAFTING): frozenset({A.REVIEWER}),  # sent back to the writer
    # The proof is rendered first; the customer is asked only once it exists.
    (S.IN_REVIEW, S.AWAITING_APPROVAL): frozenset({A.SYSTEM}),
    (S.AWAITING_APPROVAL, S.APPROVED): frozenset({A.CUSTOMER}),
    (S.AWAITING_APPROVAL, S.REVISION_REQUESTED): frozenset({A.CUSTOMER}),
    (S.REVISION_REQUESTED, S.DRAFTING): frozenset({A.WRITER, A.SYSTEM}),
    (S.APPROVED, S.RENDERING): frozenset({A.SYSTEM}),
    (S.RENDERING, S.READY_TO_PRINT): frozenset({A.SYSTEM}),
    (S.RENDERING, S.RENDER_FAILED): frozenset({A.SYSTEM}),
    (S.RENDER_FAILED, S.RENDERING): frozenset({A.SYSTEM, A.REVIEWER}),
    (S.READY_TO_PRINT, S.PRINTING): frozenset({A.PRINTSHOP}),
    (S.PRINTING, S.PRINTED): frozenset({A.PRINTSHOP}),
    (S.PRINTED, S.SHIPPED): frozenset({A.PRINTSHOP}),
    # Staff take a letter back from a print shop that went quiet, or to print it again.
    (S.PRINTING, S.READY_TO_PRINT): frozenset({A.REVIEWER}),
    (S.PRINTED, S.READY_TO_PRINT): frozenset({A.REVIEWER}),
    # A render that cannot succeed: staff cancel the letter (and refund it).
    (S.RENDER_FAILED, S.CANCELLED): frozenset({A.REVIEWER}),
}
# A letter can be cancelled until the customer approves it.
for _status in (S.SUBMITTED, S.DRAFTING, S.IN_REVIEW, S.AWAITING_APPROVAL, S.REVISION_REQUESTED):
    TRANSITIONS[(_status, S.CANCELLED)] = frozenset({A.CUSTOMER, A.REVIEWER})
del S, A, _status


MAX_NOTE_CHARS = 2_000


def checked_note(note: str, *, required: bool) -> str | None:
    """A note that goes with a move into the audit trail (a revision request, a send-back)."""
    message = typed.forbidden_character(note, multiline=True)
    if message:
        raise InvalidInput(message, {"note": message})
    note = note.strip()
    if required and not note:
        raise InvalidInput("Say what should change.", {"note": "Write a note for the writer."})
    if len(note) > MAX_NOTE_CHARS:
        raise InvalidInput("Your note is too long.",
                           {"note": f"At most {MAX_NOTE_CHARS:,} characters "
                                    f"(you have {len(note):,})."})
    return note or None


class TransitionNotAllowed(DomainError):
    """The move is not in the status machine at all, or not for this actor."""


def can_transition(current: Status, target: Status, actor: Actor) -> bool:
    return actor in TRANSITIONS.get((current, target), frozenset())


def transition(
    session: Session,
    letter: Letter,
    target: Status,
    *,
    actor: Actor,
    by: User | None = None,
    note: str | None = None,
) -> AuditEvent:
    """Move `letter` to `target` as `actor` (the user `by`, or None for the system)."""
    current = Status(letter.status)
    allowed = TRANSITIONS.get((current, target))
    if allowed is None:
        raise TransitionNotAllowed(
            f"A letter that is {current.label.lower()} cannot become {target.label.lower()}."
        )
    if actor not in allowed:
        raise TransitionNotAllowed(
            f"A {actor.value} cannot move a letter from {current.value} to {target.value}."
        )
    letter.status = target.value
    letter.updated_at = datetime.now(UTC)
    event = AuditEvent(
        letter=letter,
        actor_id=by.id if by else None,
        actor_role=actor.value,
        action="status",
        from_status=current.value,
        to_status=target.value,
        note=note,
    )
    session.add(event)
    queue_notice(session, event)
    webhooks.queue_event(session, event)
    return event



WITHDRAWABLE = frozenset({Status.PRINTING, Status.PRINTED})


def withdraw(session: Session, letter: Letter) -> None:
    """Take a letter out of its print run because its customer erased their account: one
    not yet shipped is cancelled so the shop neither prints nor ships it. No email and no
    webhook: the account they would go to no longer exists."""
    letter.withdrawn_at = datetime.now(UTC)
    current = Status(letter.status)
    if current not in WITHDRAWABLE:
        return  # shipped: it has left the shop, only its files go
    letter.status = Status.CANCELLED.value
    letter.updated_at = letter.withdrawn_at
    session.add(AuditEvent(letter=letter, actor_role=Actor.SYSTEM.value, action="withdrawn",
                           from_status=current.value, to_status=Status.CANCELLED.value))
