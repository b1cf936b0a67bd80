"""A letter ordered "pen-plotted in ink", through the Flask client: priced, refused for a hand
without strokes, proofed with what the pen will draw, rendered into plot files that print shops
list, fetch and find in the batch manifest, and that no other shop can reach."""

from __future__ import annotations

import email
import email.policy
import hashlib
import io
import json
import re
import shutil
from pathlib import Path

import numpy as np
import pytest
import sqlalchemy as sa
from api_steps import business, order_body
from conftest import post_form, signup
from flask import Flask
from flask.testing import FlaskClient
from letter_steps import letter_id_from, place_order, post_action
from PIL import Image
from plotting.helpers import gcode_lines, hpgl_lines, pdf_baselines, svg_lines
from test_print_api import shop_token

from letters_app.domain import pen_plots
from letters_app.domain.models import Document, Letter
from letters_app.domain.proofs import PROOF_DPI
from letters_app.plotting.formats import GcodePen
from letters_app.plotting.preview import INK
from letters_app.rendering import render_previews
from letters_app.rendering.hands import fonts_dir
from letters_app.rendering.paper import MM, get_paper
from letters_app.web.api.order_schemas import CSV_EXAMPLE

PLOT_TYPES = {"svg": "image/svg+xml", "hpgl": "application/vnd.hp-hpgl",
              "gcode": "text/x-gcode"}


def documents(app: Flask, letter_id: int) -> list[Document]:
    with app.extensions["letters"].db.session() as session:
        return list(session.scalars(sa.select(Document).where(Document.letter_id == letter_id)
                                    .order_by(Document.kind, Document.page)))


def stored(app: Flask, sha256: str) -> bytes:
    return app.extensions["letters"].storage.read(sha256)


def off_one_ink(png: bytes) -> float:
    """How far any pixel strays from a blend of the pen's one ink with white: the strokes'
    preview has one flat ink (antialiased edges blend it with white); the PDF's ink varies
    in tone and its proof strays tens of levels."""
    pixels = np.asarray(Image.open(io.BytesIO(png)).convert("RGB"), float).reshape(-1, 3)
    white = np.full(3, 255.0)
    ink = np.array(INK, float) - white
    along = np.clip((pixels - white) @ ink / (ink @ ink), 0, 1)
    return float(np.abs(pixels - white - along[:, None] * ink).max())


def test_the_option_is_a_quote_line_kept_on_the_order_and_named_in_the_email(
        app: Flask, client: FlaskClient) -> None:
    signup(client)
    form = client.get("/letters/new").get_data(as_text=True)
    assert 'name="pen_plotted"' in form and "Pen-plotted in ink" in form
    live = client.get("/letters/quote.json", query_string={
        "length": "page", "paper": "letter", "stationery": "plain", "pen_plotted": "y",
        "deliver_by": "2099-01-01"}).get_json()
    assert [line["label"] for line in live["lines"]][-2:] == ["Pen-plotted in ink",
                                                             "Standard delivery"]
    letter_id = letter_id_from(place_order(client, pen_plotted="y"))
    with app.extensions["letters"].db.session() as session:
        letter = session.get(Letter, letter_id)
        assert letter.pen_plotted
        assert {"label": "Pen-plotted in ink", "cents": 1200} in letter.price_lines
        # order_data: one page, cream, an envelope, priority delivery (ten days away).
        assert letter.price_cents == 2400 + 200 + 300 + 1200 + 800
    page = client.get(f"/letters/{letter_id}").get_data(as_text=True)
    assert "Pen-plotted in ink" in page and "$12.00" in page
    folder = Path(app.extensions["letters"].config.instance_dir) / "mail"
    bodies = [email.message_from_bytes(p.read_bytes(), policy=email.policy.default)
              for p in folder.glob("*.eml")]
    assert bodies and all("Pen-plotted in ink ($12.00): written with a real pen." in str(m)
                          for m in bodies)


