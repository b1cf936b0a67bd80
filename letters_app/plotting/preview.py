"""What the pen will draw, as PNG: a sheet's strokes drawn with PIL at a given resolution."""

from __future__ import annotations

import io

from PIL import Image, ImageDraw

from .formats import Sheet

PEN_MM = 0.4  # a fineliner's line
INK = (28, 38, 84)


def sheet_png(sheet: Sheet, dpi: int = 80) -> bytes:
    scale = dpi / 25.4
    size = (round(sheet.width * scale), round(sheet.height * scale))
    image = Image.new("RGB", size, "white")
    draw = ImageDraw.Draw(image)
    width = max(1, round(PEN_MM * scale))
    for stroke in sheet.strokes:
        pts = [(float(x) * scale, float(y) * scale) for x, y in stroke]
        draw.line(pts, fill=INK, width=width, joint="curve")
        if width > 2:  # round caps, as a pen leaves them
            r = width / 2
            for x, y in (pts[0], pts[-1]):
                draw.ellipse((x - r, y - r, x + r, y + r), fill=INK)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()
