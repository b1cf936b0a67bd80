"""`letters hand sheet|build`: a customer's own hand from the command line."""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from letters_app.handmaking.layout import SheetLayout


@click.group("hand")
def hand_group() -> None:
    """Make a hand from a filled-in sample sheet."""


@hand_group.command("sheet")
@click.option("--paper", type=click.Choice(["letter", "a4"]), default="letter", show_default=True)
@click.option("--out", required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--layout", "layout_file", type=click.Path(dir_okay=False, path_type=Path),
              help="A layout JSON file (page_size and boxes) instead of the standard one.")
@click.option("--sheet-id", default=None, help="The id printed on the sheet (default: random).")
def sheet_command(paper: str, out: Path, layout_file: Path | None, sheet_id: str | None) -> None:
    """Write the printable sample sheet as a PDF."""
    from letters_app.handmaking.layout import standard_layout
    from letters_app.handmaking.sheet import sheet_pdf

    layout = _layout(layout_file) if layout_file else standard_layout(paper)  # type: ignore[arg-type]
    sheet_id = sheet_id or secrets.token_hex(6)
    try:
        data = sheet_pdf(layout, sheet_id)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None
    _write(out, data)
    click.echo(f"wrote {out} (sheet {sheet_id}, {len(layout.boxes)} boxes)")


@hand_group.command("build")
@click.argument("image", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--out", required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--report", "report_file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--layout", "layout_file", type=click.Path(dir_okay=False, path_type=Path),
              help="The layout the sheet was printed with, if not the standard one.")
@click.option("--family", default="My Hand", show_default=True, help="The font's family name.")
def build_command(image: Path, out: Path, report_file: Path | None, layout_file: Path | None,
                  family: str) -> None:
    """Read a scanned or photographed sheet and write the hand as a TTF."""
    from letters_app.handmaking.build import HandRefused, build_hand

    layout = _layout(layout_file) if layout_file else None
    try:
        built = build_hand(image.read_bytes(), family_name=family, layout=layout)
    except HandRefused as exc:
        raise click.ClickException(f"{exc.code}: {exc.message}") from None
    _write(out, built.ttf)
    if report_file:
        _write(report_file, built.report.to_json().encode())
    click.echo(f"wrote {out} (sheet {built.sheet_id}, {built.paper})")
    for line in built.report.advice():
        click.echo(f"  {line}")


def _layout(path: Path) -> SheetLayout:
    from letters_app.handmaking.layout import SheetLayout

    try:
        return SheetLayout.from_json(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise click.ClickException(f"{path}: {exc}") from None


def _write(path: Path, data: bytes) -> None:
    try:
        path.write_bytes(data)
    except OSError as exc:
        raise click.ClickException(f"cannot write {path}: {exc.strerror}") from None
