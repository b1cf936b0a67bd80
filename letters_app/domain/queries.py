"""Read paths, each scoped by who asks: no query returns a letter its asker may not see."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from letters_app.domain.errors import NotFound
from letters_app.domain.models import Document, Letter, User
from letters_app.domain.status import Status


def customer_letter(session: Session, customer: User, letter_id: int) -> Letter:
    """The customer's own letter; someone else's looks exactly like one that does not exist."""
    letter = session.scalar(
        select(Letter).where(Letter.id == letter_id, Letter.customer_id == customer.id)
    )
    if letter is None:
        raise NotFound("No such letter.")
    return letter


def staff_queue(session: Session) -> list[Letter]:
    return list(session.scalars(select(Letter).order_by(Letter.deliver_by, Letter.id)))


FINAL_STATUSES = frozenset({Status.READY_TO_PRINT, Status.PRINTING, Status.PRINTED,
                            Status.SHIPPED})
PRINT_FILES = frozenset({"letter_pdf", "envelope_pdf"})


def customer_may_see(letter: Letter, document: Document) -> bool:
    """The one rule for a customer's files: the proof images of the draft in front of them,
    and the print files and their previews once the approved letter is rendered. Nothing of
    a cancelled letter, and never a print file before it is paid for by approval."""
    if document.letter_id != letter.id or letter.status == Status.CANCELLED:
        return False
    if document.kind in {"proof_png", "envelope_png"}:
        return document.version == letter.current_version
    return (letter.status_enum in FINAL_STATUSES and document.version == letter.approved_version
            and document.kind in PRINT_FILES | {"preview_png"})


def letter_files(session: Session, letter: Letter) -> dict[str, list[Document]]:
    """The files of a letter its customer may see, by what they are for."""
    docs = [d for d in session.scalars(select(Document).where(Document.letter_id == letter.id)
                                       .order_by(Document.kind, Document.page))
            if customer_may_see(letter, d)]
    return {"proof_pages": [d for d in docs if d.kind == "proof_png"],
            "envelope_proof": [d for d in docs if d.kind == "envelope_png"],
            "final_files": [d for d in docs if d.kind in PRINT_FILES],
            "final_previews": [d for d in docs if d.kind == "preview_png"]}


def customer_document(session: Session, customer: User, letter_id: int,
                      document_id: int) -> tuple[Letter, Document]:
    letter = customer_letter(session, customer, letter_id)
    document = session.get(Document, document_id)
    if document is None or not customer_may_see(letter, document):
        raise NotFound("No such file.")
    return letter, document


def names_of_people(session: Session, letter: Letter) -> dict[int, str]:
    """Names of the writer, the draft authors and the actors of a letter's events, by user id."""
    return user_names(session, {letter.writer_id, *(v.author_id for v in letter.versions),
                                *(e.actor_id for e in letter.events)})


def user_names(session: Session, ids: set[int | None]) -> dict[int, str]:
    wanted = ids - {None}
    if not wanted:
        return {}
    return {user.id: user.name for user in session.scalars(select(User).where(User.id.in_(wanted)))}


def customer_letters_page(session: Session, customer: User, page: int,
                          per_page: int) -> tuple[list[Letter], int]:
    """One page of the customer's letters, newest first, and how many there are in all."""
    mine = Letter.customer_id == customer.id
    total = session.scalar(select(func.count()).select_from(Letter).where(mine)) or 0
    letters = session.scalars(select(Letter).where(mine).order_by(Letter.id.desc())
                              .offset((page - 1) * per_page).limit(per_page))
    return list(letters), total
