"""`letters print ...`: the print shop's client of the JSON API (standard library only)."""

from __future__ import annotations

import hashlib
import json
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import click

from letters_app.storage import write_atomically

TIMEOUT = 60
REFUSALS = {
    400: "The API refused the request",
    401: "The API refused the token (missing or revoked)",
    403: "The token lacks the scope for this",
    404: "Not found",
    409: "Conflict",
}


class Api:
    def __init__(self, base: str, token: str) -> None:
        self.base = base.rstrip("/") + "/"
        self.token = token

    def json(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        return json.loads(self.fetch(method, path, body))

    def fetch(self, method: str, path: str, body: dict[str, Any] | None = None) -> bytes:
        url = urljoin(self.base, path.lstrip("/"))
        data = json.dumps(body).encode() if body is not None else None
        headers = {"Authorization": f"Bearer {self.token}", "Accept": "application/json"}
        if data is not None:
            headers["Content-Type"] = "application/json"
        request = urllib.request.Request(url, data=data, method=method, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
                return bytes(response.read())
        except urllib.error.HTTPError as err:
            raise click.ClickException(_refusal(err)) from None
        except (urllib.error.URLError, OSError) as err:
            reason = getattr(err, "reason", err)
            raise click.ClickException(f"Cannot reach the API at {self.base}: {reason}") from None


def _refusal(err: urllib.error.HTTPError) -> str:
    try:
        detail = json.loads(err.read()).get("error", "")
    except (ValueError, AttributeError):
        detail = ""
    what = REFUSALS.get(err.code, "The API failed")
    return f"{what} ({err.code}){': ' + detail if detail else '.'}"


token_option = click.option(
    "--token", envvar="LETTERS_PRINT_TOKEN", required=True,
    help="API token with print scopes (or set LETTERS_PRINT_TOKEN).")
api_option = click.option("--api", "api_url", default="http://127.0.0.1:5000",
                          show_default=True, help="Base URL of the letters service.")


@click.group("print")
def print_group() -> None:
    """Print-shop client: pull ready letters, report them printed and shipped."""


@print_group.command("pull")
@api_option
@token_option
@click.option("--out", "out_dir", required=True,
              type=click.Path(file_okay=False, path_type=Path),
              help="Where the PDFs go: OUT/<letter id>/letter.pdf and envelope.pdf.")
@click.option("--batch", is_flag=True, help="Take the ready letters to print as one batch.")
@click.option("--batch-id", type=int, default=None,
              help="Download one of your batches again (see `letters print batches`).")
def pull(api_url: str, token: str, out_dir: Path, batch: bool, batch_id: int | None) -> None:
    """Download the PDFs of the letters ready to print, checked against their sha256."""
    api = Api(api_url, token)
    batch_note = ""
    if batch_id is not None:
        letters = api.json("GET", f"/api/v1/print/batches/{batch_id}")["letters"]
        batch_note = f" (batch {batch_id})"
    else:
        letters = api.json("GET", "/api/v1/print/letters")["letters"]
        if not letters:
            click.echo("No letters are ready to print.")
            return
        if batch:
            made = api.json("POST", "/api/v1/print/batches",
                            {"letter_ids": [letter["id"] for letter in letters]})
            letters, batch_note = made["letters"], f" (batch {made['id']})"
            # Said before downloading: if a download fails, the batch can be fetched again.
            click.echo(f"batch {made['id']}: {len(letters)} letter(s) taken to print")
    for letter in letters:
        folder = out_dir / str(letter["id"])
        names = [_download(api, file, folder) for file in letter["files"]]
        click.echo(f"letter {letter['id']}: {', '.join(names)} -> {folder}{batch_note}")


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


def _download(api: Api, file: dict[str, Any], folder: Path) -> str:
    name = f"{file['kind'].removesuffix('_pdf')}.pdf"
    data = api.fetch("GET", file["url"])
    digest = hashlib.sha256(data).hexdigest()
    if digest != file["sha256"]:
        raise click.ClickException(
            f"{folder / name}: sha256 {digest} does not match the listing's {file['sha256']}; "
            "not written.")
    write_atomically(folder / name, data)
    return name


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
