"""Placing an order: validate everything first, then write one letter or nothing."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, fields
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from letters_app import rendering
from letters_app.domain import own_hands
from letters_app.domain import text as typed
from letters_app.domain.address_book import copy_of, sender_profile
from letters_app.domain.addresses import AddressInput, validate_address
from letters_app.domain.brief import Brief, Length, Occasion, Pronouns, Tone
from letters_app.domain.drafting.engine import MAX_MEMORIES, MAX_MEMORY_WORDS, MAX_NAME_CHARS
from letters_app.domain.engine_drafts import queue_engine_draft
from letters_app.domain.errors import Conflict, InvalidInput
from letters_app.domain.locks import lock
from letters_app.domain.models import Address, AuditEvent, Letter, User
from letters_app.domain.notifications import ORDERED, queue_notice
from letters_app.domain.pricing import Quote, quote
from letters_app.domain.status import Actor, Status
from letters_app.plotting.strokes import plottable

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
    recipient_pronouns: str = Pronouns.THEY.value
    with_return_address: bool = False  # the return address of the sender profile
    pen_plotted: bool = False  # written by a pen plotter in real ink, not printed


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
    today = today or date.today()
    letter = Letter(customer=customer, order_key=order_key, status=Status.SUBMITTED.value,
                    seed=secrets.randbelow(2**31), current_version=0)
    _apply(letter, order, *_validated(session, customer, order, today))
    try:
        with session.begin_nested():
            session.add(letter)
            ordered = AuditEvent(letter=letter, actor_id=customer.id,
                                 actor_role=Actor.CUSTOMER.value, action=ORDERED,
                                 to_status=Status.SUBMITTED.value)
            session.add(ordered)
    except IntegrityError:
        # The same form submitted twice at once: the other request won; return its letter.
        existing = _letter_by_key(session, customer, order_key)
        if existing is None:
            raise
        return existing
    queue_notice(session, ordered)
    queue_engine_draft(session, letter)
    return letter


def checked_order(order: OrderRequest, today: date | None = None,
                  return_address: Address | None = None,
                  errors: dict[str, str] | None = None,
                  own: frozenset[str] = frozenset()) -> Address:
    """The order's normalised recipient address, or InvalidInput with every field's problem
    (`errors` already found, e.g. about the return address, included). The one set of rules
    for the order form, the order API and bulk uploads. `own`: the customer's own hands
    (see own_hands.choosable), which they may choose beside the stock ones."""
    errors = {**(errors or {}), **_field_errors(order, today or date.today(), own)}
    try:
        address = validate_address(order.address)
    except InvalidInput as err:
        errors.update({f"address_{k}": v for k, v in err.field_errors.items()})
    else:
        if order.with_envelope and not errors:
            errors.update(_envelope_errors(
                address.lines, return_address.lines if return_address else None, order))
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


def edit_order(session: Session, letter: Letter, customer: User, order: OrderRequest,
               today: date | None = None) -> None:
    """Change the whole order while nothing is written yet: no writer holds it, no draft
    exists. The first draft, when it comes, is written from the changed brief."""
    letter = lock(session, letter)
    if not brief_editable(letter):
        raise Conflict("Writing has started, so the letter can no longer be changed; "
                       "you can still correct the address.")
    old = (letter.recipient_address, letter.return_address)
    _apply(letter, order, *_validated(session, customer, order, today or date.today()))
    for address in old:
        if address is not None:
            session.delete(address)
    session.add(AuditEvent(letter=letter, actor_id=customer.id, actor_role=Actor.CUSTOMER.value,
                           action="edited", note="order changed"))


def brief_editable(letter: Letter) -> bool:
    return (letter.status == Status.SUBMITTED and letter.writer_id is None
            and letter.current_version == 0)


def _validated(session: Session, customer: User, order: OrderRequest,
               today: date) -> tuple[Address, Address | None, Quote]:
    """The recipient's and return address and the price, or InvalidInput with every error."""
    errors: dict[str, str] = {}
    return_address = _return_address(session, customer, order, errors)
    address = checked_order(order, today, return_address, errors,
                            own_hands.choosable(session, customer))
    return address, return_address, quote_of(order, today)


