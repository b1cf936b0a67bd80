"""`letters plot`: the letter (and its envelope) as plot files for a pen plotter."""

from __future__ import annotations

from pathlib import Path

import click

from letters_app.plotting.formats import FORMATS, GcodePen, write
from letters_app.plotting.letter import plot_envelope, plot_letter
from letters_app.plotting.preview import sheet_png
from letters_app.plotting.route import Speeds
from letters_app.rendering import PAPERS, STATIONERY, LetterStyle, RenderError

from .render import _read, envelope_addresses, envelope_options


@click.command("plot")
@click.argument("input_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--hand", required=True, help="Hand name (see `letters hands`).")
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="svg", show_default=True)
@click.option("--paper", type=click.Choice(list(PAPERS)), default="letter", show_default=True)
@click.option(
    "--stationery",
    type=click.Choice(list(STATIONERY)),
    default="plain",
    show_default=True,
    help="Only moves the layout as in the PDF (ruled lines); the sheet itself is not drawn.",
)
@click.option("--seed", type=int, default=1, show_default=True)
@click.option("--fatigue/--no-fatigue", default=False, help="Let the hand loosen page by page.")
@click.option("--corrections/--no-corrections", default=False, help="Cross out a rare word.")
@envelope_options
@click.option("--draw-speed", type=float, default=25.0, show_default=True, help="mm/s, pen down.")
@click.option("--travel-speed", type=float, default=75.0, show_default=True, help="mm/s, pen up.")
@click.option("--pen-up", default=GcodePen.up, show_default=True, help="G-code to raise the pen.")
@click.option("--pen-down", default=GcodePen.down, show_default=True, help="G-code to lower it.")
@click.option(
    "--preview-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Also write PNGs of what the pen will draw, one per sheet.",
)
@click.option("--dpi", type=int, default=80, show_default=True, help="Preview resolution.")
def plot_command(
    input_file: Path,
    hand: str,
    out: Path,
    fmt: str,
    paper: str,
    stationery: str,
    seed: int,
    fatigue: bool,
    corrections: bool,
    envelope_to: Path | None,
    envelope_from: Path | None,
    envelope_out: Path | None,
    envelope_size: str | None,
    draw_speed: float,
    travel_speed: float,
    pen_up: str,
    pen_down: str,
    preview_dir: Path | None,
    dpi: int,
) -> None:
    """Plot INPUT_FILE (plain text) as single pen strokes: the letter `letters render` makes
    with the same options, one file per page (OUT, or OUT-p1, OUT-p2... for longer letters)."""
    addresses = envelope_addresses(envelope_to, envelope_from, envelope_out)
    if draw_speed <= 0 or travel_speed <= 0:
        raise click.ClickException("speeds are positive mm/s")
    style = LetterStyle(
        hand=hand, paper=paper, stationery=stationery, fatigue=fatigue, corrections=corrections
    )
    speeds = Speeds(draw=draw_speed, travel=travel_speed)
    pen = GcodePen(up=pen_up, down=pen_down, feed=draw_speed * 60)
    text = _read(input_file)
    try:
        sheets = plot_letter(text, style, seed, speeds)
        envelope = None
        if addresses is not None:
            recipient, sender = addresses
            envelope = plot_envelope(recipient, style, seed, sender, envelope_size, speeds)
    except RenderError as error:
        raise click.ClickException(str(error)) from None
    written = list(zip(page_paths(out, len(sheets)), sheets, strict=True))
    if envelope is not None and envelope_out:
        written.append((envelope_out, envelope))
    for path, sheet in written:
        path.write_bytes(write(sheet, fmt, pen))
        click.echo(f"wrote {path}: {sheet.stats.summary()}")
    if preview_dir:
        preview_dir.mkdir(parents=True, exist_ok=True)
        for path, sheet in written:
            png = preview_dir / f"{path.stem}.png"
            png.write_bytes(sheet_png(sheet, dpi))
            click.echo(f"wrote {png}")


def page_paths(out: Path, count: int) -> list[Path]:
    if count == 1:
        return [out]
    return [out.with_name(f"{out.stem}-p{n}{out.suffix}") for n in range(1, count + 1)]
