"""`letters ...`: the command-line door into the same domain the web app and workers use."""

from __future__ import annotations

import click


@click.group()
def main() -> None:
    """Letters service commands."""
