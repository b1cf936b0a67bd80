"""Read paths, each scoped by who asks: no query returns a letter its asker may not see."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from letters_app.domain.errors import NotFound
from letters_app.domain.models import Document, Letter, User


def letters_of_customer(session: Session, customer: User) -> list[Letter]:
    return list(session.scalars(
        select(Letter).where(Letter.customer_id == customer.id).order_by(Letter.id.desc())
    ))


def customer_letter(session: Session, customer: User, letter_id: int) -> Letter:
    """The customer's own letter; someone else's looks exactly like one that does not exist."""
    letter = session.scalar(
        select(Letter).where(Letter.id == letter_id, Letter.customer_id == customer.id)
    )
    if letter is None:
        raise NotFound("No such letter.")
    return letter


def staff_queue(session: Session, statuses: list[str] | None = None) -> list[Letter]:
    query = select(Letter).order_by(Letter.deliver_by, Letter.id)
    if statuses:
        query = query.where(Letter.status.in_(statuses))
    return list(session.scalars(query))


def letter_files(session: Session, letter: Letter) -> dict[str, list[Document]]:
    """The files of a letter a customer may see: the proof of the current version, the finals."""
    docs = list(session.scalars(select(Document).where(Document.letter_id == letter.id)
                                .order_by(Document.kind, Document.page)))
    proof = [d for d in docs if d.kind == "proof_png" and d.version == letter.current_version]
    final = [d for d in docs if d.version == letter.approved_version
             and d.kind in {"letter_pdf", "envelope_pdf"}]
    previews = [d for d in docs if d.version == letter.approved_version
                and d.kind == "preview_png"]
    return {"proof_pages": proof, "final_files": final, "final_previews": previews}


def staff_letter(session: Session, letter_id: int) -> Letter:
    """Any letter, for the studio (staff see the whole queue)."""
    letter = session.get(Letter, letter_id)
    if letter is None:
        raise NotFound("No such letter.")
    return letter


def names_of_people(session: Session, letter: Letter) -> dict[int, str]:
    """Names of the writer, the draft authors and the actors of a letter's events, by user id."""
    return user_names(session, {letter.writer_id, *(v.author_id for v in letter.versions),
                                *(e.actor_id for e in letter.events)})


def user_names(session: Session, ids: set[int | None]) -> dict[int, str]:
    wanted = ids - {None}
    if not wanted:
        return {}
    return {user.id: user.name for user in session.scalars(select(User).where(User.id.in_(wanted)))}
