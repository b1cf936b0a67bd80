"""Uploaded bytes to one upright RGB image, or a refusal saying what to send instead.

Sizes are checked before anything is decoded: the byte count first, then the pixel count from
the header, so a small file that would expand to gigabytes (a decompression bomb) is refused
without being unpacked.
"""

from __future__ import annotations

import io
import warnings
from functools import cache

import numpy as np
import pypdfium2 as pdfium
from PIL import Image, ImageOps

from .errors import HandRefused

MAX_BYTES = 30 * 1024 * 1024
MAX_PIXELS = 50_000_000  # a 48 MP phone photo passes; a bomb does not
PDF_DPI = 300
_KINDS = "a photo or scan of the sheet as JPEG, PNG or HEIC, or a one-page PDF"


def load_image(data: bytes) -> np.ndarray:
    """RGB uint8 array, EXIF orientation applied."""
    if len(data) > MAX_BYTES:
        raise HandRefused("too_large", f"The file is over {MAX_BYTES // 2**20} MB: send a "
                                       "smaller photo or scan (300 dpi is plenty).")
    if data[:5] == b"%PDF-":
        return _pdf(data)
    return _picture(data)


def _picture(data: bytes) -> np.ndarray:
    _register_heif()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            width, height = image.size
            if width * height > MAX_PIXELS:
                raise HandRefused("too_large", "The image has too many pixels: send a photo "
                                               "or scan of at most 50 megapixels.")
            image = ImageOps.exif_transpose(image)
            rgb = _on_white(image)
    except HandRefused:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise HandRefused("too_large", "The image has too many pixels: send a photo or scan "
                                       "of at most 50 megapixels.") from None
    except Exception:  # decoders of untrusted files fail in many ways (bad EXIF, truncation)
        raise HandRefused(
            "not_an_image", f"That file is not an image we can read: send {_KINDS}."
        ) from None
    return np.asarray(rgb)


def _on_white(image: Image.Image) -> Image.Image:
    """RGB, with any transparency laid on white paper: scanner and "remove background" apps
    save the paper as transparent pixels whose colour is often black."""
    if image.mode in ("P", "L", "RGB") and "transparency" in image.info:
        image = image.convert("RGBA")
    if image.mode in ("RGBA", "LA", "PA", "La", "RGBa"):
        image = image.convert("RGBA")
        paper = Image.new("RGBA", image.size, (255, 255, 255, 255))
        return Image.alpha_composite(paper, image).convert("RGB")
    return image.convert("RGB")


def _pdf(data: bytes) -> np.ndarray:
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError:
        raise HandRefused("not_an_image", f"That PDF cannot be opened: send {_KINDS}.") from None
    try:
        if len(document) != 1:
            raise HandRefused("multi_page_pdf", f"That PDF has {len(document)} pages: send the "
                                                "filled sheet alone, as a one-page PDF or a photo.")
        page = document[0]
        width, height = page.get_size()
        scale = PDF_DPI / 72
        if width * height * scale * scale > MAX_PIXELS:
            raise HandRefused("too_large", "That PDF page is far larger than a sheet of paper: "
                                           "scan the sheet at its real size.")
        try:
            return np.asarray(page.render(scale=scale).to_pil().convert("RGB"))
        except pdfium.PdfiumError:
            raise HandRefused(
                "not_an_image", f"That PDF page cannot be drawn: send {_KINDS}."
            ) from None
    finally:
        document.close()


@cache
def _register_heif() -> None:
    from pillow_heif import register_heif_opener

    register_heif_opener()
