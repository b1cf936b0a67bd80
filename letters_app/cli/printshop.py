"""`letters print ...`: the print shop's client of the JSON API.

It trusts nothing the server sends for where files go: a letter id must be a whole number and
a file kind a known plain name, every path is checked to stay under --out, and a file URL that
points at another origin is refused, so the bearer token is only ever sent to --api.
Downloads go to a hidden .part file first and resume with a Range request after a break.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import click

from letters_app.domain.batch_files import IMPOSITIONS, ORDERS

TIMEOUT = 60
POLL = 1.0  # seconds between asks whether a batch is built
CHUNK = 64 * 1024
REFUSALS = {
    400: "The API refused the request",
    401: "The API refused the token (missing or revoked)",
    403: "The token lacks the scope for this",
    404: "Not found",
    409: "Conflict",
}
# What a server may name a file of a letter; anything else is refused, never turned into a path.
KINDS = {"letter_pdf": "letter.pdf", "envelope_pdf": "envelope.pdf",
         "envelope_plot_svg": "envelope.svg", "envelope_plot_hpgl": "envelope.hpgl",
         "envelope_plot_gcode": "envelope.gcode"}
# A pen-plotted letter's plot files, one per page: the page must be a small whole number.
PAGED_KINDS = {"plot_svg": "plot-p{page}.svg", "plot_hpgl": "plot-p{page}.hpgl",
               "plot_gcode": "plot-p{page}.gcode"}
MAX_PAGES = 99
BATCH_KINDS = {"batch_pdf": "batch.pdf", "manifest": "manifest.json"}
_SHA256 = re.compile(r"[0-9a-f]{64}")


class Api:
    def __init__(self, base: str, token: str) -> None:
        self.base = base.rstrip("/") + "/"
        self.token = token

    def url(self, path: str) -> str:
        """`path` on this API. An absolute URL to another origin (scheme, host or port) is
        refused: following it would hand our token to whoever the server named."""
        relative = path.startswith("/") and not path.startswith("//")
        url = urljoin(self.base, path.lstrip("/") if relative else path)
        if _origin(url) != _origin(self.base):
            raise click.ClickException(
                f"Refusing a file URL on another origin ({_origin(url)}); the token is only "
                f"sent to {_origin(self.base)}.")
        return url

    def json(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        with self.open(method, path, body) as response:
            return json.loads(response.read())

    @contextmanager
    def open(self, method: str, path: str, body: dict[str, Any] | None = None,
             headers: dict[str, str] | None = None) -> Iterator[Any]:
        data = json.dumps(body).encode() if body is not None else None
        sent = {"Authorization": f"Bearer {self.token}", "Accept": "application/json",
                **(headers or {})}
        if data is not None:
            sent["Content-Type"] = "application/json"
        request = urllib.request.Request(self.url(path), data=data, method=method, headers=sent)
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
                yield response
        except urllib.error.HTTPError as err:
            raise click.ClickException(_refusal(err)) from None
        except (urllib.error.URLError, OSError) as err:
            reason = getattr(err, "reason", err)
            raise click.ClickException(f"Cannot reach the API at {self.base}: {reason}") from None


def _origin(url: str) -> str:
    parts = urlsplit(url)
    port = parts.port or {"http": 80, "https": 443}.get(parts.scheme)
    return f"{parts.scheme}://{(parts.hostname or '').lower()}:{port}"


def _refusal(err: urllib.error.HTTPError) -> str:
    try:
        body = json.loads(err.read())
        detail, fields = str(body.get("error", "")), body.get("fields") or {}
    except (ValueError, AttributeError):
        detail, fields = "", {}
    if isinstance(fields, dict) and fields:  # "see fields": the shop cannot see them otherwise
        detail += " " + " ".join(f"{name}: {message}" for name, message in fields.items())
    what = REFUSALS.get(err.code, "The API failed")
    detail = "".join(c for c in detail if c.isprintable())[:500]  # no terminal escapes
    return f"{what} ({err.code}){': ' + detail if detail else '.'}"


def letter_folder(out_dir: Path, letter_id: object) -> Path:
    """OUT/<id> for an id that is a positive whole number, and nothing else."""
    if type(letter_id) is not int or letter_id <= 0:
        raise click.ClickException(f"The API sent a letter id that is not a plain number: "
                                   f"{letter_id!r}; nothing written for it.")
    return inside(out_dir, out_dir / str(letter_id))


def batch_dir(out_dir: Path, batch_id: object) -> Path:
    """OUT/batch-<id> for a batch id that is a positive whole number."""
    if type(batch_id) is not int or batch_id <= 0:
        raise click.ClickException(f"The API sent a batch id that is not a plain number: "
                                   f"{batch_id!r}; nothing written for it.")
    return inside(out_dir, out_dir / f"batch-{batch_id}")


def inside(out_dir: Path, target: Path) -> Path:
    root = out_dir.resolve()
    resolved = target.resolve()
    if resolved != root and root not in resolved.parents:
        raise click.ClickException(f"Refusing to write {target} outside {out_dir}.")
    return target


token_option = click.option(
    "--token", envvar="LETTERS_PRINT_TOKEN", required=True,
    help="API token with print scopes (or set LETTERS_PRINT_TOKEN).")
api_option = click.option("--api", "api_url", envvar="LETTERS_API_URL",
                          default="http://127.0.0.1:5000", show_default=True,
                          help="Base URL of the letters service (or set LETTERS_API_URL).")


@click.group("print")
def print_group() -> None:
    """Print-shop client: pull ready letters, report them printed and shipped."""


@print_group.command("pull")
@api_option
@token_option
@click.option("--out", "out_dir", required=True,
              type=click.Path(file_okay=False, path_type=Path),
              help="Where the files go: OUT/<letter id>/letter.pdf and envelope.pdf (and for "
                   "a pen-plotted letter plot-p1.svg... and envelope.svg, .hpgl, .gcode).")
@click.option("--batch", is_flag=True, help="Take the ready letters to print as one batch.")
@click.option("--batch-id", type=int, default=None,
              help="Download one of your batches again (see `letters print batches`).")
@click.option("--order", type=click.Choice(ORDERS), default=ORDERS[0], show_default=True,
              help="With --batch: the batch PDF's order (each letter then its envelope: "
                   "interleaved).")
@click.option("--impose", "imposition", type=click.Choice(IMPOSITIONS), default="none",
              show_default=True, help="With --batch: 5×7 in cards two to an 11×17 in or A3 "
                                      "sheet, with a bleed and crop marks.")
@click.option("--wait", type=click.IntRange(0, 3600), default=300, show_default=True,
              help="Seconds to wait for a new batch's print file to be built.")
@click.option("--progress/--no-progress", default=None,
              help="Show a progress bar (default: when the terminal shows one).")
def pull(api_url: str, token: str, out_dir: Path, batch: bool, batch_id: int | None,
         order: str, imposition: str, wait: int, progress: bool | None) -> None:
    """Download the files of the letters ready to print, checked against their sha256."""
    api = Api(api_url, token)
    batch_note, batch_files, batch_folder = "", [], None
    if batch_id is not None:
        made = _ready(api, api.json("GET", f"/api/v1/print/batches/{batch_id}"), wait)
        letters, batch_note = made["letters"], f" (batch {batch_id})"
        batch_files, batch_folder = made.get("files", []), batch_dir(out_dir, made["id"])
    else:
        letters = api.json("GET", "/api/v1/print/letters")["letters"]
        if not letters:
            click.echo("No letters are ready to print." + _open_batches_hint(api))
            return
        if batch:
            made = api.json("POST", "/api/v1/print/batches",
                            {"letter_ids": [letter["id"] for letter in letters],
                             "order": order, "imposition": imposition})
            # Said before waiting or downloading: if either fails, the letters are taken and
            # the batch can be fetched again with --batch-id.
            click.echo(f"batch {made['id']}: {len(made['letters'])} letter(s) taken to print")
            made = _ready(api, made, wait)
            letters, batch_note = made["letters"], f" (batch {made['id']})"
            batch_files, batch_folder = made.get("files", []), batch_dir(out_dir, made["id"])
    plan = [(letter["id"], letter_folder(out_dir, letter["id"]), letter["files"])
            for letter in letters]
    with _bar(progress) as bar:
        if batch_folder is not None and batch_files:
            names = [_download(api, file, batch_folder, out_dir, bar, BATCH_KINDS, {})
                     for file in batch_files]
            click.echo(f"batch files: {', '.join(names)} -> {batch_folder}")
        for letter_id, folder, files in plan:
            names = [_download(api, file, folder, out_dir, bar) for file in files]
            click.echo(f"letter {letter_id}: {', '.join(names)} -> {folder}{batch_note}")


def _open_batches_hint(api: Api) -> str:
    """Letters taken into a batch are no longer "ready": a shop whose download was cut off
    and runs the same command again is told where its letters went and how to resume."""
    found = api.json("GET", "/api/v1/print/batches")["batches"]
    if not found:
        return ""
    listed = "; ".join(f"batch {batch['id']}: letters "
                       + ", ".join(str(letter["id"]) for letter in batch["letters"])
                       for batch in found)
    return (f" Open batches: {listed}. `letters print pull --batch-id N` downloads one "
            "again and resumes a download that was cut off.")


def _ready(api: Api, made: dict[str, Any], wait: int) -> dict[str, Any]:
    """The batch once its files are built: the server builds them after taking the letters
    (state building), so ask again every POLL seconds, for at most `wait`."""
    deadline = time.monotonic() + wait
    while made.get("state") == "building":
        if time.monotonic() >= deadline:
            raise click.ClickException(
                f"batch {made['id']}: the print file is still being built after {wait} s; "
                f"fetch it later with --batch-id {made['id']}.")
        time.sleep(POLL)
        made = api.json("GET", f"/api/v1/print/batches/{made['id']}")
    return made


@contextmanager
def _bar(show: bool | None) -> Iterator[Any]:
    """A rich progress bar on stderr (stdout stays one line per letter for scripts)."""
    from rich.console import Console
    from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TransferSpeedColumn

    console = Console(stderr=True, force_terminal=show) if show is not None \
        else Console(stderr=True)
    enabled = show if show is not None else console.is_terminal
    with Progress(TextColumn("{task.description}"), BarColumn(), DownloadColumn(),
                  TransferSpeedColumn(), console=console, disable=not enabled) as bar:
        yield bar


def _download(api: Api, file: dict[str, Any], folder: Path, out_dir: Path, bar: Any,
              kinds: dict[str, str] = KINDS, paged: dict[str, str] = PAGED_KINDS) -> str:
    kind, sha256, url = file.get("kind"), file.get("sha256"), file.get("url")
    name = _file_name(file, kinds, paged)
    if name is None or not isinstance(sha256, str) or not _SHA256.fullmatch(sha256) \
            or not isinstance(url, str):
        raise click.ClickException(f"The API sent a file that is not a known kind with a "
                                   f"sha256: {str(kind)[:40]!r}; nothing written for it.")
    target = inside(out_dir, folder / name)
    if target.exists() and _sha256_of(target) == sha256:
        return name  # already here from an earlier pull
    part = inside(out_dir, folder / f".{name}.part")
    folder.mkdir(parents=True, exist_ok=True)
    have = part.stat().st_size if part.exists() else 0
    headers = {"Range": f"bytes={have}-"} if have else {}
    with api.open("GET", url, headers=headers) as response:
        resumed = have and response.status == 206
        mode = "ab" if resumed else "wb"
        total = int(response.headers.get("Content-Length") or 0) + (have if resumed else 0)
        task = bar.add_task(f"{folder.name}/{name}", total=total or None,
                            completed=have if resumed else 0)
        with part.open(mode) as fh:
            while chunk := response.read(CHUNK):
                fh.write(chunk)
                bar.advance(task, len(chunk))
            fh.flush()
            os.fsync(fh.fileno())
    digest = _sha256_of(part)
    if digest != sha256:
        part.unlink()
        raise click.ClickException(
            f"{target}: sha256 {digest} does not match the listing's {sha256}; not written.")
    os.replace(part, target)
    return name


def _file_name(file: dict[str, Any], kinds: dict[str, str],
               paged: dict[str, str]) -> str | None:
    """The local name of a listed file, from the allow-lists alone (a letter's plot files
    add their page, which must be a plain whole number); None for anything else."""
    kind, page = file.get("kind"), file.get("page")
    if not isinstance(kind, str):
        return None
    if kind in kinds:
        return kinds[kind]
    if kind in paged and type(page) is int and 0 < page <= MAX_PAGES:
        return paged[kind].format(page=page)
    return None


def _sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


@print_group.command("batches")
@api_option
@token_option
def batches(api_url: str, token: str) -> None:
    """Your batches that still have letters to print or ship."""
    found = Api(api_url, token).json("GET", "/api/v1/print/batches")["batches"]
    if not found:
        click.echo("No open batches.")
    for batch in found:
        ids = ", ".join(str(letter["id"]) for letter in batch["letters"])
        click.echo(f"batch {batch['id']}: letters {ids}")


@print_group.command("done")
@api_option
@token_option
@click.argument("letter_id", type=int)
@click.option("--printed", "step", flag_value="printed", help="Report the letter printed.")
@click.option("--shipped", "step", flag_value="shipped", help="Report the letter shipped.")
@click.option("--tracking", help="Tracking number (with --shipped).")
def done(api_url: str, token: str, letter_id: int, step: str | None,
         tracking: str | None) -> None:
    """Report LETTER_ID printed (--printed) or shipped (--shipped --tracking X)."""
    if step is None:
        raise click.UsageError("Say --printed or --shipped.")
    if step == "shipped" and not tracking:
        raise click.UsageError("--shipped needs --tracking.")
    if step == "printed" and tracking:
        raise click.UsageError("--tracking goes with --shipped.")
    body = {"tracking_number": tracking} if step == "shipped" else None
    letter = Api(api_url, token).json("POST", f"/api/v1/print/letters/{letter_id}/{step}", body)
    suffix = f", tracking {letter['tracking_number']}" if step == "shipped" else ""
    click.echo(f"letter {letter['id']}: {letter['status']}{suffix}")
