"""`letters plot` end to end: files on disk, read back by independent parsers."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image

from letters_app.cli import main

from .helpers import LETTER, gcode_lines, hpgl_lines, svg_lines


def _plot_caveat(text: Path, out: Path, *options: str) -> str:
    """`letters plot TEXT --hand caveat --seed 4 --out OUT ...`; its output, after success."""
    result = CliRunner().invoke(
        main, ["plot", str(text), "--hand", "caveat", "--seed", "4", "--out", str(out), *options])
    assert result.exit_code == 0, result.output
    return result.output


def test_plot_writes_every_format_and_the_envelope(tmp_path: Path) -> None:
    text = tmp_path / "letter.txt"
    text.write_text(LETTER)
    to = tmp_path / "to.txt"
    to.write_text("Ms Ada Lovelace\n12 St James's Square\nLondon SW1Y 4JH\n")
    svg = tmp_path / "letter.svg"
    output = _plot_caveat(text, svg, "--envelope-to", str(to),
                          "--envelope-out", str(tmp_path / "env.svg"),
                          "--preview-dir", str(tmp_path / "previews"), "--dpi", "50")
    assert "pen-downs" in output and "min" in output
    _, lines = svg_lines(svg.read_bytes())
    _, envelope = svg_lines((tmp_path / "env.svg").read_bytes())
    assert len(lines) > 300 and len(envelope) > 30
    for name in ("letter", "env"):  # what the pen will draw: ink on white, the sheet's size
        image = Image.open(tmp_path / "previews" / f"{name}.png").convert("L")
        assert image.getextrema() == (pytest.approx(40, abs=40), 255)
    assert Image.open(tmp_path / "previews" / "letter.png").size == (425, 550)

    hpgl = tmp_path / "letter.hpgl"
    _plot_caveat(text, hpgl, "--format", "hpgl")
    assert len(hpgl_lines(hpgl.read_bytes())) == len(lines)

    gcode = tmp_path / "letter.gcode"
    _plot_caveat(text, gcode, "--format", "gcode", "--pen-up", "G0 Z4",
                 "--pen-down", "G1 Z0 F800")
    assert len(gcode_lines(gcode.read_bytes(), "G1 Z0 F800", "G0 Z4")) == len(lines)


def test_plot_refuses_what_render_refuses(tmp_path: Path) -> None:
    text = tmp_path / "letter.txt"
    text.write_text("Dear Ada,\n\nΓειά σου ☃\n")
    runner = CliRunner()
    plotted = runner.invoke(
        main, ["plot", str(text), "--hand", "kalam", "--out", str(tmp_path / "a.svg")]
    )
    rendered = runner.invoke(
        main, ["render", str(text), "--hand", "kalam", "--out", str(tmp_path / "a.pdf")]
    )
    assert plotted.exit_code == rendered.exit_code == 1
    assert plotted.output == rendered.output
    assert "☃" in plotted.output
    assert not (tmp_path / "a.svg").exists()


def test_plot_takes_corrections_like_render(tmp_path: Path) -> None:
    """The same option as `letters render --corrections`: the same layout, so more strokes
    (the false starts and their crossing-out), never a refusal."""
    text = tmp_path / "letter.txt"
    text.write_text(LETTER.replace("\n\n", "\n\n" + "beautiful weather " * 60 + "\n\n", 1))
    runner = CliRunner()
    counts = []
    for flag in ("--no-corrections", "--corrections"):
        out = tmp_path / f"{flag}.svg"
        result = runner.invoke(main, ["plot", str(text), "--hand", "kalam", "--seed", "3",
                                      flag, "--out", str(out)])
        assert result.exit_code == 0, result.output
        counts.append(sum(len(svg_lines(p.read_bytes())[1])
                          for p in tmp_path.glob(f"{flag}*.svg")))
    assert counts[1] > counts[0] > 300
