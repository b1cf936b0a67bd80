"""Plot files read back with independent parsers: what a pen plotter would draw."""

from __future__ import annotations

import io
import re

import numpy as np
import pypdf
import pytest

from letters_app.plotting.formats import GcodePen, write
from letters_app.plotting.letter import plot_envelope, plot_letter
from letters_app.rendering import (
    LetterStyle,
    UncoveredCharacters,
    coverage,
    list_hands,
    render_letter,
)
from letters_app.rendering.paper import MM, get_paper

from .helpers import LETTER, gcode_lines, hpgl_lines, pdf_baselines, svg_lines

POLISH = "Droga Zosiu,\n\nZażółć gęślą jaźń. Źle śpię, bo łódź płynie.\n\nŚciskam,\nŁukasz\n"
HANDS = [h.name for h in list_hands()]
CONNECTED = {h.name for h in list_hands() if h.connected}


@pytest.fixture(scope="module")
def sheets() -> dict[str, list]:
    return {hand: plot_letter(LETTER, LetterStyle(hand=hand), 7) for hand in HANDS}


def test_svg_is_strokes_only_in_mm_on_the_page(sheets: dict[str, list]) -> None:
    paper = get_paper("letter")
    for hand in ("caveat", "dancing_script"):
        data = write(sheets[hand][0], "svg")
        doc, lines = svg_lines(data)
        assert doc.width == pytest.approx(paper.width / MM, abs=0.01)
        assert doc.height == pytest.approx(paper.height / MM, abs=0.01)
        text = data.decode()
        assert "<text" not in text and "<image" not in text and "<rect" not in text
        assert 'fill="none"' in text and "fill=" not in text.replace('fill="none"', "")
        assert 'inkscape:groupmode="layer"' in text and 'inkscape:label="1 letter"' in text
        assert len(lines) == sheets[hand][0].stats.pen_downs
        pts = np.concatenate(lines)
        # Inside the margins, give or take the line-start drift and a signature's flourish.
        left, right = paper.left / MM, (paper.width - paper.right) / MM
        top, bottom = paper.top / MM, (paper.height - paper.bottom) / MM
        assert pts[:, 0].min() > left - 6 and pts[:, 0].max() < right + 6, hand
        assert pts[:, 1].min() > top - 6 and pts[:, 1].max() < bottom + 6, hand


def test_every_format_draws_the_same_strokes(sheets: dict[str, list]) -> None:
    sheet = sheets["kalam"][0]
    height = sheet.height
    _, from_svg = svg_lines(write(sheet, "svg"))
    from_hpgl = hpgl_lines(write(sheet, "hpgl"))
    pen = GcodePen(up="G0 Z3", down="G1 Z0")
    from_gcode = gcode_lines(write(sheet, "gcode", pen), pen.down, pen.up)
    assert len(from_svg) == len(from_hpgl) == len(from_gcode) == sheet.stats.pen_downs
    for a, b, c in zip(from_svg, from_hpgl, from_gcode, strict=True):
        flipped = np.column_stack((a[:, 0], height - a[:, 1]))
        assert np.abs(flipped - b).max() < 0.05
        assert np.abs(flipped - c).max() < 0.02


@pytest.mark.parametrize("hand", ["caveat", "dancing_script"])
def test_same_lines_per_page_as_the_pdf(hand: str) -> None:
    """Every stroke belongs to a line of the PDF's text layer, and every line has strokes."""
    text = LETTER
    style = LetterStyle(hand=hand, paper="a5")
    pdf_lines = pdf_baselines(render_letter(text, style, 3))
    plotted = plot_letter(text, style, 3)
    assert len(plotted) == len(pdf_lines) >= 2
    paper = get_paper("a5")
    for sheet, baselines in zip(plotted, pdf_lines, strict=True):
        ys = np.array(baselines)
        leading = float(np.median(-np.diff(ys)))
        hit = np.zeros(len(ys), int)
        for stroke in sheet.strokes:
            y = sheet.height - np.median(stroke[:, 1])  # mm from the bottom
            if y * MM < paper.bottom:  # the page number
                continue
            # The line a stroke belongs to is the first baseline under its middle, or just
            # over it for a descender; no stroke sits further above a line than a capital.
            under = np.flatnonzero(ys <= y * MM + 0.45 * leading)
            assert len(under), (hand, y)
            k = int(under[0])
            assert y * MM - ys[k] < 1.1 * leading, (hand, y)
            hit[k] += 1
        assert (hit > 0).all(), (hand, hit.tolist())


