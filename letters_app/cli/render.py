"""`letters render` and `letters hands`: the renderer from the command line."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from letters_app.plotting.strokes import plottable
from letters_app.rendering import (
    ENVELOPES,
    INKS,
    PAPERS,
    STATIONERY,
    LetterStyle,
    RenderError,
    coverage,
    list_hands,
    render_envelope,
    render_letter,
    render_previews,
)

F = TypeVar("F", bound=Callable[..., Any])

_LATIN_1 = "".join(chr(c) for c in range(0xA1, 0x100) if c != 0xAD)
_EXTENDED_A = "".join(chr(c) for c in range(0x100, 0x180))


def envelope_options(command: F) -> F:
    """--envelope-to, --envelope-from, --envelope-out and --envelope-size, as `letters render`
    and `letters plot` both take them."""
    options = [
        click.option("--envelope-to",
                     type=click.Path(exists=True, dir_okay=False, path_type=Path),
                     help="Text file with the recipient address, one line per line."),
        click.option("--envelope-from",
                     type=click.Path(exists=True, dir_okay=False, path_type=Path)),
        click.option("--envelope-out", type=click.Path(dir_okay=False, path_type=Path)),
        click.option("--envelope-size", type=click.Choice(list(ENVELOPES)), default=None),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def envelope_addresses(envelope_to: Path | None, envelope_from: Path | None,
                       envelope_out: Path | None) -> tuple[list[str], list[str] | None] | None:
    """The envelope's recipient and sender lines from the option files; None without one."""
    if bool(envelope_to) != bool(envelope_out):
        raise click.ClickException("--envelope-to and --envelope-out go together")
    if envelope_to is None:
        return None
    sender = _read(envelope_from).splitlines() if envelope_from else None
    return _read(envelope_to).splitlines(), sender


@click.command("render")
@click.argument("input_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--hand", required=True, help="Hand name (see `letters hands`).")
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--paper", type=click.Choice(list(PAPERS)), default="letter", show_default=True)
@click.option(
    "--stationery", type=click.Choice(list(STATIONERY)), default="plain", show_default=True
)
@click.option("--ink", type=click.Choice(list(INKS)), default="blue_black", show_default=True)
@click.option("--seed", type=int, default=1, show_default=True)
@click.option("--corrections/--no-corrections", default=False, help="Cross out a rare word.")
@click.option("--fatigue/--no-fatigue", default=False, help="Let the hand loosen page by page.")
@envelope_options
@click.option("--preview-dir", type=click.Path(file_okay=False, path_type=Path))
@click.option("--dpi", type=int, default=80, show_default=True, help="Preview resolution.")
def render_command(
    input_file: Path,
    hand: str,
    out: Path,
    paper: str,
    stationery: str,
    ink: str,
    seed: int,
    corrections: bool,
    fatigue: bool,
    envelope_to: Path | None,
    envelope_from: Path | None,
    envelope_out: Path | None,
    envelope_size: str | None,
    preview_dir: Path | None,
    dpi: int,
) -> None:
    """Render INPUT_FILE (plain text) as a handwritten letter PDF."""
    addresses = envelope_addresses(envelope_to, envelope_from, envelope_out)
    style = LetterStyle(
        hand=hand,
        ink=ink,
        paper=paper,
        stationery=stationery,
        corrections=corrections,
        fatigue=fatigue,
    )
    text = _read(input_file)
    try:
        pdf = render_letter(text, style, seed)
        envelope = None
        if addresses is not None:
            recipient, sender = addresses
            envelope = render_envelope(recipient, style, seed, sender, envelope_size)
    except RenderError as error:
        raise click.ClickException(str(error)) from None
    out.write_bytes(pdf)
    click.echo(f"wrote {out}")
    if envelope is not None and envelope_out:
        envelope_out.write_bytes(envelope)
        click.echo(f"wrote {envelope_out}")
    if preview_dir:
        preview_dir.mkdir(parents=True, exist_ok=True)
        for n, png in enumerate(render_previews(pdf, dpi), 1):
            path = preview_dir / f"{out.stem}-p{n}.png"
            path.write_bytes(png)
            click.echo(f"wrote {path}")


@click.command("hands")
def hands_command() -> None:
    """List the hands: name, display name, kind, what they can write and whether a letter in
    them can be pen-plotted (their single strokes are built)."""
    for hand in list_hands():
        kind = "connected" if hand.connected else "print"
        summary = ", ".join(
            _covered(block, letters, hand.name)
            for block, letters in (("Latin-1", _LATIN_1), ("Latin Extended-A", _EXTENDED_A))
        )
        pen = "pen-plottable" if plottable(hand.name) else "no strokes"
        click.echo(f"{hand.name}\t{hand.display_name}\t{kind}\t{summary}\t{pen}")


def _covered(block: str, letters: str, hand: str) -> str:
    missing = coverage(letters, hand)
    if not missing:
        return f"{block}: all"
    return f"{block}: lacks {len(missing)} ({missing})"


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise click.ClickException(f"{path} is not UTF-8 text") from None
