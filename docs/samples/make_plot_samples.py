"""Pen-plot previews beside the PDF: the sample letter in a print and a joined hand, what
the pen draws (right) next to the PDF page (left), at 60 dpi and as a 300 dpi crop.
Run from the repository root: .venv/bin/python docs/samples/make_plot_samples.py"""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image

from letters_app.plotting.letter import plot_letter
from letters_app.plotting.preview import sheet_png
from letters_app.rendering import LetterStyle, render_letter, render_previews

HERE = Path(__file__).parent
CROP = (250, 330, 1450, 730)  # px at 300 dpi: the first lines of the body


def side_by_side(left: Image.Image, right: Image.Image) -> Image.Image:
    out = Image.new("RGB", (left.width + right.width + 8, left.height), (128, 128, 128))
    out.paste(left, (0, 0))
    out.paste(right, (left.width + 8, 0))
    return out


def main() -> None:
    text = (HERE / "letter.txt").read_text()
    for hand in ("caveat", "dancing_script"):
        style = LetterStyle(hand=hand)
        pdf = render_letter(text, style, 7)
        sheet = plot_letter(text, style, 7)[0]
        for dpi, crop, name in (
            (60, None, f"plot-{hand}.png"),
            (300, CROP, f"plot-crop-{hand}.png"),
        ):
            page = Image.open(io.BytesIO(render_previews(pdf, dpi)[0])).convert("RGB")
            pen = Image.open(io.BytesIO(sheet_png(sheet, dpi))).convert("RGB")
            if crop:
                page, pen = page.crop(crop), pen.crop(crop)
            side_by_side(page, pen).save(HERE / name, optimize=True)
            print(f"wrote {HERE / name}")


if __name__ == "__main__":
    main()
