"""A customer's own hands: which they may choose, what they are called, and their fonts made
drawable on this machine (fetched from storage into a disk cache named by content hash)."""

from __future__ import annotations

import weakref
from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from letters_app import rendering
from letters_app.domain.database import Database
from letters_app.domain.errors import NotFound
from letters_app.domain.models import MAX_ID, HandState, OwnHand, User
from letters_app.rendering.hands import OWN_PREFIX, add_own_hand_source, register_own_hand
from letters_app.storage import Storage
from letters_app.storage.atomic import write_atomically
from letters_app.storage.base import sha256_of

DRAWABLE = frozenset({HandState.READY.value, HandState.ACCEPTED.value})


FONT_KEY_CHARS = 12  # of the font's sha256 in a hand's name


def hand_name(hand: OwnHand) -> str:
    """The name a letter carries for this hand: its id and its font's content, so that the
    renderer's caches, which go by name, never mix two fonts (a database made afresh, as
    tests do, numbers its hands from 1 again)."""
    if hand.font_sha256 is None:
        raise ValueError(f"hand {hand.id} has no font yet")
    return f"{OWN_PREFIX}{hand.id}-{hand.font_sha256[:FONT_KEY_CHARS]}"


def hand_id(name: str) -> int | None:
    """The OwnHand id behind a hand name, or None for a stock hand or a malformed name."""
    number, _, key = name.removeprefix(OWN_PREFIX).partition("-")
    if (not name.startswith(OWN_PREFIX) or not number.isdigit() or len(number) > 10
            or not 0 < int(number) <= MAX_ID or len(key) != FONT_KEY_CHARS):
        return None
    return int(number)


def label(hand: OwnHand) -> str:
    return _label(hand.created_at)


def _label(created_at: datetime) -> str:
    return f"Your own hand ({created_at:%d %b %Y, %H:%M})"  # as the uploads list says


def hands_of(session: Session, customer: User) -> list[OwnHand]:
    return list(session.scalars(select(OwnHand).where(OwnHand.customer_id == customer.id)
                                .order_by(OwnHand.id.desc())))


def own_hand(session: Session, customer: User, hand_id: int) -> OwnHand:
    """One of the customer's hands; NotFound for anyone else's (never "forbidden")."""
    hand = session.get(OwnHand, hand_id) if 0 < hand_id <= MAX_ID else None
    if hand is None or hand.customer_id != customer.id:
        raise NotFound("No such hand.")
    return hand


def accepted_hands(session: Session, customer: User) -> list[OwnHand]:
    """The hands this customer may order letters in, newest first."""
    return [h for h in hands_of(session, customer) if h.state == HandState.ACCEPTED]


def choosable(session: Session, customer: User) -> frozenset[str]:
    """The names of the hands this customer may order in beside the stock ones."""
    return frozenset(hand_name(hand) for hand in accepted_hands(session, customer))


def _named(session: Session, name: str) -> OwnHand | None:
    number = hand_id(name)
    hand = session.get(OwnHand, number) if number is not None else None
    return hand if hand is not None and hand.font_sha256 and hand_name(hand) == name else None


class HandFonts:
    """Finds a built hand's font for the renderer by its name. Installed once per process
    (see Services.create); the renderer asks only for names it does not know yet, so the
    database and storage are read once per hand per process."""

    def __init__(self, db: Database, storage: Storage, cache_dir: Path) -> None:
        self.db = db
        self.storage = storage
        self.cache_dir = cache_dir

    def install(self) -> None:
        add_own_hand_source(weakref.WeakMethod(self.find))

    def find(self, name: str) -> rendering.Hand | None:
        number = hand_id(name)
        if number is None:
            return None
        # Its own read-only connection: the renderer may ask in the middle of a request or a
        # job whose transaction holds SQLite's write lock.
        query = select(OwnHand.state, OwnHand.font_sha256, OwnHand.strokes_sha256,
                       OwnHand.created_at).where(OwnHand.id == number)
        with self.db.engine.connect().execution_options(read_only=True) as connection:
            row = connection.execute(query).one_or_none()
        if row is None or row.state not in DRAWABLE or not row.font_sha256:
            return None
        if not name.endswith(f"-{row.font_sha256[:FONT_KEY_CHARS]}"):
            return None
        font = self.cached(row.font_sha256, self.cache_dir / f"{row.font_sha256}.ttf")
        if row.strokes_sha256:  # the pen plotter's centre lines, read beside the font
            self.cached(row.strokes_sha256, font.with_suffix(".strokes.json.gz"))
        from letters_app.handmaking.build import own_hand_defaults

        return register_own_hand(name, _label(row.created_at), font, own_hand_defaults())

    def forget(self, keys: set[str]) -> None:
        """Remove this machine's copies of erased fonts and centre lines (the account is
        gone; other machines' caches hold a copy under a name nothing refers to any more)."""
        for key in keys:  # the centre lines are kept under their font's key
            (self.cache_dir / f"{key}.ttf").unlink(missing_ok=True)
            (self.cache_dir / f"{key}.strokes.json.gz").unlink(missing_ok=True)

    def cached(self, sha256: str, path: Path) -> Path:
        """The blob on this machine's disk at `path`, fetched once and checked by its hash."""
        if not path.exists() or sha256_of(path.read_bytes()) != sha256:
            write_atomically(path, self.storage.read(sha256))
        return path
