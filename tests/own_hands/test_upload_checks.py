"""What the upload door lets through to storage, judged by content (never by file name)."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from pillow_heif import register_heif_opener

from letters_app.domain.errors import InvalidInput
from letters_app.domain.hand_uploads import check_upload


def _image(kind: str, size: tuple[int, int] = (900, 1200)) -> bytes:
    register_heif_opener()
    out = io.BytesIO()
    Image.new("RGB", size, (250, 250, 250)).save(out, format=kind)
    return out.getvalue()


@pytest.mark.parametrize(("kind", "media_type"), [
    ("JPEG", "image/jpeg"), ("PNG", "image/png"), ("HEIF", "image/heic"), ("PDF", None)])
def test_a_phone_photo_scan_or_one_page_pdf_is_let_through(kind: str,
                                                           media_type: str | None) -> None:
    assert check_upload(_image(kind)) == (media_type or "application/pdf")


def test_a_heic_photo_too_small_to_read_is_refused_by_its_header() -> None:
    with pytest.raises(InvalidInput, match=r"too small \(300 × 400 pixels\)"):
        check_upload(_image("HEIF", (300, 400)))
