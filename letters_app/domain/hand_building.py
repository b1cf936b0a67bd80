"""From a stored upload to a hand the customer can use: read the sheet (the hands queue),
refuse it in plain words or keep the built font, accept it, and build its centre lines."""

from __future__ import annotations

import json
import logging
import secrets
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from letters_app.domain import blob_gc
from letters_app.domain.errors import Conflict, InvalidInput
from letters_app.domain.models import HandSheet, HandState, OwnHand, User
from letters_app.domain.own_hands import own_hand
from letters_app.jobs import Job, outbox
from letters_app.storage import Storage

log = logging.getLogger(__name__)
PAPERS = ("letter", "a4")
SHEET_ID_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # nothing a person misreads (0/O, 1/I)
SHEET_ID_CHARS = 10
NOT_YOUR_SHEET = ("This sheet was not printed from your account, so we cannot use it. "
                  "Download your own sample sheet here, fill it in and upload that.")
BUILD_FAILED = ("Something went wrong on our side while reading your sheet. Nothing was kept; "
                "please upload it again.")
TIMED_OUT = ("We could not read your sheet in time (our side, not yours). Nothing was kept; "
             "please upload it again.")


def issue_sheet(session: Session, customer: User, paper: str) -> tuple[HandSheet, bytes]:
    """A new sample sheet for the customer: its row (the id printed on it) and its PDF."""
    from letters_app.handmaking.layout import standard_layout
    from letters_app.handmaking.sheet import sheet_pdf

    if paper not in PAPERS:
        raise InvalidInput("Choose Letter or A4.", {"paper": "Choose Letter or A4."})
    sheet_id = "".join(secrets.choice(SHEET_ID_ALPHABET) for _ in range(SHEET_ID_CHARS))
    sheet = HandSheet(id=sheet_id, customer_id=customer.id, paper=paper)
    session.add(sheet)
    session.flush()
    return sheet, sheet_pdf(standard_layout(paper), sheet_id)


def build(session: Session, storage: Storage, hand_id: int) -> None:
    """Read the uploaded sheet into a font; idempotent (a hand no longer processing is left
    as it is). A refusal keeps no font and no upload, only the message."""
    from letters_app.handmaking.build import HandRefused, build_hand

    hand = session.get(OwnHand, hand_id)
    if hand is None or hand.state != HandState.PROCESSING or hand.upload_sha256 is None:
        return
    data = storage.read(hand.upload_sha256)
    try:
        built = build_hand(data, family_name=f"Own hand {hand.id}")
    except HandRefused as err:
        _end(session, storage, _locked(session, hand), HandState.REFUSED, err.message)
        return
    except OSError:
        raise  # a passing outage (storage, memory map): the job is retried
    except Exception as err:
        # Any bug in reading (cv2.error included) must end the wait: the customer sees
        # "failed, upload again", never a page that polls for ever.
        log.exception("building hand %s failed: %s", hand_id, err)
        _end(session, storage, _locked(session, hand), HandState.FAILED, BUILD_FAILED)
        return
    hand = _locked(session, hand)
    if hand.state != HandState.PROCESSING:
        return
    sheet = session.get(HandSheet, built.sheet_id)
    if sheet is None or sheet.customer_id != hand.customer_id:
        _end(session, storage, hand, HandState.REFUSED, NOT_YOUR_SHEET)
        return
    hand.sheet_id = sheet.id
    hand.font_sha256 = storage.put(built.ttf).sha256
    hand.characters = _characters(built.ttf)
    hand.report = {"advice": list(built.report.advice()), "boxes": _as_data(built.report)}
    hand.state = HandState.READY.value


def accept(session: Session, customer: User, hand_id: int) -> OwnHand:
    """The customer takes the built hand: it joins their hand choices, and its centre lines
    for the pen plotter are built on the hands queue."""
    hand = _locked(session, own_hand(session, customer, hand_id))
    if hand.state == HandState.ACCEPTED:
        return hand
    if hand.state != HandState.READY:
        raise Conflict("Only a hand that was read successfully can be accepted; "
                       "upload your sheet again.")
    hand.state = HandState.ACCEPTED.value
    hand.accepted_at = datetime.now(UTC)
    outbox.enqueue(session, Job.BUILD_HAND_STROKES, hand_id=hand.id)
    return hand


def build_strokes(session: Session, storage: Storage, hand_id: int) -> None:
    """Centre lines of every glyph of an accepted hand, stored beside its font."""
    from letters_app.handmaking.strokes import stroke_table

    hand = session.get(OwnHand, hand_id)
    if (hand is None or hand.state != HandState.ACCEPTED or hand.strokes_sha256 is not None
            or hand.font_sha256 is None):
        return
    data = stroke_table(storage.read(hand.font_sha256))
    hand = _locked(session, hand)
    hand.strokes_sha256 = storage.put(data).sha256


def forget_hands(session: Session, customer: User) -> set[str]:
    """Delete the customer's hands and sheets (account erasure); returns their blobs."""
    blobs: set[str] = set()
    for hand in session.scalars(select(OwnHand).where(OwnHand.customer_id == customer.id)):
        blobs |= hand.blobs
        session.delete(hand)
    for sheet in session.scalars(select(HandSheet).where(HandSheet.customer_id == customer.id)):
        session.delete(sheet)
    session.flush()
    return blobs


def fail_stuck_hands(session: Session, storage: Storage, uploaded_before: datetime) -> int:
    """End the wait of hands still being read since before the deadline (a lost message, a
    sheet that kills its worker): failed, upload again. The sweep calls it; how many."""
    stuck = list(session.scalars(select(OwnHand).where(
        OwnHand.state == HandState.PROCESSING, OwnHand.created_at < uploaded_before)))
    for hand in stuck:
        _end(session, storage, _locked(session, hand), HandState.FAILED, TIMED_OUT)
    return len(stuck)


def _locked(session: Session, hand: OwnHand) -> OwnHand:
    """The hand re-read under a row lock (a second delivery of the job waits, then sees it
    done); the session's own object."""
    session.flush()
    locked = session.get(OwnHand, hand.id, with_for_update=True, populate_existing=True)
    assert locked is hand
    return locked


def _end(session: Session, storage: Storage, hand: OwnHand, state: HandState,
         message: str) -> None:
    """Refused or failed: the message stays, the upload goes (it cannot become a hand)."""
    if hand.state != HandState.PROCESSING:
        return
    upload, hand.upload_sha256 = hand.upload_sha256, None
    hand.state, hand.error = state.value, message
    session.flush()
    if upload and upload not in blob_gc.blobs_in_use(session, {upload}):
        storage.delete(upload)


def _characters(ttf: bytes) -> str:
    """Every character the font can write, as one sorted string."""
    import uharfbuzz as hb

    return "".join(sorted(chr(c) for c in hb.Face(hb.Blob(ttf)).unicodes if c > 0x20))


def _as_data(report: object) -> object:
    raw = report.to_json()  # type: ignore[attr-defined]
    return json.loads(raw) if isinstance(raw, str | bytes) else raw
