"""plot_letter / plot_envelope: the approved letter as sheets of ordered pen strokes."""

from __future__ import annotations

from collections.abc import Sequence

from letters_app.rendering.draw import LineSet
from letters_app.rendering.envelope import envelope_line_sets
from letters_app.rendering.fontdata import load_font
from letters_app.rendering.letter import LetterStyle, lay_out, page_line_sets
from letters_app.rendering.paper import MM, get_paper
from letters_app.rendering.text import checked_text

from .formats import Sheet
from .place import Drawings, join_ends, place_strokes, with_strikes
from .route import DEFAULT_SPEEDS, Speeds, order, stats


def plot_letter(
    text: str, style: LetterStyle, seed: int, speeds: Speeds = DEFAULT_SPEEDS
) -> list[Sheet]:
    """One sheet per page of the PDF that render_letter makes from the same arguments."""
    normal = checked_text(text, style.hand)
    paper = get_paper(style.paper)
    laid = lay_out(normal, style, seed)
    drawings = _drawings(style.hand)
    width, height = paper.width / MM, paper.height / MM
    return [
        _sheet("letter", sets, drawings, width, height, speeds)
        for sets in page_line_sets(laid, paper)
    ]


def plot_envelope(
    recipient: Sequence[str],
    style: LetterStyle,
    seed: int,
    return_address: Sequence[str] | None = None,
    size: str | None = None,
    speeds: Speeds = DEFAULT_SPEEDS,
) -> Sheet:
    envelope, sets = envelope_line_sets(recipient, style, seed, return_address, size)
    drawings = _drawings(style.hand)
    return _sheet("envelope", sets, drawings, envelope.width / MM, envelope.height / MM, speeds)


def _sheet(
    kind: str,
    sets: list[LineSet],
    drawings: Drawings,
    width: float,
    height: float,
    speeds: Speeds,
) -> Sheet:
    placed = with_strikes(join_ends(place_strokes(sets, drawings, height)), sets, height)
    ordered = order(placed.paths, placed.word, placed.line)
    return Sheet(kind, width, height, ordered, stats(placed.paths, ordered, speeds))


_DRAWINGS: dict[str, Drawings] = {}


def _drawings(hand: str) -> Drawings:
    found = _DRAWINGS.get(hand)
    if found is None:
        found = _DRAWINGS[hand] = Drawings(load_font(hand))
    return found
