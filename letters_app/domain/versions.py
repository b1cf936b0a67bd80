"""Draft versions: every save is a new number, never an overwrite."""

from __future__ import annotations

from sqlalchemy.orm import Session

from letters_app.domain.models import DraftSource, DraftVersion, Letter, User


def add_version(session: Session, letter: Letter, text: str, *, source: DraftSource,
                author: User | None = None) -> DraftVersion:
    letter.current_version += 1
    version = DraftVersion(letter=letter, number=letter.current_version, text=text,
                           source=source, author_id=author.id if author else None)
    session.add(version)
    return version
