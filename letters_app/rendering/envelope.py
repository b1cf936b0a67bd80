"""Envelopes addressed in the same hand: recipient where the post office reads it,
the return address smaller in the top-left corner, the stamp corner left clear."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .draw import LineSet, ink_ops, text_ops
from .errors import EmptyText, RenderError
from .fontdata import HandFont, load_font
from .handmodel import HandModel
from .ink import get_ink
from .letter import LetterStyle, line_width, placed_lines
from .paper import INCH, MM
from .pdfwriter import PageSpec, write_pdf
from .text import checked_text


@dataclass(frozen=True)
class Envelope:
    label: str
    width: float
    height: float
    address_left: float  # fraction of the width where the recipient block starts
    address_centre: float  # fraction of the height (from the bottom) of the block's middle
    clear_bottom: float  # pt kept free along the bottom edge (barcode / sorting zone)
    edge: float  # pt of blank edge around everything


_ENVELOPES: dict[str, Envelope] = {
    "no10": Envelope(
        "#10 (4 1/8 × 9 1/2 in)", 9.5 * INCH, 4.125 * INCH, 0.40, 0.40, 0.625 * INCH, 0.4 * INCH
    ),
    "dl": Envelope("DL (110 × 220 mm)", 220 * MM, 110 * MM, 0.45, 0.36, 15 * MM, 10 * MM),
    "c5": Envelope("C5 (162 × 229 mm)", 229 * MM, 162 * MM, 0.45, 0.34, 15 * MM, 10 * MM),
    "a7": Envelope(
        "A7 (5 1/4 × 7 1/4 in)", 7.25 * INCH, 5.25 * INCH, 0.36, 0.40, 0.625 * INCH, 0.35 * INCH
    ),
}
ENVELOPES: dict[str, str] = {slug: env.label for slug, env in _ENVELOPES.items()}
FOR_PAPER = {"letter": "no10", "a4": "dl", "a5": "c5", "card": "a7"}
STAMP = (1.7 * INCH, 1.35 * INCH)  # width, height of the top-right corner left for postage
MAX_LINES = 7


def render_envelope(
    recipient: Sequence[str],
    style: LetterStyle,
    seed: int,
    return_address: Sequence[str] | None = None,
    size: str | None = None,
) -> bytes:
    font = load_font(style.hand)
    ink = get_ink(style.ink)
    envelope, sets = envelope_line_sets(recipient, style, seed, return_address, size)
    used_forms: set[tuple[int, int]] = set()
    used_codes: set[int] = set()
    content = ink_ops(sets, font.hand.connected, font.upm, used_forms)
    content += text_ops(sets, used_codes)
    page = PageSpec(envelope.width, envelope.height, content)
    title = f"Envelope in {font.hand.display_name}"
    return write_pdf(font, ink, [page], used_forms, used_codes, title)


def envelope_line_sets(
    recipient: Sequence[str],
    style: LetterStyle,
    seed: int,
    return_address: Sequence[str] | None = None,
    size: str | None = None,
) -> tuple[Envelope, list[LineSet]]:
    """The envelope and its checked, fitted lines; the PDF and the plot file draw these."""
    font = load_font(style.hand)
    envelope, to_lines, from_lines = check_envelope(recipient, style, return_address, size)
    scale = 1.0
    for _ in range(8):  # shrink the hand until the address fits above the clear zone
        sets, fits = _lay_out(font, envelope, to_lines, from_lines, seed, scale)
        if fits:
            break
        scale *= 0.9
    return envelope, sets


def check_envelope(
    recipient: Sequence[str],
    style: LetterStyle,
    return_address: Sequence[str] | None = None,
    size: str | None = None,
) -> tuple[Envelope, list[str], list[str]]:
    """Everything `render_envelope` would refuse, without drawing: order forms check each
    address this way, so a thousand-row upload is checked in moments."""
    envelope = _envelope(size or FOR_PAPER.get(style.paper, "no10"))
    to_lines = _clean(recipient)
    if not to_lines:
        raise EmptyText()
    checked_text("\n".join(to_lines), style.hand)
    from_lines = _clean(return_address or [])
    if from_lines:
        checked_text("\n".join(from_lines), style.hand)
    if len(to_lines) > MAX_LINES or len(from_lines) > MAX_LINES:
        raise RenderError(f"an address on an envelope has at most {MAX_LINES} lines")
    return envelope, to_lines, from_lines


def _lay_out(
    font: HandFont,
    envelope: Envelope,
    to_lines: list[str],
    from_lines: list[str],
    seed: int,
    scale: float,
) -> tuple[list[LineSet], bool]:
    """The envelope's lines at this scale of the hand, and whether they fit the rules."""
    hand = font.hand
    size = hand.size * scale
    model = HandModel(font, seed, size)
    step = hand.leading * scale * 1.0
    small = step * 0.78
    block = step * len(to_lines)
    top = max(
        envelope.height * envelope.address_centre + block / 2,
        envelope.clear_bottom + block - step * 0.25,
    )
    top = min(top, envelope.height - STAMP[1] - size * 0.4)
    left = envelope.width * envelope.address_left
    rows = [
        (text, "address", left, top - size * 0.75 - k * step) for k, text in enumerate(to_lines)
    ]
    corner = envelope.edge
    rows += [
        (text, "return", corner, envelope.height - corner - size * 0.6 - k * small)
        for k, text in enumerate(from_lines)
    ]
    words, lines = placed_lines(model, rows)
    widest = max(line_width(words, line) for line in lines if line.role == "address")
    spare = envelope.width - envelope.edge - widest
    for line in lines:
        if line.role == "address":
            line.left = min(line.left, spare)
    params = model.lines(len(lines))
    params.margin *= 0.5
    lowest = min(line.baseline for line in lines if line.role == "address")
    fits = (
        widest <= envelope.width * (1 - envelope.address_left) - envelope.edge
        and lowest - 0.3 * size >= envelope.clear_bottom
    )
    return [LineSet(words, lines, params, 0.0)], fits


def _envelope(name: str) -> Envelope:
    try:
        return _ENVELOPES[name]
    except KeyError:
        known = ", ".join(_ENVELOPES)
        raise RenderError(f"unknown envelope {name!r}; choose one of: {known}") from None


def _clean(lines: Sequence[str]) -> list[str]:
    return [" ".join(line.split()) for line in lines if line.strip()]
