"""render_letter: text, style and seed in; a print-ready PDF out."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

from .draw import LineSet, ink_ops, text_ops
from .errors import RenderError
from .fontdata import load_font
from .handmodel import HandModel, LineParams, Token, Words, take_lines
from .ink import get_ink
from .layout import INDENT_EMS, Line, Page, break_lines, paginate, step, tokenise, window_lines
from .paper import Paper, background_ops, check_stationery, get_paper
from .pdfwriter import PageSpec, write_pdf
from .structure import parse_letter
from .text import checked_text

WINDOW_LINES = 5


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
    extras = _extra_lines(model, pages, address, paper, leading)
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
        xs = [0.0]
        for p, i in itertools.pairwise(span):
            xs.append(xs[-1] + step(words, p, i))
        lines.append(Line(list(span), xs, left, role, 0.0, baseline=baseline))
    return words, lines


def line_width(words: Words, line: Line) -> float:
    return line.xs[-1] + float(words.width[line.words[-1]])


def _extra_lines(
    model: HandModel,
    pages: list[Page],
    address: tuple[str, ...] | None,
    paper: Paper,
    leading: float,
) -> dict[int, list[LineSet]]:
    """The window address on page 1 and the page numbers, each drawn in the same hand."""
    rows: list[tuple[str, str, float, float]] = []
    page_of: list[int] = []
    if address:
        for text, (x, y) in zip(address, window_lines(len(address), paper, leading), strict=True):
            rows.append((text, "window", x, y))
            page_of.append(0)
    for n, page in enumerate(pages):
        if page.number:
            rows.append((page.number, "page", paper.width / 2, paper.bottom * 0.45))
            page_of.append(n)
    if not rows:
        return {}
    words, lines = placed_lines(model, rows)
    for line in lines:
        if line.role == "page":
            line.left -= line_width(words, line) / 2
    params = model.lines(len(lines))
    params.margin[:] = 0.0
    out: dict[int, list[LineSet]] = {}
    for key in sorted({(n, lines[i].role) for i, n in enumerate(page_of)}):
        index = [i for i, n in enumerate(page_of) if (n, lines[i].role) == key]
        chosen = [lines[i] for i in index]
        fatigue = model.fatigue_factor(key[0])
        searchable = key[1] != "page"  # copy/paste gives the letter, not its page numbers
        out.setdefault(key[0], []).append(
            LineSet(words, chosen, take_lines(params, index), 0.0, fatigue, searchable)
        )
    return out
