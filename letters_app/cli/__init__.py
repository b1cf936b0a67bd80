"""`letters ...`: the command-line door into the same domain the web app and workers use."""

from __future__ import annotations

import click

from letters_app.cli.manage import create_user, db_group, relay, seed_demo, serve, token_group
from letters_app.cli.printshop import print_group
from letters_app.cli.render import hands_command, render_command
from letters_app.cli.storage import storage_group


@click.group()
def main() -> None:
    """Letters service commands."""


main.add_command(db_group)
main.add_command(seed_demo)
main.add_command(create_user)
main.add_command(token_group)
main.add_command(serve)
main.add_command(relay)
main.add_command(render_command)
main.add_command(hands_command)
main.add_command(print_group)
main.add_command(storage_group)
