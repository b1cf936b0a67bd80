"""Letter layout: words measured in the hand, broken into lines, lines flowed onto pages."""

from __future__ import annotations

import bisect
import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from .casing import drawn_word
from .handmodel import HandModel, Token, Words
from .paper import BELOW_FIRST_FOLD, Paper
from .shaping import shape_word
from .structure import LetterParts

CORRECTION_RATE = 1 / 90
MAX_CORRECTIONS = 2
INDENT_EMS = 1.8
LONE_CHARS = 8  # a last line of one word shorter than this reads as a stray
LONE_PENALTY = 2.0  # in the breaker's units: worse than two lines each half empty
LOOSEST = 0.5  # of the line: no looser line is ever the best break
LONGEST_ROLE = 1.45 * 1.15  # the signature's size with room for size and spacing variation


@dataclass
class Line:
    words: list[int]  # indices into Words
    xs: list[float]  # each word's start, pt from the line's start
    left: float  # pt from the page's text-left edge
    role: str
    gap: float  # extra space above, in leadings (0 for a paragraph's continuation lines)
    keep_with_next: bool = False
    baseline: float = 0.0  # pt from the page bottom, set by pagination


@dataclass
class Page:
    lines: list[Line] = field(default_factory=list)
    rules: list[float] = field(default_factory=list)
    number: str | None = None


@dataclass
class _Block:
    role: str
    hard_lines: list[list[int]]
    gap: float
    indent: bool = False


def tokenise(
    parts: LetterParts, model: HandModel, corrections: bool, width: float
) -> tuple[list[Token], list[_Block]]:
    tokens: list[Token] = []
    blocks: list[_Block] = []
    limit = width / (model.size * LONGEST_ROLE) * model.font.upm

    def split(line: str) -> list[str]:
        return [piece for word in line.split() for piece in _fit(word, model, limit)]

    def add(texts: list[str], role: str) -> list[int]:
        start = len(tokens)
        tokens.extend(Token(t, role) for t in texts)
        return list(range(start, len(tokens)))

    if parts.greeting:
        blocks.append(_Block("greeting", [add(split(parts.greeting), "greeting")], 0.0))
    raw = [[split(line) for line in para] for para in parts.paragraphs]
    if corrections:
        body = _with_false_starts(raw, model)
    else:
        body = [[[Token(w, "body") for w in line] for line in para] for para in raw]
    for n, para in enumerate(body):
        hard = []
        for words in para:
            start = len(tokens)
            tokens.extend(words)
            hard.append(list(range(start, len(tokens))))
        blocks.append(_Block("body", hard, 0.5 if n or parts.greeting else 0.0, indent=True))
    for n, line in enumerate(parts.closing):
        role = "signature" if n == len(parts.closing) - 1 else "closing"
        gap = 0.9 if n == 0 else 0.0
        if role == "signature":
            gap += 0.45
        blocks.append(_Block(role, [add(split(line), role)], gap))
    return tokens, blocks


def _fit(word: str, model: HandModel, limit: float) -> list[str]:
    """A word too long for any line (a URL, a row of exclamation marks) is cut into pieces."""
    if len(word) * model.font.widest_advance <= limit:
        return [word]  # too few letters to fill a line: no need to shape it
    advance = shape_word(model.hand.name, drawn_word(word, model.hand.connected)).advance
    if advance <= limit:
        return [word]
    step = max(1, int(len(word) * limit / advance))
    return [word[i : i + step] for i in range(0, len(word), step)]


def _with_false_starts(body: list[list[list[str]]], model: HandModel) -> list[list[list[Token]]]:
    """Now and then the writer begins a word, crosses the start out and writes it again."""
    flat = [w for para in body for line in para for w in line]
    rolls = model.corrections(len(flat), CORRECTION_RATE)
    chosen = {i for i, w in enumerate(flat) if rolls[i] and len(w) >= 5 and w.isalpha()}
    chosen = set(sorted(chosen)[:MAX_CORRECTIONS])
    out: list[list[list[Token]]] = []
    index = 0
    for para in body:
        lines: list[list[Token]] = []
        for line in para:
            tokens: list[Token] = []
            for word in line:
                if index in chosen:
                    tokens.append(Token(word[: 2 + index % (len(word) - 3)], "body", struck=True))
                tokens.append(Token(word, "body"))
                index += 1
            lines.append(tokens)
        out.append(lines)
    return out


def offsets(words: Words, chosen: Sequence[int]) -> list[float]:
    """Each word's start, pt from the first one's: the hand's own space after each word,
    but never so little that two words' ink comes closer than the gap floor (long entry
    and exit strokes)."""
    width, space, ink_left, ink_right = words.spans
    floor = words.gap_floor
    xs = [0.0]
    x = 0.0
    for p, i in itertools.pairwise(chosen):
        x += max(width[p] + space[p], ink_right[p] - ink_left[i] + floor)
        xs.append(x)
    return xs


