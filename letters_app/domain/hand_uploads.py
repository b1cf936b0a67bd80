"""Taking in a photo or scan of a filled sample sheet: refuse what cannot be a sheet before
anything is stored, then store it privately and queue the reading."""

from __future__ import annotations

import io
import warnings

from sqlalchemy.orm import Session

from letters_app.domain.errors import InvalidInput
from letters_app.domain.models import HandState, OwnHand, User
from letters_app.handmaking.intake import MAX_BYTES, MAX_PIXELS
from letters_app.jobs import Job, outbox
from letters_app.storage import Storage

# The reader's own limits (a 48-megapixel phone photo passes; a decompression bomb does not),
# checked here too, so that what it would refuse is never stored.
MAX_UPLOAD_BYTES = MAX_BYTES
MIN_SIDE = 600  # pixels: a smaller picture cannot show 142 boxes legibly
HEIF_BRANDS = (b"heic", b"heix", b"hevc", b"heim", b"heis", b"mif1", b"msf1")
WHAT_TO_SEND = "Send a photo or scan of the filled sheet: JPEG, PNG, HEIC or a one-page PDF."
TOO_LARGE = (f"The file is larger than {MAX_UPLOAD_BYTES // (1024 * 1024)} MB. Send a smaller "
             "photo (your phone's normal quality is plenty).")


def upload_type(data: bytes) -> str | None:
    """The upload's media type, judged by its first bytes (never by its name), or None."""
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"%PDF-"):
        return "application/pdf"
    if data[4:8] == b"ftyp" and data[8:12] in HEIF_BRANDS:
        return "image/heic"
    return None


def check_upload(data: bytes) -> str:
    """The media type of an acceptable upload, or InvalidInput saying what to send instead."""
    if not data:
        raise _refused("The file is empty. " + WHAT_TO_SEND)
    if len(data) > MAX_UPLOAD_BYTES:
        raise _refused(TOO_LARGE)
    kind = upload_type(data)
    if kind is None:
        raise _refused("This is not a picture we can read. " + WHAT_TO_SEND)
    if kind == "application/pdf":
        _check_pdf(data)
    else:
        _check_image(data, kind)
    return kind


def receive_upload(session: Session, storage: Storage, customer: User, data: bytes) -> OwnHand:
    """Store the checked upload and queue its reading; the hand starts out processing."""
    kind = check_upload(data)
    blob = storage.put(data)
    hand = OwnHand(customer_id=customer.id, state=HandState.PROCESSING.value,
                   upload_sha256=blob.sha256, upload_type=kind, characters="")
    session.add(hand)
    session.flush()
    outbox.enqueue(session, Job.BUILD_HAND, hand_id=hand.id)
    return hand


def _check_image(data: bytes, kind: str) -> None:
    from PIL import Image

    if kind == "image/heic":
        from pillow_heif import register_heif_opener

        register_heif_opener()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:  # reads the header only
                width, height = image.size
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _refused("This picture is far too large to be a photo of a sheet. "
                       + WHAT_TO_SEND) from None
    except (OSError, ValueError, SyntaxError):
        raise _refused("This picture is damaged and cannot be opened. " + WHAT_TO_SEND) from None
    if width * height > MAX_PIXELS:
        raise _refused("This picture is far too large to be a photo of a sheet. "
                       + WHAT_TO_SEND)
    if min(width, height) < MIN_SIDE:
        raise _refused(f"This picture is too small ({width} × {height} pixels) to read the "
                       "boxes. Photograph the whole sheet at your camera's normal quality.")


def _check_pdf(data: bytes) -> None:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        pages = len(PdfReader(io.BytesIO(data)).pages)
    except (PyPdfError, ValueError, KeyError, OSError):
        raise _refused("This PDF is damaged and cannot be opened. " + WHAT_TO_SEND) from None
    if pages != 1:
        raise _refused(f"This PDF has {pages} pages; send only the page of the filled sheet.")


def _refused(message: str) -> InvalidInput:
    return InvalidInput(message, {"sheet": message})
