"""Deleting a customer's account: their personal data goes, and the files of letters not yet
printed. A letter already with the print shop keeps only an anonymised record (its id,
status, batch and how it is made), withdrawn from its print run: every batch it was in is
built again without it (printing.withdraw), so the shop's lists say it was withdrawn and
no file it can fetch holds it. Sessions and tokens end because the account can no longer
log in or be found by email; its webhooks go, so nothing more is sent about it."""

from __future__ import annotations

import secrets

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from letters_app.domain import accounts, address_book, blob_gc, hand_building, printing
from letters_app.domain.errors import InvalidInput
from letters_app.domain.models import (
    Address,
    ApiToken,
    AuditEvent,
    Document,
    DraftVersion,
    EmailChange,
    IdempotencyKey,
    Letter,
    RecurringLetter,
    RenderJob,
    SenderProfile,
    User,
    Webhook,
    WebhookDelivery,
)
from letters_app.domain.status import Status
from letters_app.storage import Storage

IN_PRINT = frozenset({Status.PRINTING, Status.PRINTED, Status.SHIPPED})


def erase_account(session: Session, customer: User, password: str, confirmed: bool) -> set[str]:
    """Erase the account after its password and a confirmation; returns the sha256 of the
    files it no longer holds, to delete from storage once this has committed."""
    errors = {}
    if not accounts.password_matches(customer, password):
        errors["current_password"] = "That is not your current password."
    if not confirmed:
        errors["confirm"] = "Tick this to confirm that everything will be deleted."
    if errors:
        raise InvalidInput("Your account is not deleted.", errors)
    # Stored API answers hold the orders as posted; webhook deliveries the events
    # (and the letters' events they point to go below).
    session.execute(delete(IdempotencyKey).where(IdempotencyKey.user_id == customer.id))
    hooks = select(Webhook.id).where(Webhook.user_id == customer.id).scalar_subquery()
    session.execute(delete(WebhookDelivery).where(WebhookDelivery.webhook_id.in_(hooks)))
    session.execute(delete(Webhook).where(Webhook.user_id == customer.id))
    # A yearly letter repeats a letter's brief: it ends with the letters it points to.
    session.execute(delete(RecurringLetter).where(RecurringLetter.customer_id == customer.id))
    blobs: set[str] = set()
    for letter in list(session.scalars(select(Letter).where(Letter.customer_id == customer.id))):
        blobs |= _erase_letter(session, letter, keep_record=letter.status_enum in IN_PRINT)
    for saved in address_book.recipients_of(session, customer):
        address_book.remove_recipient(session, customer, saved.id)
    profile = address_book.sender_profile(session, customer)
    if profile is not None:
        session.execute(delete(SenderProfile).where(SenderProfile.id == profile.id))
        if profile.return_address_id is not None:
            session.execute(delete(Address).where(Address.id == profile.return_address_id))
    blobs |= hand_building.forget_hands(session, customer)
    session.execute(delete(ApiToken).where(ApiToken.user_id == customer.id))
    session.execute(delete(EmailChange).where(EmailChange.user_id == customer.id))
    # The row stays for the kept records' foreign keys; nothing in it names the person, and
    # no password opens it (a new hash also ends every session, see LoginUser.get_id).
    customer.name = ""
    customer.email = f"deleted-{customer.id}@invalid"
    customer.password_hash = accounts.hash_password(secrets.token_urlsafe(32))
    customer.is_active = False
    session.flush()
    return blobs


def forget_files(session: Session, storage: Storage, blobs: set[str]) -> None:
    """Delete the erased files no remaining row shares (blobs are content-addressed)."""
    for sha256 in blobs - blob_gc.blobs_in_use(session, blobs):
        storage.delete(sha256)


def _erase_letter(session: Session, letter: Letter, *, keep_record: bool) -> set[str]:
    # First, while its events still say which batches it was in and before its files go.
    blobs = printing.withdraw(session, letter)
    blobs |= set(session.scalars(select(Document.sha256).where(
        Document.letter_id == letter.id)))
    session.execute(delete(Document).where(Document.letter_id == letter.id))
    session.execute(delete(DraftVersion).where(DraftVersion.letter_id == letter.id))
    session.execute(delete(RenderJob).where(RenderJob.letter_id == letter.id))
    addresses = {letter.recipient_address_id, letter.return_address_id} - {None}
    if keep_record:
        placeholder = Address(name="", street_address="", country_code="ZZ", lines=[])
        session.add(placeholder)
        letter.recipient_address, letter.return_address = placeholder, None
        for name in ("sender_name", "sender_signature", "relationship_to_sender",
                     "recipient_name", "recipient_salutation", "memories"):
            setattr(letter, name, "")
        letter.order_key = secrets.token_hex(16)
        for event in letter.events:
            event.note, event.actor_id = None, None
        session.flush()
    else:
        # Jobs still queued for the letter find nothing and end; they carry ids only.
        session.execute(delete(AuditEvent).where(AuditEvent.letter_id == letter.id))
        session.execute(delete(Letter).where(Letter.id == letter.id))
    session.execute(delete(Address).where(Address.id.in_(addresses)))
    return blobs