def _apply(letter: Letter, order: OrderRequest, address: Address,
           return_address: Address | None, price: Quote) -> None:
    letter.sender_name = _one_line(order.sender_name)
    letter.sender_signature = _one_line(order.sender_signature)
    letter.relationship_to_sender = _one_line(order.relationship)
    letter.recipient_name = _one_line(order.recipient_name)
    letter.recipient_salutation = _one_line(order.recipient_salutation)
    letter.recipient_pronouns = order.recipient_pronouns
    letter.occasion, letter.tone, letter.length = order.occasion, order.tone, order.length
    letter.memories = order.memories.strip()
    letter.hand, letter.ink, letter.paper = order.hand, order.ink, order.paper
    letter.stationery, letter.with_envelope = order.stationery, order.with_envelope
    letter.pen_plotted = order.pen_plotted
    letter.deliver_by = order.deliver_by
    letter.recipient_address, letter.return_address = address, return_address
    letter.price_cents, letter.price_currency = price.total_cents, price.currency
    letter.price_lines = price.as_data()


def quote_of(order: OrderRequest, today: date) -> Quote:
    return quote(order.length, order.paper, order.stationery, order.with_envelope,
                 order.deliver_by, today, order.pen_plotted,
                 own_hand=own_hands.hand_id(order.hand) is not None)


def _one_line(text: str) -> str:
    """Names are one line: a pasted line break or tab becomes a space."""
    return " ".join(text.split())


def _letter_by_key(session: Session, customer: User, order_key: str) -> Letter | None:
    return session.scalar(select(Letter).where(Letter.order_key == order_key,
                                               Letter.customer_id == customer.id))


def _field_errors(order: OrderRequest, today: date, own: frozenset[str]) -> dict[str, str]:
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
    choices = {"occasion": Occasion, "tone": Tone, "length": Length,
               "recipient_pronouns": Pronouns}
    for name, enum in choices.items():
        if getattr(order, name) not in {e.value for e in enum}:
            errors[name] = "Choose one of the options."
    style_choices = {"ink": rendering.INKS, "paper": rendering.PAPERS,
                     "stationery": rendering.STATIONERY}
    for name, options in style_choices.items():
        if getattr(order, name) not in options:
            errors[name] = "Choose one of the options."
    if order.hand not in {hand.name for hand in rendering.list_hands()} | own:
        errors["hand"] = "Choose one of the hands."
    else:
        errors.update(_coverage_errors(order, texts))
        if order.pen_plotted and not plottable(order.hand):
            errors["pen_plotted"] = (f"{rendering.get_hand(order.hand).display_name} cannot be "
                                     "pen-plotted yet; choose another hand or untick this.")
    if order.deliver_by < today + timedelta(days=MIN_LEAD_DAYS):
        errors["deliver_by"] = (f"We need at least {MIN_LEAD_DAYS} days: choose "
                                f"{(today + timedelta(days=MIN_LEAD_DAYS)).isoformat()} or later.")
    elif order.deliver_by > today + timedelta(days=MAX_LEAD_DAYS):
        errors["deliver_by"] = "Choose a date within a year."
    return errors


def _return_address(session: Session, customer: User, order: OrderRequest,
                    errors: dict[str, str]) -> Address | None:
    """A copy of the sender profile's return address, if the customer chose to print it."""
    if not (order.with_envelope and order.with_return_address):
        return None
    profile = sender_profile(session, customer)
    if profile is None or profile.return_address is None:
        errors["with_return_address"] = ("Add your return address to your sender details "
                                         "first, or untick this.")
        return None
    return copy_of(profile.return_address)


def _envelope_errors(lines: list[str], return_lines: list[str] | None,
                     order: OrderRequest) -> dict[str, str]:
    """Refuse now what the envelope renderer would refuse after approval (too many lines...)."""
    style = rendering.LetterStyle(hand=order.hand, ink=order.ink, paper=order.paper,
                                  stationery=order.stationery)
    try:
        rendering.check_envelope(lines, style, return_address=return_lines)
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
