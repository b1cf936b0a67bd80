"""`letters writers trust|untrust EMAIL`: who may skip review."""

from __future__ import annotations

import click

from letters_app.cli.manage import services_from_env
from letters_app.domain.errors import DomainError
from letters_app.domain.writers import set_trusted


@click.group("writers")
def writers_group() -> None:
    """Staff writers."""


@writers_group.command("trust")
@click.argument("email")
def trust(email: str) -> None:
    """Let EMAIL's drafts go to the customer without review."""
    _set(email, True)
    click.echo(f"{email} is trusted: their drafts skip review.")


@writers_group.command("untrust")
@click.argument("email")
def untrust(email: str) -> None:
    """Send EMAIL's drafts through review again."""
    _set(email, False)
    click.echo(f"{email} is no longer trusted: a reviewer reads their drafts.")


def _set(email: str, trusted: bool) -> None:
    services = services_from_env()
    with services.db.session() as session:
        try:
            set_trusted(session, email, trusted)
        except DomainError as err:
            raise click.ClickException(str(err)) from err
