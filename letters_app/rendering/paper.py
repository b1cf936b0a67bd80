"""Paper sizes, margins and stationery (background and faint rules)."""

from __future__ import annotations

from dataclasses import dataclass

from .errors import RenderError

MM = 72 / 25.4
INCH = 72.0


@dataclass(frozen=True)
class Paper:
    label: str
    width: float
    height: float
    left: float
    right: float
    top: float
    bottom: float
    hand_scale: float  # smaller sheets get a slightly smaller hand

    @property
    def text_width(self) -> float:
        return self.width - self.left - self.right


_PAPERS: dict[str, Paper] = {
    "letter": Paper(
        "US Letter (8.5 × 11 in)",
        8.5 * INCH,
        11 * INCH,
        1.0 * INCH,
        0.9 * INCH,
        0.9 * INCH,
        0.85 * INCH,
        1.0,
    ),
    "a4": Paper("A4 (210 × 297 mm)", 210 * MM, 297 * MM, 25 * MM, 22 * MM, 24 * MM, 22 * MM, 1.0),
    "a5": Paper("A5 (148 × 210 mm)", 148 * MM, 210 * MM, 16 * MM, 14 * MM, 16 * MM, 16 * MM, 0.88),
    "card": Paper(
        "Card (5 × 7 in)", 5 * INCH, 7 * INCH, 0.5 * INCH, 0.45 * INCH, 0.55 * INCH, 0.5 * INCH, 0.8
    ),
}
PAPERS: dict[str, str] = {slug: paper.label for slug, paper in _PAPERS.items()}

STATIONERY: dict[str, str] = {
    "plain": "Plain white",
    "cream": "Cream",
    "ruled": "White with faint ruled lines",
}

CREAM = (0.988, 0.965, 0.905)
RULE = (0.72, 0.80, 0.90)

# The #10 double-window envelope, as Lob specifies its standard outer envelope (help.lob.com,
# "Letter envelopes"): 4 1/8 x 9 1/2 in; the recipient's window 1 in tall and 4 in wide,
# 5/8 in from the envelope's left edge and 1 in above its bottom edge.
ENVELOPE_HEIGHT = 4.125 * INCH
ENVELOPE_WIDTH = 9.5 * INCH
RECIPIENT_WINDOW_LEFT = 0.625 * INCH
RECIPIENT_WINDOW_BOTTOM = 1.0 * INCH
RECIPIENT_WINDOW_WIDTH = 4.0 * INCH
RECIPIENT_WINDOW_HEIGHT = 1.0 * INCH
# A US Letter sheet folded in three is a panel of a third of its height; it goes in fold
# first, so it rests on the envelope's bottom, and it can slide sideways by the difference
# in width. USPS asks for 1/8 in of clear space between the address and the window's edges.
PANEL = 11 * INCH / 3
SIDEWAYS_PLAY = ENVELOPE_WIDTH - 8.5 * INCH
CLEARANCE = INCH / 8
# So the address block must lie in this box, measured from the sheet's top and left edges:
# 1.79 to 2.54 in down, 0.75 to 3.5 in across (visible wherever the sheet slides sideways).
WINDOW_TOP = PANEL - RECIPIENT_WINDOW_BOTTOM - RECIPIENT_WINDOW_HEIGHT + CLEARANCE
WINDOW_BOTTOM = PANEL - RECIPIENT_WINDOW_BOTTOM - CLEARANCE
WINDOW_LEFT = RECIPIENT_WINDOW_LEFT + CLEARANCE
WINDOW_RIGHT = RECIPIENT_WINDOW_LEFT + RECIPIENT_WINDOW_WIDTH - SIDEWAYS_PLAY - CLEARANCE
# The letter itself starts below the first fold, clear of both windows.
BELOW_FIRST_FOLD = PANEL + 0.2 * INCH


def get_paper(name: str) -> Paper:
    try:
        return _PAPERS[name]
    except KeyError:
        raise RenderError(f"unknown paper {name!r}; choose one of: {', '.join(_PAPERS)}") from None


def check_stationery(name: str) -> str:
    if name not in STATIONERY:
        raise RenderError(f"unknown stationery {name!r}; choose one of: {', '.join(STATIONERY)}")
    return name


def background_ops(paper: Paper, stationery: str, rules: list[float]) -> str:
    """Content-stream operators for the sheet itself, drawn under the ink."""
    ops: list[str] = []
    if stationery == "cream":
        r, g, b = CREAM
        ops.append(f"{r:.3f} {g:.3f} {b:.3f} rg 0 0 {paper.width:.2f} {paper.height:.2f} re f")
    if stationery == "ruled":
        r, g, b = RULE
        ops.append(f"q {r:.3f} {g:.3f} {b:.3f} RG 0.45 w")
        ops.extend(f"0 {y:.2f} m {paper.width:.2f} {y:.2f} l" for y in rules)
        ops.append("S Q")
    return "\n".join(ops)
