"""`letters storage gc`: find (and with --delete remove) blobs no letter uses any more."""

from __future__ import annotations

import re
from datetime import timedelta

import click

UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


class Duration(click.ParamType):
    name = "duration"

    def convert(self, value: object, param: click.Parameter | None,
                ctx: click.Context | None) -> timedelta:
        if isinstance(value, timedelta):
            return value
        match = re.fullmatch(r"\s*(\d+)\s*([smhdw])\s*", str(value))
        if not match:
            self.fail(f"{value!r} is not a duration; write it like 7d, 12h, 30m or 2w",
                      param, ctx)
        return timedelta(**{UNITS[match.group(2)]: int(match.group(1))})


@click.group("storage")
def storage_group() -> None:
    """Stored files (PDFs, previews)."""


@storage_group.command("gc")
@click.option("--older-than", "older_than", type=Duration(), default="7d", show_default=True,
              help="Grace period: blobs stored more recently are kept.")
@click.option("--delete", is_flag=True, help="Delete them (without it: only list them).")
def gc(older_than: timedelta, delete: bool) -> None:
    """List blobs that no document references and that are older than the grace period."""
    from letters_app.config import Config, ConfigError
    from letters_app.domain.blob_gc import delete_garbage, find_garbage
    from letters_app.services import Services
    from letters_app.storage import StorageUnavailable

    try:
        services = Services.create(Config.from_env())
    except ConfigError as err:
        raise click.ClickException(str(err)) from err
    storage = services.storage
    try:
        with services.db.session() as session:
            garbage = find_garbage(session, storage, older_than)
            click.echo(f"{storage.location}: {len(garbage)} unreferenced blob(s) older than "
                       f"{_show(older_than)}")
            for blob in garbage:
                click.echo(f"  {blob.sha256}  {blob.size:>12,} bytes  "
                           f"{blob.last_modified:%Y-%m-%d %H:%M} UTC")
            total = sum(blob.size for blob in garbage)
            if not delete:
                click.echo(f"Would delete {len(garbage)} blob(s), {total:,} bytes "
                           "(dry run; add --delete to delete them).")
                return
            deleted = delete_garbage(session, storage, garbage, older_than)
    except StorageUnavailable as err:
        raise click.ClickException(str(err)) from err
    kept = len(garbage) - len(deleted)
    click.echo(f"Deleted {len(deleted)} blob(s), {sum(b.size for b in deleted):,} bytes"
               + (f"; kept {kept} that came back into use." if kept else "."))


def _show(delta: timedelta) -> str:
    seconds = int(delta.total_seconds())
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds and seconds % size == 0:
            return f"{seconds // size}{unit}"
    return f"{seconds}s"
