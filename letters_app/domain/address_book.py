"""A customer's address book (people they write to) and sender profile (how they sign, where
they live): saved once, they pre-fill every order. Each is the customer's own, never shared."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from letters_app.domain.addresses import AddressInput, validate_address
from letters_app.domain.brief import Pronouns
from letters_app.domain.errors import InvalidInput, NotFound
from letters_app.domain.models import Address, SavedRecipient, SenderProfile, User

LIMITS = {"recipient_name": 120, "recipient_salutation": 80, "relationship": 80,
          "sender_name": 120, "sender_signature": 80}


@dataclass(frozen=True)
class RecipientInput:
    recipient_name: str
    recipient_salutation: str
    relationship: str
    recipient_pronouns: str
    address: AddressInput


@dataclass(frozen=True)
class SenderInput:
    sender_name: str
    sender_signature: str
    return_address: AddressInput | None  # None: no return address on envelopes


def recipients_of(session: Session, customer: User) -> list[SavedRecipient]:
    return list(session.scalars(select(SavedRecipient)
                                .where(SavedRecipient.customer_id == customer.id)
                                .order_by(SavedRecipient.recipient_name, SavedRecipient.id)))


def recipient_of(session: Session, customer: User, recipient_id: int) -> SavedRecipient:
    """The customer's own saved recipient; another's looks like one that does not exist."""
    saved = session.scalar(select(SavedRecipient).where(
        SavedRecipient.id == recipient_id, SavedRecipient.customer_id == customer.id))
    if saved is None:
        raise NotFound("No such address in your address book.")
    return saved


def save_recipient(session: Session, customer: User, entry: RecipientInput,
                   recipient_id: int | None = None) -> SavedRecipient:
    """Add someone to the address book, or change the entry `recipient_id`."""
    errors = _text_errors({"recipient_name": entry.recipient_name,
                           "recipient_salutation": entry.recipient_salutation,
                           "relationship": entry.relationship},
                          required=("recipient_name",))
    if entry.recipient_pronouns not in {p.value for p in Pronouns}:
        errors["recipient_pronouns"] = "Choose one of the options."
    address = _address(entry.address, errors)
    if errors or address is None:
        raise InvalidInput("Please correct the marked fields.", errors)
    saved = (recipient_of(session, customer, recipient_id) if recipient_id is not None
             else SavedRecipient(customer_id=customer.id))
    old_address = saved.address if recipient_id is not None else None
    saved.recipient_name = _one_line(entry.recipient_name)
    saved.recipient_salutation = _one_line(entry.recipient_salutation)
    saved.relationship_to_sender = _one_line(entry.relationship)
    saved.recipient_pronouns = entry.recipient_pronouns
    saved.address = address
    session.add(saved)
    if old_address is not None:
        session.delete(old_address)
    session.flush()
    return saved


def remember_recipient(session: Session, customer: User, entry: RecipientInput) -> None:
    """Save someone just written to, unless the book already has them at that address."""
    address = validate_address(entry.address)
    for saved in recipients_of(session, customer):
        if saved.recipient_name == _one_line(entry.recipient_name) and \
                saved.address.lines == address.lines:
            return
    save_recipient(session, customer, entry)


def remove_recipient(session: Session, customer: User, recipient_id: int) -> None:
    saved = recipient_of(session, customer, recipient_id)
    address = saved.address
    session.delete(saved)
    session.delete(address)


def sender_profile(session: Session, customer: User) -> SenderProfile | None:
    return session.scalar(select(SenderProfile).where(SenderProfile.user_id == customer.id))


def save_sender_profile(session: Session, customer: User, entry: SenderInput) -> SenderProfile:
    errors = _text_errors({"sender_name": entry.sender_name,
                           "sender_signature": entry.sender_signature}, required=())
    address = _address(entry.return_address, errors) if entry.return_address else None
    if errors:
        raise InvalidInput("Please correct the marked fields.", errors)
    profile = sender_profile(session, customer) or SenderProfile(user_id=customer.id)
    old_address = profile.return_address
    profile.sender_name = _one_line(entry.sender_name)
    profile.sender_signature = _one_line(entry.sender_signature)
    profile.return_address = address
    session.add(profile)
    if old_address is not None:
        session.delete(old_address)
    session.flush()
    return profile


def copy_of(address: Address) -> Address:
    """A letter keeps its own copy: editing the book later does not change a sent envelope."""
    return Address(name=address.name, street_address=address.street_address,
                   city=address.city, city_area=address.city_area,
                   postal_code=address.postal_code, country_area=address.country_area,
                   country_code=address.country_code, lines=list(address.lines))


def _address(raw: AddressInput | None, errors: dict[str, str]) -> Address | None:
    if raw is None:
        errors["address_street_address"] = "This is required."
        return None
    try:
        return validate_address(raw)
    except InvalidInput as err:
        errors.update({f"address_{key}": value for key, value in err.field_errors.items()})
        return None


def _text_errors(texts: dict[str, str], required: tuple[str, ...]) -> dict[str, str]:
    errors = {}
    for name, value in texts.items():
        if name in required and not value.strip():
            errors[name] = "This is required."
        elif len(value) > LIMITS[name]:
            errors[name] = f"At most {LIMITS[name]} characters (you have {len(value)})."
    return errors


def _one_line(text: str) -> str:
    return " ".join(text.split())
