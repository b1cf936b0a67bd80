"""A correspondence: one sender writing to one recipient over the years. The writer of a new
letter reads the earlier ones, so the voice and the shared memories stay consistent.

The key is computed, not stored: the same customer, the same recipient name and the same
address, each compared case- and space-insensitively. A recipient who moves house starts a
new correspondence; that is the price of needing no extra table for this first step.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload, selectinload

from letters_app.domain.models import Address, Letter, User
from letters_app.domain.status import Status


@dataclass(frozen=True)
class EarlierLetter:
    letter_id: int
    written_on: datetime
    occasion: str
    tone: str
    memories: list[str]
    text: str  # the approved words, else the latest draft
    status: Status


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())


def correspondence_key(letter: Letter) -> tuple[int, str, str, str, str]:
    address: Address = letter.recipient_address
    return (letter.customer_id, _fold(letter.recipient_name), _fold(address.street_address),
            _fold(address.postal_code), address.country_code.upper())


def earlier_letters(session: Session, letter: Letter) -> list[EarlierLetter]:
    """The letters the same customer sent the same recipient before this one, newest first."""
    key = correspondence_key(letter)
    candidates = session.scalars(
        select(Letter)
        .where(Letter.customer_id == letter.customer_id, Letter.id != letter.id,
               Letter.created_at <= letter.created_at, Letter.status != Status.CANCELLED)
        .options(joinedload(Letter.recipient_address), selectinload(Letter.versions))
        .order_by(Letter.created_at.desc(), Letter.id.desc()))
    return [_earlier(other) for other in candidates if correspondence_key(other) == key]


@dataclass(frozen=True)
class Correspondence:
    recipient_name: str
    letters: list[Letter]  # newest first


def correspondences_of(session: Session, customer: User) -> list[Correspondence]:
    """The customer's letters grouped by recipient, the most recently written to first."""
    groups: dict[tuple[int, str, str, str, str], list[Letter]] = {}
    for letter in session.scalars(
            select(Letter).where(Letter.customer_id == customer.id)
            .options(joinedload(Letter.recipient_address))
            .order_by(Letter.created_at.desc(), Letter.id.desc())):
        groups.setdefault(correspondence_key(letter), []).append(letter)
    return [Correspondence(letters[0].recipient_name, letters) for letters in groups.values()]


def _earlier(letter: Letter) -> EarlierLetter:
    approved = (letter.version(letter.approved_version)
                if letter.approved_version is not None else None)
    shown = approved or letter.latest_version
    return EarlierLetter(letter.id, letter.created_at, letter.occasion, letter.tone,
                         [m.strip() for m in letter.memories.splitlines() if m.strip()],
                         shown.text if shown else "", letter.status_enum)
