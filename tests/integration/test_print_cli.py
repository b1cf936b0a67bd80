"""`letters print` as a print shop runs it: a real subprocess against the app served on a
loopback port (SQLite, tasks in-process), with a real token."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import sqlalchemy as sa
from conftest import LiveServer, signup
from flask import Flask
from letter_steps import letter_id_from, place_order, post_action

from letters_app.domain import accounts
from letters_app.domain.models import Document, Letter, Role

ROOT = Path(__file__).resolve().parents[2]


def letters_cli(*args: str, token: str | None = None,
                env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    env = {**{k: v for k, v in os.environ.items()
              if k not in ("LETTERS_PRINT_TOKEN", "LETTERS_API_URL")}, **(env or {})}
    if token is not None:
        env["LETTERS_PRINT_TOKEN"] = token
    return subprocess.run([sys.executable, "-m", "letters_app.cli", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


def ready_letters(app: Flask, count: int) -> list[int]:
    customer = app.test_client()
    signup(customer)
    ids = [letter_id_from(place_order(customer)) for _ in range(count)]
    for letter_id in ids:
        post_action(customer, letter_id, "approve")
    return ids


def shop_secret(app: Flask) -> str:
    with app.extensions["letters"].db.session() as session:
        shop = accounts.create_user(session, email="press@example.com", name="Press",
                                    password="print shop pw 1", role=Role.PRINTSHOP)
        return accounts.issue_token(session, shop, name="cli",
                                    scopes={"print:read", "print:write"}).secret


def print_files(app: Flask, letter_id: int) -> dict[str, str]:
    """The approved version's PDFs of a letter: file name -> sha256 as stored."""
    with app.extensions["letters"].db.session() as session:
        letter = session.get(Letter, letter_id)
        docs = session.scalars(sa.select(Document).where(
            Document.letter_id == letter_id, Document.version == letter.approved_version,
            Document.kind.in_(["letter_pdf", "envelope_pdf"])))
        return {f"{d.kind.removesuffix('_pdf')}.pdf": d.sha256 for d in docs}


def status_of(app: Flask, letter_id: int) -> str:
    with app.extensions["letters"].db.session() as session:
        return session.get(Letter, letter_id).status


def test_pull_with_batch_downloads_checked_pdfs_then_reports_printed_and_shipped(
        live_app: tuple[Flask, LiveServer], tmp_path: Path) -> None:
    app, server = live_app
    ids = ready_letters(app, 2)
    secret = shop_secret(app)
    out = tmp_path / "press"

    result = letters_cli("print", "pull", "--api", server.url, "--out", str(out), "--batch",
                         "--token", secret)
    assert result.returncode == 0, result.stderr
    announced, batch_line, *lines = result.stdout.strip().splitlines()
    assert announced.startswith("batch ") and announced.endswith(": 2 letter(s) taken to print")
    batch_id = announced.split()[1].rstrip(":")
    batch_folder = out / f"batch-{batch_id}"
    assert batch_line == f"batch files: batch.pdf, manifest.json -> {batch_folder}"
    manifest = json.loads((batch_folder / "manifest.json").read_text())
    assert [item["letter_id"] for item in manifest["items"]] == ids
    assert hashlib.sha256((batch_folder / "batch.pdf").read_bytes()).hexdigest() == \
        manifest["batch_pdf"]["sha256"]
    assert len(lines) == 2
    for letter_id, line in zip(ids, lines, strict=True):
        assert line.startswith(f"letter {letter_id}: letter.pdf, envelope.pdf")
        assert "(batch " in line
        expected = print_files(app, letter_id)
        assert set(expected) == {"letter.pdf", "envelope.pdf"}
        folder = out / str(letter_id)
        assert sorted(p.name for p in folder.iterdir()) == ["envelope.pdf", "letter.pdf"]
        for name, sha256 in expected.items():
            data = (folder / name).read_bytes()
            assert data.startswith(b"%PDF-")
            assert hashlib.sha256(data).hexdigest() == sha256
        assert status_of(app, letter_id) == "printing"

    first = str(ids[0])
    printed = letters_cli("print", "done", first, "--printed", "--api", server.url,
                          token=secret)
    assert printed.returncode == 0, printed.stderr
    assert printed.stdout.strip() == f"letter {first}: printed"
    shipped = letters_cli("print", "done", first, "--shipped", "--tracking", "1Z999AA1",
                          "--api", server.url, token=secret)
    assert shipped.returncode == 0, shipped.stderr
    assert shipped.stdout.strip() == f"letter {first}: shipped, tracking 1Z999AA1"
    assert status_of(app, ids[0]) == "shipped"
    too_long = letters_cli("print", "done", str(ids[1]), "--shipped", "--tracking", "9" * 61,
                           "--api", server.url, token=secret)
    assert too_long.returncode != 0
    assert "see fields. tracking_number: Longer than maximum length 60." in too_long.stderr

    twice = letters_cli("print", "done", first, "--printed", "--api", server.url, token=secret)
    assert twice.returncode == 0, twice.stderr  # a repeated report is harmless
    assert twice.stdout.strip().startswith(f"letter {first}: shipped")

    # The shop lost its files: the open batch is listed and can be fetched again.
    listed = letters_cli("print", "batches", "--api", server.url, token=secret)
    assert listed.stdout.strip() == f"batch {batch_id}: letters {ids[0]}, {ids[1]}"
    # Running the same command again (after a cut-off download) says where the letters went.
    rerun = letters_cli("print", "pull", "--api", server.url, "--out", str(out), "--batch",
                        token=secret)
    assert rerun.returncode == 0, rerun.stderr
    assert rerun.stdout.strip() == (
        f"No letters are ready to print. Open batches: batch {batch_id}: letters {ids[0]}, "
        f"{ids[1]}. `letters print pull --batch-id N` downloads one again and resumes a "
        "download that was cut off.")
    again = letters_cli("print", "pull", "--api", server.url, "--out", str(tmp_path / "again"),
                        "--batch-id", batch_id, token=secret)
    assert again.returncode == 0, again.stderr
    assert (tmp_path / "again" / str(ids[1]) / "letter.pdf").read_bytes().startswith(b"%PDF-")


