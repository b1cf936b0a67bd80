"""Recurring letters: a customer asks for a letter every year on a date (an anniversary, a
birthday). Ahead of the day, the beat makes that year's brief from the first letter's, in the
same correspondence (same sender, recipient and address), and asks the customer for this
year's memories. The customer may pause or stop it.
"""

from __future__ import annotations

import calendar
import secrets
from datetime import date, timedelta
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from letters_app.domain.brief import Brief
from letters_app.domain.correspondence import earlier_letters
from letters_app.domain.drafting.engine import MAX_MEMORIES
from letters_app.domain.engine_drafts import queue_engine_draft, waits_for_memories
from letters_app.domain.errors import Conflict, InvalidInput, NotFound
from letters_app.domain.models import Address, AuditEvent, Letter, RecurringLetter, User
from letters_app.domain.orders import TEXT_LIMITS
from letters_app.domain.status import Actor, Status
from letters_app.jobs import Job, outbox


class RecurringState(StrEnum):
    ACTIVE = "active"
    PAUSED = "paused"
    STOPPED = "stopped"


def every_year(session: Session, customer: User, letter: Letter, on: date) -> RecurringLetter:
    """Repeat `letter` (the customer's own) every year on `on`'s month and day."""
    if letter.customer_id != customer.id:
        raise NotFound("No such letter.")
    recurring = RecurringLetter(customer_id=customer.id, template_letter=letter,
                                month=on.month, day=on.day, state=RecurringState.ACTIVE)
    session.add(recurring)
    return recurring


def set_state(session: Session, customer: User, recurring_id: int,
              state: RecurringState) -> RecurringLetter:
    recurring = session.get(RecurringLetter, recurring_id)
    if recurring is None or recurring.customer_id != customer.id:
        raise NotFound("No such yearly letter.")
    if recurring.state == RecurringState.STOPPED:
        raise Conflict("This yearly letter is stopped; ask for a new one instead.")
    recurring.state = state
    return recurring


def yearly_of(session: Session, customer: User, letter: Letter) -> list[RecurringLetter]:
    """The yearly letters the customer made from `letter`."""
    return list(session.scalars(select(RecurringLetter).where(
        RecurringLetter.customer_id == customer.id,
        RecurringLetter.template_letter_id == letter.id).order_by(RecurringLetter.id)))


def add_memories(session: Session, customer: User, letter: Letter, text: str,
                 recall_earlier: bool = False) -> None:
    """This year's memories for a yearly brief; then the letter is written. With
    `recall_earlier`, the memories of the correspondence's earlier letters join them (as many
    as the engine weaves into one letter), so the letter can look back over the years."""
    if letter.customer_id != customer.id:
        raise NotFound("No such letter.")
    if not waits_for_memories(letter):
        raise Conflict("This letter is already being written; ask for changes on its proof.")
    text = text.strip()
    if not text:
        raise InvalidInput("Tell us at least one memory.", {"memories": "This is required."})
    if len(text) > TEXT_LIMITS["memories"]:
        raise InvalidInput("Too long.", {"memories": f"At most {TEXT_LIMITS['memories']} "
                                                     f"characters (you have {len(text)})."})
    memories = list(Brief.split_memories(text))
    if recall_earlier:
        for earlier in earlier_letters(session, letter):
            memories += [m for m in earlier.memories if m not in memories]
    letter.memories = "\n".join(memories[:MAX_MEMORIES])
    if letter.writer_id is None:
        queue_engine_draft(session, letter)


def occurrence(recurring: RecurringLetter, year: int) -> date:
    """The date in `year`; 29 February is the 28th in other years."""
    day = min(recurring.day, calendar.monthrange(year, recurring.month)[1])
    return date(year, recurring.month, day)


def next_occurrence(recurring: RecurringLetter, today: date) -> date:
    this_year = occurrence(recurring, today.year)
    return this_year if this_year >= today else occurrence(recurring, today.year + 1)


def make_due_briefs(session: Session, today: date, lead_days: int) -> list[int]:
    """Make the brief of every active yearly letter whose date is `lead_days` or fewer days
    away and not yet made for that year; returns the new letters' ids. Idempotent: a year's
    brief is made once (`last_year`, and a per-year order key)."""
    made = []
    rows = session.scalars(select(RecurringLetter)
                           .where(RecurringLetter.state == RecurringState.ACTIVE)
                           .order_by(RecurringLetter.id).with_for_update(skip_locked=True))
    for recurring in rows:
        due = next_occurrence(recurring, today)
        if due - today > timedelta(days=lead_days) or recurring.last_year == due.year:
            continue
        made.append(_brief_for(session, recurring, due).id)
        recurring.last_year = due.year
    return made


def _brief_for(session: Session, recurring: RecurringLetter, due: date) -> Letter:
    first = recurring.template_letter
    address = first.recipient_address
    letter = Letter(
        customer_id=first.customer_id, order_key=f"every-year-{recurring.id}-{due.year}",
        status=Status.SUBMITTED.value, sender_name=first.sender_name,
        sender_signature=first.sender_signature,
        relationship_to_sender=first.relationship_to_sender,
        recipient_name=first.recipient_name, recipient_salutation=first.recipient_salutation,
        occasion=first.occasion, tone=first.tone, length=first.length, memories="",
        hand=first.hand, ink=first.ink, paper=first.paper, stationery=first.stationery,
        with_envelope=first.with_envelope, pen_plotted=first.pen_plotted, deliver_by=due,
        seed=secrets.randbelow(2**31),
        recipient_address=Address(
            name=address.name, street_address=address.street_address, city=address.city,
            city_area=address.city_area, postal_code=address.postal_code,
            country_area=address.country_area, country_code=address.country_code,
            lines=list(address.lines)),
        current_version=0)
    session.add(letter)
    event = AuditEvent(letter=letter, actor_id=None, actor_role=Actor.SYSTEM.value,
                       action="recurring_brief", to_status=Status.SUBMITTED.value,
                       note=f"this year's letter of yearly letter #{recurring.id}, "
                            f"for {due.isoformat()}")
    session.add(event)
    session.flush()
    outbox.enqueue(session, Job.NOTIFY_CUSTOMER, event_id=event.id)
    return letter