def test_a_polish_letter_plots_in_every_hand_that_covers_it() -> None:
    covering = [hand for hand in HANDS if not coverage(POLISH, hand)]
    assert "caveat" in covering
    for hand in HANDS:
        style = LetterStyle(hand=hand)
        if hand in covering:
            sheet = plot_letter(POLISH, style, 5)[0]
            assert sheet.stats.pen_downs > 40, hand
            continue
        with pytest.raises(UncoveredCharacters) as plotted:
            plot_letter(POLISH, style, 5)
        with pytest.raises(UncoveredCharacters) as rendered:
            render_letter(POLISH, style, 5)
        assert str(plotted.value) == str(rendered.value)


def test_byte_identical_per_text_style_and_seed(sheets: dict[str, list]) -> None:
    style = LetterStyle(hand="dancing_script")
    again = plot_letter(LETTER, style, 7)[0]
    other = plot_letter(LETTER, style, 8)[0]
    for fmt in ("svg", "hpgl", "gcode"):
        assert write(again, fmt) == write(sheets["dancing_script"][0], fmt)
        assert write(other, fmt) != write(again, fmt)


def test_pen_downs_and_travel_targets(sheets: dict[str, list]) -> None:
    characters = sum(not ch.isspace() for ch in LETTER)
    for hand, plotted in sheets.items():
        stats = plotted[0].stats
        per_char = stats.pen_downs / characters
        assert per_char <= (1.3 if hand in CONNECTED else 1.6), (hand, per_char)
        assert stats.travel_mm <= 0.7 * stats.reading_travel_mm, hand


def test_envelope_is_its_own_pen_and_sheet() -> None:
    style = LetterStyle(hand="caveat")
    sheet = plot_envelope(["Ms Ada Lovelace", "12 St James's Square", "London SW1Y 4JH"], style, 2)
    doc, lines = svg_lines(write(sheet, "svg"))
    assert 'inkscape:label="2 envelope"' in write(sheet, "svg").decode()
    assert doc.width == pytest.approx(241.3, abs=0.01)  # a #10 envelope
    pts = np.concatenate(lines)
    assert pts[:, 0].min() > 0 and pts[:, 0].max() < doc.width
    assert pts[:, 1].min() > 0 and pts[:, 1].max() < doc.height


STRIKE = re.compile(
    rb"q 1 J \d+ w (-?\d+) (-?\d+) m (?:-?\d+ ){4}(-?\d+) (-?\d+) c "
    rb"(-?\d+) (-?\d+) m (?:-?\d+ ){4}(-?\d+) (-?\d+) c S Q"
)


def test_crossed_out_false_starts_are_plotted_where_the_pdf_strokes_them() -> None:
    """With corrections the PDF strokes two curves through each false start; the plot draws
    the same two curves, end for end, as strokes of their own."""
    text = LETTER.replace("\n\n", "\n\n" + "beautiful weather wonderful journey " * 30 + "\n\n", 1)
    style = LetterStyle(hand="caveat", corrections=True)
    pdf = render_letter(text, style, 3)
    plotted = plot_letter(text, style, 3)
    pages = pypdf.PdfReader(io.BytesIO(pdf)).pages
    assert len(plotted) == len(pages)
    found = 0
    for page, sheet in zip(pages, plotted, strict=True):
        ends = np.vstack([sheet.paths.heads, sheet.paths.tails])
        for match in STRIKE.finditer(page.get_contents().get_data()):
            xy = np.array([int(v) for v in match.groups()], float).reshape(4, 2) / 100
            for x, y in xy:  # pt from the bottom-left -> mm from the top-left
                at = np.array([x / MM, sheet.height - y / MM])
                assert np.hypot(*(ends - at).T).min() < 0.01
            found += 1
    assert found >= 1
    plain = plot_letter(text, LetterStyle(hand="caveat"), 3)
    assert sum(s.stats.pen_downs for s in plotted) > sum(s.stats.pen_downs for s in plain)
