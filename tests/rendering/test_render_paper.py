from __future__ import annotations

import io
import re

import pytest
from PIL import Image

from letters_app.rendering import (
    ENVELOPES,
    INKS,
    PAPERS,
    STATIONERY,
    LetterStyle,
    RenderError,
    render_envelope,
    render_letter,
    render_previews,
)

from .helpers import page_size, page_texts, reader, squash

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
