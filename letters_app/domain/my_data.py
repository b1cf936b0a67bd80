"""Everything the service holds about a customer, as one zip they can take away: a JSON
document (account, address book, sender details, letters with briefs, drafts and timeline)
and the letters' PDFs."""

from __future__ import annotations

import io
import json
import zipfile

from sqlalchemy import select
from sqlalchemy.orm import Session

from letters_app.domain import address_book
from letters_app.domain.models import Address, Document, DocumentKind, Letter, OwnHand, User
from letters_app.domain.own_hands import hands_of
from letters_app.storage import Storage

FILES = {DocumentKind.LETTER_PDF: "letter.pdf", DocumentKind.ENVELOPE_PDF: "envelope.pdf"}


def export_zip(session: Session, storage: Storage, customer: User) -> bytes:
    letters = list(session.scalars(select(Letter).where(Letter.customer_id == customer.id)
                                   .order_by(Letter.id)))
    profile = address_book.sender_profile(session, customer)
    hands = hands_of(session, customer)
    document = {
        "account": {"name": customer.name, "email": customer.email,
                    "created_at": customer.created_at.isoformat()},
        "sender_details": None if profile is None else {
            "name": profile.sender_name, "signature": profile.sender_signature,
            "return_address": _address(profile.return_address)},
        "address_book": [{"name": saved.recipient_name, "salutation": saved.recipient_salutation,
                          "relationship": saved.relationship_to_sender,
                          "pronouns": saved.recipient_pronouns,
                          "address": _address(saved.address)}
                         for saved in address_book.recipients_of(session, customer)],
        "letters": [_letter(letter) for letter in letters],
        "own_hands": [_hand(hand) for hand in hands],
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("my-data.json", json.dumps(document, indent=2, ensure_ascii=False))
        for letter in letters:
            for doc in _files(session, letter):
                archive.writestr(f"letters/{letter.id}/{FILES[DocumentKind(doc.kind)]}",
                                 storage.read(doc.sha256))
        for hand in hands:
            for name, key in _hand_files(hand):
                archive.writestr(f"hands/{hand.id}/{name}", storage.read(key))
    return buffer.getvalue()


HAND_UPLOAD_NAMES = {"image/jpeg": "sheet.jpg", "image/png": "sheet.png",
                     "image/heic": "sheet.heic", "application/pdf": "sheet.pdf"}


def _hand_files(hand: OwnHand) -> list[tuple[str, str]]:
    """The sheet they uploaded and the font we built from it (centre lines are ours)."""
    files = []
    if hand.upload_sha256:
        files.append((HAND_UPLOAD_NAMES.get(hand.upload_type, "sheet"), hand.upload_sha256))
    if hand.font_sha256:
        files.append(("hand.ttf", hand.font_sha256))
    return files


def _hand(hand: OwnHand) -> dict[str, object]:
    return {"id": hand.id, "state": hand.state, "sheet_id": hand.sheet_id,
            "uploaded_at": hand.created_at.isoformat(),
            "accepted_at": hand.accepted_at.isoformat() if hand.accepted_at else None,
            "report": hand.report, "message": hand.error}


def _files(session: Session, letter: Letter) -> list[Document]:
    if letter.approved_version is None:
        return []
    return list(session.scalars(select(Document).where(
        Document.letter_id == letter.id, Document.version == letter.approved_version,
        Document.kind.in_([kind.value for kind in FILES]))))


def _letter(letter: Letter) -> dict[str, object]:
    return {
        "id": letter.id, "status": letter.status, "ordered_at": letter.created_at.isoformat(),
        "brief": {"sender_name": letter.sender_name, "signature": letter.sender_signature,
                  "relationship": letter.relationship_to_sender,
                  "recipient_name": letter.recipient_name,
                  "salutation": letter.recipient_salutation,
                  "pronouns": letter.recipient_pronouns, "occasion": letter.occasion,
                  "tone": letter.tone, "length": letter.length, "memories": letter.memories},
        "style": {"hand": letter.hand, "ink": letter.ink, "paper": letter.paper,
                  "stationery": letter.stationery, "with_envelope": letter.with_envelope,
                  "pen_plotted": letter.pen_plotted},
        "deliver_by": letter.deliver_by.isoformat(),
        "recipient_address": _address(letter.recipient_address),
        "return_address": _address(letter.return_address),
        "price": None if letter.price_cents is None else {
            "cents": letter.price_cents, "currency": letter.price_currency,
            "lines": letter.price_lines},
        "tracking_number": letter.tracking_number,
        "drafts": [{"version": v.number, "source": v.source, "text": v.text,
                    "created_at": v.created_at.isoformat()} for v in letter.versions],
        "timeline": [{"at": e.created_at.isoformat(), "action": e.action,
                      "from": e.from_status, "to": e.to_status,
                      "note": e.note if e.actor_role == "customer" else None}
                     for e in letter.events],
    }


def _address(address: Address | None) -> list[str] | None:
    return None if address is None else list(address.lines)