def break_lines(blocks: list[_Block], words: Words, paper: Paper, em: float) -> list[Line]:
    """Balanced line breaking on the measured (already varied) word widths."""
    width = paper.text_width - 6.0  # room for the drifting margin
    lines: list[Line] = []
    for block in blocks:
        left = 0.0
        if block.role in ("closing", "signature"):
            left = _closing_left(blocks, words, width)
        block_lines: list[Line] = []
        for h, hard in enumerate(block.hard_lines):
            indent = INDENT_EMS * em if block.indent and h == 0 else 0.0
            gap = block.gap if h == 0 else 0.0
            if not hard:
                block_lines.append(Line([], [], left + indent, block.role, gap))
                continue
            pos = offsets(words, hard)
            for n, (a, b) in enumerate(_balanced(hard, pos, words, width - left, indent)):
                first = pos[a]
                block_lines.append(
                    Line(
                        hard[a:b],
                        [x - first for x in pos[a:b]],
                        left + (indent if n == 0 else 0.0),
                        block.role,
                        gap if n == 0 else 0.0,
                    )
                )
        _keep_rules(block, block_lines)
        lines.extend(block_lines)
    return lines


def _balanced(
    hard: list[int], pos: list[float], words: Words, width: float, indent: float
) -> list[tuple[int, int]]:
    """Where to break a run of words (starting at `pos`): the breaks that make the lines
    most even (least sum of squared slack), with no lone short word left on the last line.
    (start, end) each."""
    n = len(hard)
    drawn = words.spans[0]
    ends = [x + drawn[w] for x, w in zip(pos, hard, strict=True)]
    best = [0.0] + [math.inf] * n  # best[j]: cost of setting words[:j]
    cut = [0] * (n + 1)
    first_avail = width - indent
    for j in range(1, n + 1):
        end = ends[j - 1]
        lo = bisect.bisect_left(pos, end - width, 0, j - 1)
        if j < n:
            # Lines less than LOOSEST full cost more than a quarter each and are never the
            # best break, so only fuller ones are searched (and a lone word: a break always
            # exists, even for a word longer than the line).
            hi = bisect.bisect_right(pos, end - LOOSEST * width, lo, j - 1)
            starts = [*range(lo, hi), j - 1]
        else:
            starts = range(lo, n)  # the last line may be short, but not one short word
        for i in starts:
            avail = first_avail if i == 0 else width
            slack = avail - (end - pos[i])
            if slack < 0 and i < j - 1:
                continue
            if j < n:
                cost = best[i] + (slack / avail) ** 2
            elif i == n - 1 and i > 0 and len(words.tokens[hard[i]].text) < LONE_CHARS:
                cost = best[i] + LONE_PENALTY
            else:
                cost = best[i]
            if cost < best[j]:
                best[j], cut[j] = cost, i
    spans = []
    j = n
    while j > 0:
        spans.append((cut[j], j))
        j = cut[j]
    return spans[::-1]


def _closing_left(blocks: list[_Block], words: Words, width: float) -> float:
    width_of, space = words.spans[:2]
    widest = 0.0
    for block in blocks:
        if block.role in ("closing", "signature"):
            for hard in block.hard_lines:
                span = sum(width_of[i] + space[i] for i in hard)
                widest = max(widest, span)
    return max(0.0, min(width * 0.5, width - widest))


def _keep_rules(block: _Block, lines: list[Line]) -> None:
    """No orphans, no widows; greeting and closing stay with what follows or precedes them."""
    if block.role in ("greeting", "closing"):
        lines[-1].keep_with_next = True
    if block.role == "body" and len(lines) >= 2:
        lines[0].keep_with_next = True
        lines[-2].keep_with_next = True


def paginate(
    lines: list[Line], paper: Paper, leading: float, em: float, ruled: bool, window: bool
) -> list[Page]:
    if lines:
        last_body = max((i for i, ln in enumerate(lines) if ln.role == "body"), default=None)
        if last_body is not None and last_body + 1 < len(lines):
            lines[last_body].keep_with_next = True
    top = paper.height - paper.top - 0.85 * em
    first_top = paper.height - max(paper.top, BELOW_FIRST_FOLD) - 0.85 * em if window else top
    floor = paper.bottom + 0.35 * em

    def advance(line: Line) -> float:
        steps = 1 + line.gap + (0.6 if line.role == "signature" else 0.0)
        return leading * (math.floor(steps + 0.25) if ruled else steps)

    pages: list[Page] = []
    start = 0
    while start < len(lines):
        y = first_top if not pages else top
        end = start
        while end < len(lines):
            if end > start:
                y -= advance(lines[end])
            if y < floor and end > start:
                break
            lines[end].baseline = y
            end += 1
        if end < len(lines):
            end = _respect_keeps(lines, start, end)
        page = Page(lines[start:end])
        if ruled:
            y0 = page.lines[0].baseline
            above = int((paper.height - paper.top * 0.6 - y0) // leading)
            if window and not pages:
                above = 0  # the address above sits in the envelope window, not on the rules
            below = int((y0 - floor) // leading)
            page.rules = [y0 - k * leading for k in range(-above, below + 1)]
        pages.append(page)
        start = end
    if len(pages) > 1:
        for n, page in enumerate(pages, 1):
            page.number = str(n)
    return pages


def _respect_keeps(lines: list[Line], start: int, end: int) -> int:
    brk = end
    while brk - 1 > start and lines[brk - 1].keep_with_next:
        brk -= 1
    return brk if brk - 1 > start else end
