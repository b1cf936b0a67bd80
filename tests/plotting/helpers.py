"""Reading plot files back with parsers that share nothing with the writers."""

from __future__ import annotations

import io
import re
from pathlib import Path

import numpy as np
import pypdf
import svgelements

HPGL_UNITS = 40.0
LETTER = (Path(__file__).parents[2] / "docs" / "samples" / "letter.txt").read_text()


def svg_lines(data: bytes) -> tuple[svgelements.SVG, list[np.ndarray]]:
    """The SVG (svgelements, in mm as user units) and every subpath as an (n, 2) mm array."""
    doc = svgelements.SVG.parse(io.BytesIO(data), ppi=25.4)
    lines = []
    for element in doc.elements():
        if isinstance(element, svgelements.Path):
            for sub in element.as_subpaths():
                pts = [(seg.end.x, seg.end.y) for seg in svgelements.Path(sub)]
                lines.append(np.array(pts, float))
    return doc, lines


def hpgl_lines(data: bytes) -> list[np.ndarray]:
    """PU/PD absolute moves of an HP-GL program as mm polylines (y up)."""
    lines: list[list[tuple[float, float]]] = []
    pen_down = False
    for command in data.decode("ascii").strip().split(";"):
        op, args = command[:2], command[2:]
        if op not in ("PU", "PD"):
            continue
        numbers = [float(v) / HPGL_UNITS for v in args.split(",") if v]
        pts = list(zip(numbers[::2], numbers[1::2], strict=True))
        if op == "PU":
            pen_down = False
            if pts:
                lines.append([pts[-1]])
        elif op == "PD":
            if not pen_down and not lines:
                lines.append([])
            lines[-1].extend(pts)
            pen_down = True
    return [np.array(line) for line in lines if len(line) > 1]


def gcode_lines(data: bytes, down: str, up: str) -> list[np.ndarray]:
    lines: list[list[tuple[float, float]]] = []
    at = (0.0, 0.0)
    pen = False
    for raw in data.decode("ascii").splitlines():
        line = raw.split(";")[0].strip()
        if line == down:
            pen = True
            lines.append([at])
        elif line == up:
            pen = False
        elif line.startswith(("G0 ", "G1 ")):
            x = float(re.search(r"X(-?[\d.]+)", line).group(1))
            y = float(re.search(r"Y(-?[\d.]+)", line).group(1))
            at = (x, y)
            if pen:
                lines[-1].append(at)
    return [np.array(line) for line in lines if len(line) > 1]


def pdf_baselines(pdf: bytes) -> list[list[float]]:
    """Per page, the baseline heights (pt from the bottom) of the text layer's lines."""
    out = []
    for page in pypdf.PdfReader(io.BytesIO(pdf)).pages:
        ys: list[float] = []

        def visit(text, cm, tm, font, size, ys=ys):
            if text.strip():
                ys.append(float(tm[5]))

        page.extract_text(visitor_text=visit)
        out.append(sorted(set(round(y, 1) for y in ys), reverse=True))
    return out
