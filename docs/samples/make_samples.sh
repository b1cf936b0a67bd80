#!/bin/sh
# Regenerates the sample sheet: the same letter in every hand, first-page previews at 72 dpi,
# plus one envelope. Run from the repository root: sh docs/samples/make_samples.sh
set -eu
here=docs/samples
letters=${LETTERS:-.venv/bin/letters}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$letters" hands | cut -f1 | while read -r hand; do
    "$letters" render "$here/letter.txt" --hand "$hand" --seed 7 --out "$work/$hand.pdf" \
        --preview-dir "$work/previews" --dpi 72 >/dev/null
    cp "$work/previews/$hand-p1.png" "$here/$hand.png"
done
"$letters" render "$here/letter.txt" --hand caveat --seed 7 --stationery ruled --ink sepia \
    --out "$work/caveat-ruled.pdf" --preview-dir "$work/previews" --dpi 72 \
    --envelope-to "$here/to.txt" --envelope-from "$here/from.txt" \
    --envelope-out "$work/envelope.pdf" >/dev/null
cp "$work/previews/caveat-ruled-p1.png" "$here/caveat-ruled-sepia.png"
"$letters" render "$here/letter.txt" --hand dancing_script --seed 7 --paper card \
    --stationery cream --ink royal_blue --out "$work/card.pdf" --preview-dir "$work/previews" \
    --dpi 72 --envelope-to "$here/to.txt" --envelope-from "$here/from.txt" \
    --envelope-out "$work/envelope-a7.pdf" >/dev/null
cp "$work/previews/card-p1.png" "$here/dancing_script-card-cream.png"
.venv/bin/python - "$work" "$here" <<'PY'
import sys
from pathlib import Path

from letters_app.rendering import render_previews

work, here = Path(sys.argv[1]), Path(sys.argv[2])
for name in ("envelope", "envelope-a7"):
    (here / f"{name}.png").write_bytes(render_previews((work / f"{name}.pdf").read_bytes(), 72)[0])
PY
ls -l "$here"/*.png
