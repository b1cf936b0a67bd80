"""The notes that asked for a letter to change, each with the version it answered."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from letters_app.domain.models import Letter
from letters_app.domain.status import Status

ASKED = frozenset({(Status.AWAITING_APPROVAL, Status.REVISION_REQUESTED),
                   (Status.IN_REVIEW, Status.DRAFTING)})


@dataclass(frozen=True)
class RevisionNote:
    note: str
    asked_at: datetime
    by_customer: bool
    actor_id: int | None
    answered_version: int  # the draft the note was written about (0: none yet)


def revision_notes(letter: Letter) -> list[RevisionNote]:
    """The customer's revision requests and reviewers' send-backs, newest first."""
    notes = []
    for event in letter.events:
        if not event.note or (event.from_status, event.to_status) not in ASKED:
            continue
        answered = max((v.number for v in letter.versions if v.created_at <= event.created_at),
                       default=0)
        notes.append(RevisionNote(event.note, event.created_at,
                                  event.to_status == Status.REVISION_REQUESTED,
                                  event.actor_id, answered))
    return notes[::-1]