def test_a_hand_without_strokes_is_refused_on_the_form_and_the_api(
        app: Flask, client: FlaskClient, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The fonts as shipped, but caveat's single strokes not built: caveat still renders and
    prints, only the pen option is refused, with the reason on the field."""
    fonts = tmp_path / "fonts"
    fonts.mkdir()
    real = fonts_dir()
    for entry in real.iterdir():
        if entry.name != "strokes":
            (fonts / entry.name).symlink_to(entry)
    (fonts / "strokes").mkdir()
    shutil.copy(real / "strokes" / "kalam.json.gz", fonts / "strokes")
    monkeypatch.setenv("LETTERS_FONTS_DIR", str(fonts))
    signup(client)

    refused = place_order(client, hand="caveat", pen_plotted="y")
    assert refused.status_code == 200, "a refused order re-shows the form"
    text = refused.get_data(as_text=True)
    assert "Caveat cannot be pen-plotted yet; choose another hand or untick this." in text
    assert re.search(r'value="Catherine Klausen"', text)  # nothing typed is lost
    headers = business(app)
    answer = client.post("/api/v1/orders", json=order_body(pen_plotted=True), headers=headers)
    assert answer.status_code == 422
    refusal = "Caveat cannot be pen-plotted yet; choose another hand or untick this."
    assert answer.get_json()["fields"] == {"pen_plotted": refusal}
    assert client.post("/api/v1/orders", json=order_body(hand="kalam", pen_plotted=True),
                       headers=headers).status_code == 201
    shared = {k: v for k, v in order_body(pen_plotted=True).items()
              if k not in ("recipient_name", "recipient_salutation", "address")}
    bulk = client.post("/api/v1/orders/bulk", headers=headers, json={
        "csv": CSV_EXAMPLE, "shared": shared, "confirm": False}).get_json()
    assert [row["errors"] for row in bulk["rows"]] == [{"pen_plotted": refusal}] * 2
    assert client.post("/api/v1/orders", json=order_body(), headers=headers).status_code == 201


def test_proof_final_plot_files_print_api_and_manifest(app: Flask, client: FlaskClient) -> None:
    signup(client)
    letter_id = letter_id_from(place_order(client, pen_plotted="y", paper="a5",
                                           hand="dancing_script", length="two_pages"))

    # The proof: drawn from the strokes (one flat ink, no thick and thin), said on the page.
    page = client.get(f"/letters/{letter_id}").get_data(as_text=True)
    assert "what the pen will draw" in page
    proof = [d for d in documents(app, letter_id) if d.kind == "proof_png"]
    envelope_proof = [d for d in documents(app, letter_id) if d.kind == "envelope_png"]
    with app.extensions["letters"].db.session() as session:
        letter = session.get(Letter, letter_id)
        text = letter.latest_version.text
        sheets = pen_plots.letter_sheets(letter, text)
        expected = pen_plots.previews(sheets, PROOF_DPI)
    assert len(proof) == len(sheets) >= 2
    assert [stored(app, d.sha256) for d in proof] == expected
    assert envelope_proof
    assert all(off_one_ink(stored(app, d.sha256)) < 2 for d in proof + envelope_proof)
    served = client.get(f"/letters/{letter_id}/files/{proof[0].id}")
    assert served.status_code == 200 and served.data == expected[0]

    post_action(client, letter_id, "approve")
    docs = documents(app, letter_id)
    plots = [d for d in docs if d.kind in pen_plots.PLOT_KINDS]
    pages = len(sheets)
    assert sorted((d.kind, d.page) for d in plots) == sorted(
        [(f"plot_{fmt}", p) for fmt in PLOT_TYPES for p in range(1, pages + 1)]
        + [(f"envelope_plot_{fmt}", 0) for fmt in PLOT_TYPES])
    assert all(d.content_type == PLOT_TYPES[d.kind.rsplit("_", 1)[1]] for d in plots)

    # The files read back by independent parsers: strokes only, inside the margins, the PDF's
    # pages and lines.
    by_key = {(d.kind, d.page): stored(app, d.sha256) for d in docs}
    pdf = by_key[("letter_pdf", 0)]
    baselines = pdf_baselines(pdf)
    assert len(baselines) == pages
    paper = get_paper("a5")
    for number in range(1, pages + 1):
        svg = by_key[("plot_svg", number)]
        doc, lines = svg_lines(svg)
        body = svg.decode()
        assert doc.width == pytest.approx(paper.width / MM, abs=0.01)
        assert "<text" not in body and "<image" not in body
        assert "fill=" not in body.replace('fill="none"', "")
        pts = np.concatenate(lines)
        left, right = paper.left / MM - 6, (paper.width - paper.right) / MM + 6
        assert left < pts[:, 0].min() and pts[:, 0].max() < right
        assert paper.top / MM - 6 < pts[:, 1].min() and pts[:, 1].max() < doc.height - 3
        # Below the bottom margin only the page number, as in the PDF.
        low = [s for s in lines if np.median(s[:, 1]) > (paper.height - paper.bottom) / MM + 6]
        assert len(low) <= 6
        assert _lines_of(lines, doc.height, baselines[number - 1], paper.bottom) == len(
            baselines[number - 1])
        assert len(hpgl_lines(by_key[("plot_hpgl", number)])) == len(lines)
        pen = GcodePen()
        assert len(gcode_lines(by_key[("plot_gcode", number)], pen.down, pen.up)) == len(lines)
    envelope_doc, envelope_lines = svg_lines(by_key[("envelope_plot_svg", 0)])
    assert 'inkscape:label="2 envelope"' in by_key[("envelope_plot_svg", 0)].decode()
    assert envelope_lines and envelope_doc.width > envelope_doc.height
    final_previews = [by_key[("preview_png", p)] for p in range(1, pages + 1)]
    assert all(off_one_ink(png) < 2 for png in final_previews)
    assert off_one_ink(render_previews(pdf, dpi=PROOF_DPI)[0]) > 10  # what it is not

    # The print API lists them with checksums and serves them with their types.
    headers, _ = shop_token(app)
    shop = app.test_client()
    [listed] = shop.get("/api/v1/print/letters", headers=headers).get_json()["letters"]
    assert listed["pen_plotted"] is True
    files = {(f["kind"], f.get("page", 0)): f for f in listed["files"]}
    assert set(files) == {(d.kind, d.page) for d in plots} | {("letter_pdf", 0),
                                                             ("envelope_pdf", 0)}
    svg_file = files[("plot_svg", 2)]
    assert svg_file["url"] == f"/api/v1/print/letters/{letter_id}/files/plot_svg?page=2"
    got = shop.get(svg_file["url"], headers=headers)
    assert got.status_code == 200 and got.mimetype == "image/svg+xml"
    assert hashlib.sha256(got.data).hexdigest() == svg_file["sha256"] == got.headers["ETag"][1:-1]
    assert f'filename=letter-{letter_id}-p2.svg' in got.headers["Content-Disposition"]
    ranged = shop.get(svg_file["url"], headers={**headers, "Range": "bytes=0-99"})
    assert ranged.status_code == 206 and ranged.data == got.data[:100]
    gcode = shop.get(files[("envelope_plot_gcode", 0)]["url"], headers=headers)
    assert gcode.mimetype == "text/x-gcode" and gcode.data.startswith(b"; envelope sheet")
    hpgl = shop.get(files[("plot_hpgl", 1)]["url"], headers=headers)
    assert hpgl.mimetype == "application/vnd.hp-hpgl" and hpgl.data.startswith(b"IN;")
    for junk in ("99", "x", "-1", ""):
        assert shop.get(f"/api/v1/print/letters/{letter_id}/files/plot_svg?page={junk}",
                        headers=headers).status_code == 404

    # The batch manifest lists every plot file with its checksum.
    made = shop.post("/api/v1/print/batches", json={"letter_ids": [letter_id]},
                     headers={**headers, "Idempotency-Key": "pen-1"}).get_json()
    manifest_url = next(f["url"] for f in made["files"] if f["kind"] == "manifest")
    manifest = json.loads(shop.get(manifest_url, headers=headers).data)
    [item] = manifest["items"]
    assert item["pen_plotted"] is True
    assert {(f["kind"], f["page"], f["sha256"]) for f in item["plot_files"]} == {
        (d.kind, d.page, d.sha256) for d in plots}
    # Once it is this shop's, another shop's token finds none of its files.
    other, _ = shop_token(app, email="rival@example.com")
    assert shop.get(svg_file["url"], headers=other).status_code == 404
    assert shop.get(f"/api/v1/print/letters/{letter_id}/files/letter_pdf",
                    headers=other).status_code == 404


def _lines_of(lines: list[np.ndarray], height: float, baselines: list[float],
              bottom: float) -> int:
    """How many of the PDF's text lines the strokes of a sheet fall on."""
    ys = np.array(baselines)
    hit = set()
    for stroke in lines:
        y = (height - float(np.median(stroke[:, 1]))) * MM
        if y < bottom:
            continue  # the page number
        under = np.flatnonzero(ys <= y + 0.45 * float(np.median(-np.diff(ys))))
        if len(under):
            hit.add(int(under[0]))
    return len(hit)


def test_a_corrected_address_redraws_the_envelope_plot_files(app: Flask,
                                                              client: FlaskClient) -> None:
    signup(client)
    letter_id = letter_id_from(place_order(client, pen_plotted="y", hand="kalam",
                                           length="note"))
    post_action(client, letter_id, "approve")
    before = {(d.kind, d.page): d.sha256 for d in documents(app, letter_id)}
    response = post_form(client, f"/letters/{letter_id}/edit", {
        "recipient_name": "Catherine Klausen", "address_street_address": "9 Pine Street",
        "address_city": "Oakland", "address_postal_code": "94610",
        "address_country_area": "CA", "address_country_code": "US"})
    assert response.status_code == 302
    after = {(d.kind, d.page): d.sha256 for d in documents(app, letter_id)}
    assert set(after) == set(before)
    envelope = {key for key in before if key[0].startswith("envelope")}
    assert {key for key in before if before[key] != after[key]} == envelope
    svg = stored(app, after[("envelope_plot_svg", 0)])
    assert len(svg_lines(svg)[1]) != len(svg_lines(stored(app, before[("envelope_plot_svg",
                                                                            0)]))[1])
    assert off_one_ink(stored(app, after[("envelope_png", 1)])) < 2
