"""Row locks on letters: the one way every read-check-write step serialises on a letter."""

from __future__ import annotations

from sqlalchemy.orm import Session

from letters_app.domain.models import Letter


def locked_letter(session: Session, letter_id: int) -> Letter | None:
    """The letter re-read under a row lock held until this transaction ends.

    `populate_existing` refreshes an object the session already holds, so the status checked
    next is the committed one, not a stale copy; pending changes are flushed first so the
    refresh cannot drop them. (SQLite has no row locks; its transactions begin immediate.)
    """
    session.flush()
    return session.get(Letter, letter_id, with_for_update=True, populate_existing=True)


def lock(session: Session, letter: Letter) -> Letter:
    """`letter`, refreshed and locked in place (the session's own object, for the caller)."""
    locked = locked_letter(session, letter.id)
    assert locked is letter  # one identity map: the same object, now current and locked
    return locked
