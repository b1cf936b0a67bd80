"""What the pen will draw, as PNG: a sheet's strokes drawn with PIL at a given resolution."""

from __future__ import annotations

import io

from PIL import Image, ImageDraw

from .formats import Sheet

PEN_MM = 0.4  # a fineliner's line
INK = (28, 38, 84)


def sheet_png(sheet: Sheet, dpi: int = 80) -> bytes:
    """The strokes in one flat ink on white. Drawn larger and scaled down: a 0.4 mm line is
    about one pixel at proof resolution, and drawn at size it would be a jagged hairline."""
    size = (round(sheet.width * dpi / 25.4), round(sheet.height * dpi / 25.4))
    over = 4 if dpi <= 150 else 2 if dpi <= 400 else 1
    scale = dpi * over / 25.4
    mask = Image.new("L", (size[0] * over, size[1] * over), 0)
    draw = ImageDraw.Draw(mask)
    width = max(1, round(PEN_MM * scale))
    for stroke in sheet.strokes:
        pts = [(float(x) * scale, float(y) * scale) for x, y in stroke]
        draw.line(pts, fill=255, width=width, joint="curve")
        if width > 2:  # round caps, as a pen leaves them
            r = width / 2
            for x, y in (pts[0], pts[-1]):
                draw.ellipse((x - r, y - r, x + r, y + r), fill=255)
    image = Image.new("RGB", size, "white")
    image.paste(INK, mask=mask.resize(size, Image.Resampling.BOX) if over > 1 else mask)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()