def test_pull_without_batch_takes_the_token_from_the_environment_and_reserves_nothing(
        live_app: tuple[Flask, LiveServer], tmp_path: Path) -> None:
    app, server = live_app
    [letter_id] = ready_letters(app, 1)
    out = tmp_path / "press"

    result = letters_cli("print", "pull", "--api", server.url, "--out", str(out),
                         token=shop_secret(app))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (f"letter {letter_id}: letter.pdf, envelope.pdf -> "
                                     f"{out / str(letter_id)}")
    for name, sha256 in print_files(app, letter_id).items():
        assert hashlib.sha256((out / str(letter_id) / name).read_bytes()).hexdigest() == sha256
    assert status_of(app, letter_id) == "ready_to_print"


def test_pull_writes_a_pen_plotted_letters_plot_files_checked(
        live_app: tuple[Flask, LiveServer], tmp_path: Path) -> None:
    app, server = live_app
    customer = app.test_client()
    signup(customer)
    letter_id = letter_id_from(place_order(customer, pen_plotted="y", hand="kalam"))
    post_action(customer, letter_id, "approve")
    out = tmp_path / "press"

    result = letters_cli("print", "pull", "--api", server.url, "--out", str(out),
                         token=shop_secret(app))
    assert result.returncode == 0, result.stderr
    with app.extensions["letters"].db.session() as session:
        letter = session.get(Letter, letter_id)
        docs = list(session.scalars(sa.select(Document).where(
            Document.letter_id == letter_id, Document.version == letter.approved_version,
            Document.kind.like("%plot%"))))
    pages = sorted({d.page for d in docs if d.page})
    assert pages and pages[0] == 1
    names = ["letter.pdf", "envelope.pdf",
             *(f"plot-p{p}.{fmt}" for p in pages for fmt in ("gcode", "hpgl", "svg")),
             "envelope.gcode", "envelope.hpgl", "envelope.svg"]
    assert result.stdout.strip() == (f"letter {letter_id}: {', '.join(names)} -> "
                                     f"{out / str(letter_id)}")
    folder = out / str(letter_id)
    assert sorted(p.name for p in folder.iterdir()) == sorted(names)
    for doc in docs:
        fmt = doc.kind.rsplit("_", 1)[1]
        name = f"envelope.{fmt}" if doc.kind.startswith("envelope") else f"plot-p{doc.page}.{fmt}"
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == doc.sha256
    assert (folder / "plot-p1.svg").read_bytes().startswith(b"<?xml")
    assert (folder / "envelope.hpgl").read_bytes().startswith(b"IN;")


def test_bad_token_exits_non_zero_with_one_line(live_app: tuple[Flask, LiveServer],
                                                 tmp_path: Path) -> None:
    app, server = live_app
    ready_letters(app, 1)
    out = tmp_path / "press"

    result = letters_cli("print", "pull", "--api", server.url, "--out", str(out), "--batch",
                         "--token", "lt_not-a-real-token")
    assert result.returncode == 1
    message = result.stderr.strip().splitlines()
    assert len(message) == 1
    assert message[0].startswith("Error: The API refused the token") and "(401)" in message[0]
    assert not out.exists()


def test_file_that_does_not_match_the_listing_is_refused(live_app: tuple[Flask, LiveServer],
                                                          tmp_path: Path) -> None:
    app, server = live_app
    [letter_id] = ready_letters(app, 1)
    stored = app.extensions["letters"].storage.blob_path(print_files(app, letter_id)["letter.pdf"])
    stored.write_bytes(stored.read_bytes() + b"% tampered\n")
    out = tmp_path / "press"

    result = letters_cli("print", "pull", "--api", server.url, "--out", str(out),
                         "--token", shop_secret(app))
    assert result.returncode == 1
    assert len(result.stderr.strip().splitlines()) == 1
    assert "does not match the listing" in result.stderr and "not written" in result.stderr
    assert not (out / str(letter_id) / "letter.pdf").exists()
    assert not list(out.rglob(".*"))  # no temporary files left behind


def test_unreachable_api_is_one_clear_line(tmp_path: Path) -> None:
    result = letters_cli("print", "pull", "--api", "http://127.0.0.1:9", "--out",
                         str(tmp_path / "press"), token="lt_whatever")
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "Error: Cannot reach the API at http://127.0.0.1:9/: [Errno 111] Connection refused"]
