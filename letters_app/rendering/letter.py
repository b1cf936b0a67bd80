"""render_letter: text, style and seed in; a print-ready PDF out."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .casing import drawn_words
from .draw import LineSet, ink_ops, text_ops
from .errors import RenderError
from .fontdata import HandFont, load_font
from .handmodel import HandModel, LineParams, Token, Words, take_lines
from .ink import get_ink
from .layout import INDENT_EMS, Line, Page, break_lines, offsets, paginate, tokenise
from .paper import (
    WINDOW_BOTTOM,
    WINDOW_LEFT,
    WINDOW_RIGHT,
    WINDOW_TOP,
    Paper,
    background_ops,
    check_stationery,
    get_paper,
)
from .pdfwriter import PageSpec, write_pdf
from .shaping import shape_word
from .structure import parse_letter
from .text import checked_text

WINDOW_LINES = 5
WINDOW_SIZE = 0.85  # of the hand's size, when the address fits at that size
WINDOW_MIN_SIZE = 9.0  # pt: capitals of about 0.08 in, the least USPS readers take
WINDOW_PITCH = 1.18  # line pitch, in sizes
WINDOW_OVERLAP = 0.8  # of one line's full reach that the next may overlap it by (rarely met)
WINDOW_WIGGLE = 1.1  # room for the hand's size, spacing and baseline variation
WINDOW_SEED = 7919  # the address draws its own variation, apart from the letter's


@dataclass(frozen=True)
class LetterStyle:
    hand: str
    ink: str = "blue_black"
    paper: str = "letter"
    stationery: str = "plain"
    window_address: tuple[str, ...] | None = None
    corrections: bool = False
    fatigue: bool = False


def render_letter(text: str, style: LetterStyle, seed: int) -> bytes:
    font = load_font(style.hand)
    hand = font.hand
    normal = checked_text(text, style.hand)
    paper = get_paper(style.paper)
    ink = get_ink(style.ink)
    stationery = check_stationery(style.stationery)

    laid = lay_out(normal, style, seed)
    pages = laid.pages

    used_forms: set[tuple[int, int]] = set()
    used_codes: set[int] = set()
    specs = []
    for page, sets in zip(pages, page_line_sets(laid, paper), strict=True):
        content = (
            background_ops(paper, stationery, page.rules)
            + "\n"
            + ink_ops(sets, hand.connected, font.upm, used_forms)
            + text_ops(sets, used_codes)
        )
        specs.append(PageSpec(paper.width, paper.height, content))
    return write_pdf(font, ink, specs, used_forms, used_codes, f"Letter in {hand.display_name}")


@dataclass
class LaidOut:
    model: HandModel
    words: Words
    pages: list[Page]
    params: LineParams
    extras: dict[int, list[LineSet]]


def lay_out(normal: str, style: LetterStyle, seed: int) -> LaidOut:
    """Measure, break and paginate already-checked text; draws all randomness in order."""
    font = load_font(style.hand)
    paper = get_paper(style.paper)
    address = _window_address(style)
    size = font.hand.size * paper.hand_scale
    leading = font.hand.leading * paper.hand_scale
    model = HandModel(font, seed, size, style.fatigue)
    parts = parse_letter(normal)
    tokens, blocks = tokenise(parts, model, style.corrections, paper.text_width - INDENT_EMS * size)
    words = model.measure(tokens)
    lines = break_lines(blocks, words, paper, size)
    ruled = style.stationery == "ruled"
    pages = paginate(lines, paper, leading, size, ruled, bool(address))
    params = model.lines(len(lines))
    extras = _page_numbers(model, pages, paper)
    if address:
        extras.setdefault(0, []).insert(0, _window(font, seed, address, paper))
    return LaidOut(model, words, pages, params, extras)


def page_line_sets(laid: LaidOut, paper: Paper) -> list[list[LineSet]]:
    """Each page's lines in drawing order (window address, body, page number); the PDF ink
    and the pen-plotter strokes are both drawn from these."""
    out = []
    first = 0
    for n, page in enumerate(laid.pages):
        index = list(range(first, first + len(page.lines)))
        first += len(page.lines)
        fatigue = laid.model.fatigue_factor(n)
        body = LineSet(laid.words, page.lines, take_lines(laid.params, index), paper.left, fatigue)
        extra = laid.extras.get(n, [])
        sets = [s for s in extra if s.lines[0].role == "window"] + [body]
        sets += [s for s in extra if s.lines[0].role != "window"]
        out.append(sets)
    return out


def _window_address(style: LetterStyle) -> tuple[str, ...] | None:
    if not style.window_address:
        return None
    if style.paper != "letter":
        raise RenderError("a window address is only laid out for US Letter paper")
    lines = tuple(" ".join(line.split()) for line in style.window_address if line.strip())
    if len(lines) > WINDOW_LINES:
        raise RenderError(f"a window address has at most {WINDOW_LINES} lines")
    checked_text("\n".join(lines), style.hand)
    return lines


def placed_lines(
    model: HandModel, rows: Sequence[tuple[str, str, float, float]]
) -> tuple[Words, list[Line]]:
    """Measure short unbroken lines (addresses, page numbers): (text, role, left, baseline) each."""
    tokens: list[Token] = []
    spans: list[range] = []
    for text, role, _, _ in rows:
        start = len(tokens)
        tokens.extend(Token(word, role) for word in text.split())
        spans.append(range(start, len(tokens)))
    words = model.measure(tokens)
    lines = []
    for span, (_, role, left, baseline) in zip(spans, rows, strict=True):
        lines.append(Line(list(span), offsets(words, span), left, role, 0.0, baseline=baseline))
    return words, lines


def line_width(words: Words, line: Line) -> float:
    return line.xs[-1] + float(words.width[line.words[-1]])


def _page_numbers(model: HandModel, pages: list[Page], paper: Paper) -> dict[int, list[LineSet]]:
    """The page numbers of a letter of more than one page, in the same hand; not part of
    the text layer (copy and paste gives the letter, not its page numbers)."""
    numbered = [n for n, page in enumerate(pages) if page.number]
    if not numbered:
        return {}
    rows = [(str(pages[n].number), "page", paper.width / 2, paper.bottom * 0.45) for n in numbered]
    words, lines = placed_lines(model, rows)
    for line in lines:
        line.left -= line_width(words, line) / 2
    params = model.lines(len(lines))
    params.margin[:] = 0.0
    return {
        n: [LineSet(words, [line], take_lines(params, [i]), 0.0, model.fatigue_factor(n), False)]
        for i, (n, line) in enumerate(zip(numbered, lines, strict=True))
    }


def _window(font: HandFont, seed: int, address: tuple[str, ...], paper: Paper) -> LineSet:
    """The recipient's address where the envelope's window shows it (see paper.py), in a
    size that fits the window's box: smaller than the letter, never smaller than a sorter
    reads (WINDOW_MIN_SIZE), with a steadier hand than the letter's."""
    box_width = WINDOW_RIGHT - WINDOW_LEFT
    box_height = WINDOW_BOTTOM - WINDOW_TOP
    rise, fall = _ink_reach(font, address)
    pitch = max(WINDOW_PITCH, WINDOW_OVERLAP * (rise + fall))  # tall hands need more room
    tall = (rise + fall) * WINDOW_WIGGLE + pitch * (len(address) - 1)
    size = min(font.hand.size * WINDOW_SIZE, box_height / tall)
    widest = max(_typed_width(font, line) for line in address) * WINDOW_WIGGLE
    size = min(size, box_width / max(widest, 1e-6))
    if size < WINDOW_MIN_SIZE:
        raise RenderError(
            "the window address is too long to show through the envelope window; "
            "shorten its lines"
        )
    model = HandModel(font, seed + WINDOW_SEED, size)
    first = paper.height - WINDOW_TOP - rise * WINDOW_WIGGLE * size
    rows = [
        (text, "window", WINDOW_LEFT, first - k * pitch * size)
        for k, text in enumerate(address)
    ]
    words, lines = placed_lines(model, rows)
    params = model.lines(len(lines))
    params.margin[:] = 0.0
    params.slope[:] *= 0.3  # an address is written with care, along the window
    return LineSet(words, lines, params, 0.0)


def _ink_reach(font: HandFont, lines: Sequence[str]) -> tuple[float, float]:
    """How far the lines' ink reaches above and below the baseline, in sizes (ems)."""
    hand = font.hand
    top, bottom = 0.0, 0.0
    for word in (w for line in lines for w in drawn_words(line.split(), hand.connected)):
        for gid in shape_word(hand.name, word).gids:
            extents = font.hb_font.get_glyph_extents(gid)
            if extents is not None:
                top = max(top, extents.y_bearing)
                bottom = min(bottom, extents.y_bearing + extents.height)
    return top / font.upm, -bottom / font.upm


def _typed_width(font: HandFont, line: str) -> float:
    """A line's width at 1 pt, as the font sets it (the hand varies it by a few percent)."""
    hand = font.hand
    words = drawn_words(line.split(), hand.connected)
    units = sum(shape_word(hand.name, word).advance for word in words)
    units += font.space_advance * hand.word_space * (len(words) - 1)
    return units / font.upm
