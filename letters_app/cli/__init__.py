"""`letters ...`: the command-line door into the same domain the web app and workers use.

Commands are imported when they are run, not when the program starts: `letters render` needs
the renderer, not the database, migrations or Celery, and starts in a fraction of the time.
"""

from __future__ import annotations

import importlib

import click

# command name -> "module:attribute", in the order `letters --help` lists them.
COMMANDS = {
    "serve": "letters_app.cli.manage:serve",
    "db": "letters_app.cli.manage:db_group",
    "seed-demo": "letters_app.cli.manage:seed_demo",
    "create-user": "letters_app.cli.manage:create_user",
    "token": "letters_app.cli.manage:token_group",
    "writers": "letters_app.cli.writers:writers_group",
    "relay": "letters_app.cli.manage:relay",
    "queue": "letters_app.cli.queue:queue_command",
    "draft": "letters_app.cli.draft:draft_command",
    "render": "letters_app.cli.render:render_command",
    "hands": "letters_app.cli.render:hands_command",
    "hand": "letters_app.cli.hand:hand_group",
    "plot": "letters_app.cli.plot:plot_command",
    "print": "letters_app.cli.printshop:print_group",
    "route": "letters_app.cli.routes:route_group",
    "storage": "letters_app.cli.storage:storage_group",
}


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module, _, attribute = target.partition(":")
        command: click.Command = getattr(importlib.import_module(module), attribute)
        return command


@click.group(cls=LazyGroup)
def main() -> None:
    """Letters service commands."""
