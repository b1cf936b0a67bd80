from __future__ import annotations

import io
import re

import numpy as np
import pytest
from PIL import Image

from letters_app.rendering import (
    ENVELOPES,
    INKS,
    PAPERS,
    STATIONERY,
    LetterStyle,
    RenderError,
    list_hands,
    render_envelope,
    render_letter,
    render_previews,
)

from .helpers import page_size, page_texts, reader, squash
from .pixels import bands, ink

PAPER_SIZES = {
    "letter": (612.0, 792.0),
    "a4": (595.28, 841.89),
    "a5": (419.53, 595.28),
    "card": (360.0, 504.0),
}
ENVELOPE_SIZES = {
    "no10": (684.0, 297.0),
    "dl": (623.62, 311.81),
    "c5": (649.13, 459.21),
    "a7": (522.0, 378.0),
}
ADDRESS = ["Ms Catherine Klausen", "1440 Larkspur Lane, Apt 3", "Portland, OR 97205"]


def test_the_public_option_lists_are_complete() -> None:
    assert set(PAPERS) == set(PAPER_SIZES)
    assert set(STATIONERY) == {"plain", "cream", "ruled"}
    assert set(ENVELOPES) == set(ENVELOPE_SIZES)
    assert {"blue_black", "black", "royal_blue", "sepia"} <= set(INKS)
    assert all(0 <= c <= 1 for ink in INKS.values() for c in ink.rgb)


@pytest.mark.parametrize("paper", PAPER_SIZES)
@pytest.mark.parametrize("stationery", ["plain", "cream", "ruled"])
def test_every_paper_and_stationery_renders_at_its_size(
    paper: str, stationery: str, letter_text: str
) -> None:
    pdf = render_letter(letter_text, LetterStyle("caveat", paper=paper, stationery=stationery), 1)
    assert page_size(pdf) == pytest.approx(PAPER_SIZES[paper], abs=0.01)
    assert "Theodore" in page_texts(pdf)[-1]


def test_cream_stationery_tints_the_sheet(letter_text: str) -> None:
    pdf = render_letter(letter_text, LetterStyle("caveat", stationery="cream"), 1)
    image = Image.open(io.BytesIO(render_previews(pdf, 30)[0])).convert("RGB")
    r, _, b = image.getpixel((3, 3))
    assert r > b + 10


@pytest.mark.parametrize("envelope", ENVELOPE_SIZES)
def test_every_envelope_renders_at_its_size_with_the_address_as_text(envelope: str) -> None:
    style = LetterStyle("dancing_script")
    pdf = render_envelope(
        ADDRESS, style, 1, return_address=["A. Twombly", "Los Angeles"], size=envelope
    )
    assert page_size(pdf) == pytest.approx(ENVELOPE_SIZES[envelope], abs=0.01)
    text = squash(page_texts(pdf)[0])
    assert squash(" ".join(ADDRESS)) in text
    assert "A. Twombly" in text


def test_a_long_envelope_address_shrinks_to_stay_above_the_barcode_zone() -> None:
    address = ["Dr Maximiliana Featherstonehaugh-Worthington", *ADDRESS, "Suite 400", "USA"]
    pdf = render_envelope(address, LetterStyle("homemade_apple"), 1, size="no10")
    content = reader(pdf).pages[0].get_contents().get_data().decode()
    matrices = re.findall(r" (-?\d+) (-?\d+) cm /G", content)
    xs = [int(x) / 100 for x, _ in matrices]
    ys = [int(y) / 100 for _, y in matrices]
    assert min(ys) >= 0.625 * 72
    assert max(xs) < 684 - 20
    assert squash(" ".join(address)) in squash(page_texts(pdf)[0])


def test_an_envelope_address_of_too_many_lines_is_refused() -> None:
    with pytest.raises(RenderError, match="at most 7 lines"):
        render_envelope([f"line {n}" for n in range(9)], LetterStyle("caveat"), 1)


@pytest.mark.parametrize(
    ("paper", "envelope"), [("letter", "no10"), ("a4", "dl"), ("a5", "c5"), ("card", "a7")]
)
def test_envelope_size_follows_the_paper(paper: str, envelope: str) -> None:
    pdf = render_envelope(ADDRESS, LetterStyle("kalam", paper=paper), 1)
    assert page_size(pdf) == pytest.approx(ENVELOPE_SIZES[envelope], abs=0.01)


def test_window_address_appears_on_page_one_of_a_us_letter(letter_text: str) -> None:
    style = LetterStyle("caveat", window_address=tuple(ADDRESS))
    text = page_texts(render_letter(letter_text, style, 1))[0]
    assert text.splitlines()[:3] == ADDRESS


