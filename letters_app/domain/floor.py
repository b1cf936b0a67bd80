"""The reviewer's view of the floor: how each writer is doing over the last 30 days, and which
letters may miss their deliver-by date, with why. A handful of queries, whatever the numbers."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from statistics import median

from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload

from letters_app.domain.models import STAFF_ROLES, AuditEvent, DraftVersion, Letter, User
from letters_app.domain.status import Status

WINDOW = timedelta(days=30)
# Printing and the post take about this long once a letter is ready to print; a letter not
# yet there with fewer days than this plus a margin left is at risk.
PRINT_AND_POST_DAYS = 3
MARGIN_DAYS = 2
PAST_THE_STUDIO = (Status.READY_TO_PRINT, Status.PRINTING, Status.PRINTED, Status.SHIPPED,
                   Status.CANCELLED)


@dataclass(frozen=True)
class WriterLine:
    writer_id: int
    name: str
    in_hand: int
    median_to_first_draft: timedelta | None  # claim to the writer's first saved version
    submitted: int
    revised: int  # of those, sent back by a reviewer or the customer

    @property
    def revision_rate(self) -> float | None:
        return self.revised / self.submitted if self.submitted else None


@dataclass(frozen=True)
class AtRisk:
    letter: Letter
    days_left: int
    why: str


def writer_lines(session: Session, now: datetime) -> list[WriterLine]:
    since = now - WINDOW
    writers = list(session.scalars(select(User).where(
        User.role.in_([r.value for r in STAFF_ROLES]), User.is_active).order_by(User.name)))
    in_hand: dict[int, int] = {writer_id: count for writer_id, count in session.execute(
        select(Letter.writer_id, func.count()).where(Letter.status == Status.DRAFTING,
                                                     Letter.writer_id.is_not(None))
        .group_by(Letter.writer_id))}
    events = list(session.scalars(select(AuditEvent).where(
        AuditEvent.created_at >= since, AuditEvent.letter_id.is_not(None))
        .order_by(AuditEvent.letter_id, AuditEvent.id)))
    first_saves: dict[tuple[int, int], list[datetime]] = defaultdict(list)
    for letter_id, author_id, saved in session.execute(
            select(DraftVersion.letter_id, DraftVersion.author_id, DraftVersion.created_at)
            .where(DraftVersion.created_at >= since, DraftVersion.author_id.is_not(None))
            .order_by(DraftVersion.created_at)):
        first_saves[(letter_id, author_id)].append(saved)

    waits: dict[int, list[timedelta]] = defaultdict(list)
    submitted: dict[int, int] = defaultdict(int)
    revised: dict[int, int] = defaultdict(int)
    last_submitter: dict[int, int | None] = {}
    for event in events:
        letter_id, actor = event.letter_id, event.actor_id
        assert letter_id is not None
        if event.to_status == Status.DRAFTING and event.from_status != Status.IN_REVIEW \
                and actor is not None:
            later = [t for t in first_saves.get((letter_id, actor), []) if t >= event.created_at]
            if later:
                waits[actor].append(later[0] - event.created_at)
        elif event.to_status == Status.IN_REVIEW and event.from_status == Status.DRAFTING \
                and actor is not None and event.actor_role == "writer":
            submitted[actor] += 1
            last_submitter[letter_id] = actor
        elif _sent_back(event):
            who = last_submitter.pop(letter_id, None)
            if who is not None:
                revised[who] += 1
    return [WriterLine(w.id, w.name, in_hand.get(w.id, 0),
                       median(waits[w.id]) if waits[w.id] else None,
                       submitted[w.id], revised[w.id]) for w in writers]


def _sent_back(event: AuditEvent) -> bool:
    return ((event.from_status, event.to_status) in {
        (Status.IN_REVIEW, Status.DRAFTING), (Status.AWAITING_APPROVAL,
                                              Status.REVISION_REQUESTED)})


def at_risk(session: Session, today: date) -> list[AtRisk]:
    """Letters still in the studio or rendering whose deliver-by date is too near, most urgent
    first, and every failed render."""
    horizon = today + timedelta(days=PRINT_AND_POST_DAYS + MARGIN_DAYS)
    letters = session.scalars(
        select(Letter).where(Letter.status.not_in(PAST_THE_STUDIO),
                             (Letter.deliver_by <= horizon)
                             | (Letter.status == Status.RENDER_FAILED))
        .options(joinedload(Letter.writer))
        .order_by(Letter.deliver_by, Letter.created_at, Letter.id))
    return [AtRisk(letter, (letter.deliver_by - today).days, _why(letter, today))
            for letter in letters]


def _why(letter: Letter, today: date) -> str:
    days = (letter.deliver_by - today).days
    due = (f"{-days} days past its deliver-by date" if days < 0
           else "due today" if days == 0 else f"due in {days} days")
    status = letter.status_enum
    if status in (Status.SUBMITTED, Status.REVISION_REQUESTED) or (
            status == Status.DRAFTING and letter.writer is None):
        return f"{due.capitalize()} and no writer has it."
    if status == Status.DRAFTING:
        assert letter.writer is not None
        drafted = "no draft saved yet" if letter.current_version == 0 else \
            f"at version {letter.current_version}"
        return f"{due.capitalize()}; {letter.writer.name} has it, {drafted}."
    if status == Status.IN_REVIEW:
        return f"{due.capitalize()} and waiting for a reviewer."
    if status == Status.AWAITING_APPROVAL:
        return f"{due.capitalize()} and the customer has not approved the proof yet."
    if status == Status.RENDER_FAILED:
        return f"The render failed; {due}."
    return f"{due.capitalize()}, still {status.staff_label.lower()}; "\
           f"printing and post take {PRINT_AND_POST_DAYS} days."
