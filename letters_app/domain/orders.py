"""Placing an order: validate everything first, then write one letter or nothing."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, fields
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from letters_app import rendering
from letters_app.domain import text as typed
from letters_app.domain.addresses import AddressInput, validate_address
from letters_app.domain.brief import Brief, Length, Occasion, Tone
from letters_app.domain.drafting.engine import MAX_MEMORIES, MAX_MEMORY_WORDS, MAX_NAME_CHARS
from letters_app.domain.engine_drafts import queue_engine_draft
from letters_app.domain.errors import InvalidInput
from letters_app.domain.models import Address, AuditEvent, Letter, User
from letters_app.domain.status import Actor, Status

MIN_LEAD_DAYS = 2  # writing, review, printing and posting need at least this long
MAX_LEAD_DAYS = 365
TEXT_LIMITS = {
    "sender_name": 120, "sender_signature": MAX_NAME_CHARS, "relationship": 80,
    "recipient_name": 120, "recipient_salutation": MAX_NAME_CHARS, "memories": 3000,
}
REQUIRED = ("sender_name", "sender_signature", "relationship", "recipient_name",
            "recipient_salutation")


@dataclass(frozen=True)
class OrderRequest:
    sender_name: str
    sender_signature: str
    relationship: str
    recipient_name: str
    recipient_salutation: str
    address: AddressInput
    occasion: str
    tone: str
    length: str
    memories: str
    hand: str
    ink: str
    paper: str
    stationery: str
    with_envelope: bool
    deliver_by: date


def place_order(session: Session, customer: User, order: OrderRequest, order_key: str,
                today: date | None = None) -> Letter:
    """Create the letter and queue its first draft, or raise InvalidInput and create nothing.

    `order_key` comes from the form; submitting the same form twice returns the first letter.
    """
    if not order_key or len(order_key) > 64 or not typed.is_clean(order_key):
        raise InvalidInput("This form is damaged; reload the page and fill it in again.")
    existing = _letter_by_key(session, customer, order_key)
    if existing is not None:
        return existing
    address = checked_order(order, today)

    letter = Letter(
        customer=customer, order_key=order_key, status=Status.SUBMITTED.value,
        sender_name=_one_line(order.sender_name),
        sender_signature=_one_line(order.sender_signature),
        relationship_to_sender=_one_line(order.relationship),
        recipient_name=_one_line(order.recipient_name),
        recipient_salutation=_one_line(order.recipient_salutation),
        occasion=order.occasion, tone=order.tone, length=order.length,
        memories=order.memories.strip(), hand=order.hand, ink=order.ink, paper=order.paper,
        stationery=order.stationery, with_envelope=order.with_envelope,
        deliver_by=order.deliver_by, seed=secrets.randbelow(2**31), recipient_address=address,
        current_version=0,
    )
    try:
        with session.begin_nested():
            session.add(letter)
            session.add(AuditEvent(letter=letter, actor_id=customer.id,
                                   actor_role=Actor.CUSTOMER.value, action="ordered",
                                   to_status=Status.SUBMITTED.value))
    except IntegrityError:
        # The same form submitted twice at once: the other request won; return its letter.
        existing = _letter_by_key(session, customer, order_key)
        if existing is None:
            raise
        return existing
    queue_engine_draft(session, letter)
    return letter


def checked_order(order: OrderRequest, today: date | None = None) -> Address:
    """The order's normalised recipient address, or InvalidInput with every field's problem.
    The one set of rules for the order form, the order API and bulk uploads."""
    errors = _field_errors(order, today or date.today())
    try:
        address = validate_address(order.address)
    except InvalidInput as err:
        errors.update({f"address_{k}": v for k, v in err.field_errors.items()})
    else:
        if order.with_envelope and not errors:
            errors.update(_envelope_errors(address.lines, order))
    errors.update(_character_errors(order))  # the plainest message for a pasted control byte
    if errors:
        raise InvalidInput("Please correct the marked fields.", errors)
    return address


def _character_errors(order: OrderRequest) -> dict[str, str]:
    texts = {f.name: getattr(order, f.name) for f in fields(order) if f.name in TEXT_LIMITS}
    texts.update({f"address_{f.name}": getattr(order.address, f.name)
                  for f in fields(order.address)})
    # Line breaks are fine in all of them: names fold onto one line, memories keep theirs.
    return typed.field_errors(texts, multiline=frozenset(texts))


def _one_line(text: str) -> str:
    """Names are one line: a pasted line break or tab becomes a space."""
    return " ".join(text.split())


def _letter_by_key(session: Session, customer: User, order_key: str) -> Letter | None:
    return session.scalar(select(Letter).where(Letter.order_key == order_key,
                                               Letter.customer_id == customer.id))


def _field_errors(order: OrderRequest, today: date) -> dict[str, str]:
    errors: dict[str, str] = {}
    texts = {f.name: getattr(order, f.name) for f in fields(order) if f.name in TEXT_LIMITS}
    for name, value in texts.items():
        if name in REQUIRED and not value.strip():
            errors[name] = "This is required."
        elif len(value) > TEXT_LIMITS[name]:
            errors[name] = f"At most {TEXT_LIMITS[name]} characters (you have {len(value)})."
    if "memories" not in errors:
        memory_error = _memory_error(order.memories)
        if memory_error:
            errors["memories"] = memory_error
    choices = {"occasion": Occasion, "tone": Tone, "length": Length}
    for name, enum in choices.items():
        if getattr(order, name) not in {e.value for e in enum}:
            errors[name] = "Choose one of the options."
    style_choices = {"ink": rendering.INKS, "paper": rendering.PAPERS,
                     "stationery": rendering.STATIONERY}
    for name, options in style_choices.items():
        if getattr(order, name) not in options:
            errors[name] = "Choose one of the options."
    if order.hand not in {hand.name for hand in rendering.list_hands()}:
        errors["hand"] = "Choose one of the hands."
    else:
        errors.update(_coverage_errors(order, texts))
    if order.deliver_by < today + timedelta(days=MIN_LEAD_DAYS):
        errors["deliver_by"] = (f"We need at least {MIN_LEAD_DAYS} days: choose "
                                f"{(today + timedelta(days=MIN_LEAD_DAYS)).isoformat()} or later.")
    elif order.deliver_by > today + timedelta(days=MAX_LEAD_DAYS):
        errors["deliver_by"] = "Choose a date within a year."
    return errors


def _envelope_errors(lines: list[str], order: OrderRequest) -> dict[str, str]:
    """Refuse now what the envelope renderer would refuse after approval (too many lines...)."""
    style = rendering.LetterStyle(hand=order.hand, ink=order.ink, paper=order.paper,
                                  stationery=order.stationery)
    try:
        rendering.check_envelope(lines, style)
    except rendering.RenderError as err:
        return {"address_street_address": f"This address does not fit an envelope: {err}"}
    return {}


def _memory_error(text: str) -> str | None:
    """The engine weaves in every memory, so each must fit in a letter."""
    memories = Brief.split_memories(text)
    if len(memories) > MAX_MEMORIES:
        return f"At most {MAX_MEMORIES} memories, one per line (you have {len(memories)})."
    longest = max((len(memory.split()) for memory in memories), default=0)
    if longest > MAX_MEMORY_WORDS:
        return (f"Keep each memory to {MAX_MEMORY_WORDS} words (one has {longest}); "
                "split a long one over several lines.")
    return None


def _coverage_errors(order: OrderRequest, texts: dict[str, str]) -> dict[str, str]:
    """Every text that will be drawn in the chosen hand must be drawable by it."""
    drawn = dict(texts)
    drawn.update({f"address_{f.name}": getattr(order.address, f.name)
                  for f in fields(order.address) if f.name != "country_code"})
    everything = "\n".join(drawn.values())
    if not rendering.coverage(everything, order.hand):
        return {}
    others = [h for h in rendering.suggest_hands(everything) if h != order.hand]
    hint = f" Try the hand “{_display(others[0])}”, which can." if others else ""
    errors = {}
    for name, value in drawn.items():
        missing = rendering.coverage(value, order.hand)
        if missing:
            errors[name] = (f"The hand “{_display(order.hand)}” cannot write "
                            f"{' '.join(missing)}.{hint}")
    return errors


def _display(hand_name: str) -> str:
    return rendering.get_hand(hand_name).display_name