def test_window_address_is_refused_on_paper_without_a_window_layout(letter_text: str) -> None:
    with pytest.raises(RenderError, match="US Letter"):
        render_letter(letter_text, LetterStyle("caveat", paper="a4", window_address=("X",)), 1)


@pytest.mark.parametrize("field", ["ink", "paper", "stationery"])
def test_unknown_style_options_are_refused(field: str, letter_text: str) -> None:
    style = LetterStyle("caveat", **{field: "tartan"})
    with pytest.raises(RenderError, match="tartan"):
        render_letter(letter_text, style, 1)


def test_previews_are_one_png_per_page_at_the_asked_resolution(letter_text: str) -> None:
    pngs = render_previews(render_letter(letter_text, LetterStyle("caveat", paper="a5"), 1), 72)
    assert len(pngs) == 1
    image = Image.open(io.BytesIO(pngs[0]))
    assert image.format == "PNG"
    assert image.size[0] == pytest.approx(420, abs=1)
    assert image.size[1] == pytest.approx(595, abs=1)


def ink_extent(mask: np.ndarray, dpi: int) -> tuple[float, float, float, float]:
    """(top, bottom, left, right) of the ink, inches from the top-left corner."""
    rows, cols = np.flatnonzero(mask.any(axis=1)), np.flatnonzero(mask.any(axis=0))
    return rows.min() / dpi, (rows.max() + 1) / dpi, cols.min() / dpi, (cols.max() + 1) / dpi


@pytest.mark.parametrize("hand", [h.name for h in list_hands()])
def test_the_window_address_shows_through_the_no10_double_window_wherever_the_sheet_slides(
    hand: str,
) -> None:
    """Lob's #10 double-window envelope: the recipient window is 1 x 4 in, 5/8 in from the
    left and 1 in from the bottom of a 4 1/8 x 9 1/2 in envelope. A tri-folded sheet rests on
    the envelope's bottom and slides up to 1 in sideways; USPS wants 1/8 in clear inside the
    window. So on the sheet the address must lie 1.79-2.54 in down and 0.75-3.5 in across;
    measured from the ink, with 1/32 in for the pen's edge."""
    address = ("Ms Catherine Klausen", "1440 Larkspur Lane, Apt 3", "PORTLAND OR 97205")
    text = "Dear Cat,\n\nThank you for the flowers.\n\nLove,\nTheo"
    pdf = render_letter(text, LetterStyle(hand, window_address=address), 1)
    dpi = 100
    top, bottom, left, right = ink_extent(ink(pdf, dpi)[: int(3.4 * dpi)] > 0.25, dpi)
    panel = 11 / 3
    slack = 1 / 32
    assert top >= panel - 2 + 1 / 8 - slack
    assert bottom <= panel - 1 - 1 / 8 + slack
    assert left >= 0.625 + 1 / 8 - slack
    assert right <= 0.625 + 4 - 1 - 1 / 8 + slack
    assert page_texts(pdf)[0].splitlines()[:3] == list(address)


def test_a_window_address_too_long_for_the_window_is_refused() -> None:
    address = ("Ms Catherine Klausen of the Larkspur Lane Residents Association Committee",)
    style = LetterStyle("caveat", window_address=address)
    with pytest.raises(RenderError, match="window"):
        render_letter("Dear Cat,\n\nHello.\n\nTheo", style, 1)


@pytest.mark.parametrize("hand", [h.name for h in list_hands()])
def test_the_no10_envelope_address_sits_in_the_usps_ocr_read_area_large_enough_to_read(
    hand: str,
) -> None:
    """USPS's OCR read area: 1/2 in from either side, 5/8 to 2 3/4 in above the bottom edge.
    Each handwritten line's ink stands at least 0.15 in tall (USPS asks 0.08 in of type)."""
    pdf = render_envelope(
        ADDRESS, LetterStyle(hand), 1, return_address=["T. Twombly", "12 Elm St", "Boston MA"]
    )
    dpi = 100
    mask = ink(pdf, dpi) > 0.25
    height, width = mask.shape
    mask[: int(height * 0.45), : int(width * 0.35)] = False  # the return address corner
    top, bottom, left, right = ink_extent(mask, dpi)
    envelope_height, envelope_width = height / dpi, width / dpi
    assert envelope_height - bottom >= 5 / 8
    assert envelope_height - top <= 2.75
    assert left >= 0.5 and right <= envelope_width - 0.5
    lines = bands(mask.astype(float), 3)
    assert all((b - a) / dpi >= 0.15 for a, b in lines)
