"""The studio's queue: the letters a staff member may see, filtered, most urgent first, a page
at a time, in a constant number of queries however long the queue is."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from sqlalchemy import ColumnElement, and_, exists, func, or_, select, true
from sqlalchemy.orm import Session, joinedload

from letters_app.domain.models import REVIEWER_ROLES, AuditEvent, DraftVersion, Letter, User
from letters_app.domain.status import Status

PAGE_SIZE = 25
DUE_SOON = timedelta(days=3)
# Done with the studio: nothing left for staff to write or review.
CLOSED = (Status.SHIPPED, Status.CANCELLED)


class View(StrEnum):
    OPEN = "open"
    WAITING = "waiting"
    MINE = "mine"
    NEEDS_REVISION = "needs_revision"
    IN_REVIEW = "in_review"
    DUE_SOON = "due_soon"

    @property
    def label(self) -> str:
        return {"open": "All open", "waiting": "Waiting for a writer", "mine": "Mine",
                "needs_revision": "Needs revision", "in_review": "In review",
                "due_soon": "Due soon"}[self.value]


@dataclass(frozen=True)
class QueuePage:
    letters: list[Letter]
    view: View
    page: int
    pages: int
    total: int


def claimable() -> ColumnElement[bool]:
    """Waiting for a writer: new, sent back by the customer, or a sent-back engine draft."""
    return or_(Letter.status.in_([Status.SUBMITTED, Status.REVISION_REQUESTED]),
               and_(Letter.status == Status.DRAFTING, Letter.writer_id.is_(None)))


def _visible_to(user: User) -> ColumnElement[bool]:
    """Reviewers see every letter; a writer the queue, what they hold and what they wrote."""
    if user.role_enum in REVIEWER_ROLES:
        return true()
    wrote = exists().where(DraftVersion.letter_id == Letter.id,
                           DraftVersion.author_id == user.id)
    return or_(claimable(), Letter.writer_id == user.id, wrote)


def _needs_revision() -> ColumnElement[bool]:
    """Back in writing after a customer or a reviewer asked for changes with a note."""
    asked = exists().where(
        AuditEvent.letter_id == Letter.id, AuditEvent.note.is_not(None),
        or_(AuditEvent.to_status == Status.REVISION_REQUESTED,
            and_(AuditEvent.from_status == Status.IN_REVIEW,
                 AuditEvent.to_status == Status.DRAFTING)))
    return and_(Letter.status.in_([Status.SUBMITTED, Status.REVISION_REQUESTED,
                                   Status.DRAFTING]), asked)


def _view_filter(view: View, user: User, today: date) -> ColumnElement[bool]:
    if view is View.WAITING:
        return claimable()
    if view is View.MINE:
        return and_(Letter.status == Status.DRAFTING, Letter.writer_id == user.id)
    if view is View.NEEDS_REVISION:
        return _needs_revision()
    if view is View.IN_REVIEW:
        return Letter.status == Status.IN_REVIEW
    if view is View.DUE_SOON:
        return and_(Letter.deliver_by <= today + DUE_SOON,
                    Letter.status.not_in([*CLOSED, Status.READY_TO_PRINT, Status.PRINTING,
                                          Status.PRINTED]))
    return true()


def queue_page(session: Session, user: User, view: View, page: int, today: date,
               page_size: int = PAGE_SIZE) -> QueuePage:
    """One page of `view` for `user`, by urgency: deliver-by first, then the oldest order.
    Two queries: the count and the page (with each letter's writer joined in)."""
    where = and_(_visible_to(user), _view_filter(view, user, today),
                 Letter.status.not_in(CLOSED))
    total = session.scalar(select(func.count()).select_from(Letter).where(where)) or 0
    pages = max(1, -(-total // page_size))
    page = min(max(page, 1), pages)
    letters = list(session.scalars(
        select(Letter).where(where).options(joinedload(Letter.writer))
        .order_by(Letter.deliver_by, Letter.created_at, Letter.id)
        .offset((page - 1) * page_size).limit(page_size)))
    return QueuePage(letters, view, page, pages, total)
