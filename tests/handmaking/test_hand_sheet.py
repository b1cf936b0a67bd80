"""The sample sheet: its layout file, and a PDF whose marks and code a camera can find."""

from __future__ import annotations

import json
from pathlib import Path

import cv2
import numpy as np
import pypdfium2 as pdfium
import pytest
from click.testing import CliRunner

from letters_app.cli import main
from letters_app.handmaking.layout import MARKS, SheetLayout, standard_layout
from letters_app.handmaking.sheet import ARUCO_DICTIONARY, sheet_pdf


def test_the_layout_file_has_exactly_the_issue_shape_and_reads_back() -> None:
    layout = standard_layout("a4")
    data = json.loads(layout.to_json())
    assert set(data) == {"page_size", "boxes"}
    assert data["page_size"] == [595.28, 841.89]
    assert set(data["boxes"][0]) == {"char", "form", "x", "y", "width", "height", "baseline"}
    assert SheetLayout.from_json(layout.to_json()) == layout


def test_the_standard_sheet_has_three_forms_of_small_letters_and_one_of_the_rest() -> None:
    boxes = standard_layout("letter").boxes
    forms = {(b.char, b.form) for b in boxes}
    assert all((c, f) in forms for c in "abcdefghijklmnopqrstuvwxyz" for f in range(3))
    chars = {b.char for b in boxes}
    assert set("AZ09‘’“”–—@&€«»łßœ") <= chars
    assert set(MARKS) <= chars  # accents are written once each and composed
    assert not {"é", "ą", "ü"} & chars
    width, height = standard_layout("letter").page_size
    assert all(b.x >= 0 and b.y >= 0 and b.x + b.width <= width and b.y + b.height <= height
               for b in boxes)


@pytest.mark.parametrize("text, why", [
    ("{}", "page_size"),
    ('{"page_size": [612, 792], "boxes": []}', "no boxes"),
    ('{"page_size": [612, 792], "boxes": [{"char": "a", "form": 0, "x": 600, "y": 10, '
     '"width": 40, "height": 40, "baseline": 30}]}', "off the page"),
    ('{"page_size": [612, 792], "boxes": [{"char": "ab", "form": 0, "x": 6, "y": 10, '
     '"width": 40, "height": 40, "baseline": 30}]}', "bad box"),
])
def test_a_broken_layout_file_says_what_is_wrong(text: str, why: str) -> None:
    with pytest.raises(ValueError, match=why):
        SheetLayout.from_json(text)


@pytest.mark.parametrize("paper, ids", [("letter", [0, 1, 2, 3]), ("a4", [4, 5, 6, 7])])
def test_the_printed_sheet_shows_four_marks_and_its_id_as_a_code(paper: str, ids: list) -> None:
    document = pdfium.PdfDocument(sheet_pdf(standard_layout(paper), "cust-42_x"))  # type: ignore[arg-type]
    assert len(document) == 1
    page = document[0]
    text = page.get_textpage().get_text_range()
    image = np.asarray(page.render(scale=150 / 72).to_pil().convert("L"))
    document.close()
    detector = cv2.aruco.ArucoDetector(cv2.aruco.getPredefinedDictionary(ARUCO_DICTIONARY))
    _, found, _ = detector.detectMarkers(image)
    assert sorted(found.ravel().tolist()) == ids
    decoded, _, _ = cv2.QRCodeDetector().detectAndDecode(image)
    assert decoded == "HAND1:cust-42_x"
    assert "Sheet cust-42_x" in text and "accent of é" in text


def test_the_guides_and_labels_are_cyan_so_the_reader_can_drop_them() -> None:
    document = pdfium.PdfDocument(sheet_pdf(standard_layout("letter"), "abc"))
    rgb = np.asarray(document[0].render(scale=100 / 72).to_pil().convert("RGB")).astype(int)
    document.close()
    grid = rgb[150:1000, 60:-60]  # inside the boxes: no black marks, no header text
    printed = grid[grid.min(axis=2) < 240]
    assert len(printed) > 1000
    assert (printed.max(axis=1) >= 225).mean() > 0.97  # their brightest channel is paper


def test_letters_hand_sheet_writes_the_pdf_and_refuses_a_bad_id(tmp_path: Path) -> None:
    out = tmp_path / "sheet.pdf"
    runner = CliRunner()
    result = runner.invoke(main, ["hand", "sheet", "--paper", "a4", "--out", str(out),
                                  "--sheet-id", "s-1"])
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"%PDF") and "sheet s-1" in result.output
    layout = tmp_path / "layout.json"
    layout.write_text(standard_layout("letter").to_json())
    result = runner.invoke(main, ["hand", "sheet", "--layout", str(layout), "--out", str(out)])
    assert result.exit_code == 0, result.output
    result = runner.invoke(main, ["hand", "sheet", "--out", str(out), "--sheet-id", "no spaces"])
    assert result.exit_code == 1 and "Error: a sheet id is" in result.output
    assert "Traceback" not in result.output
    layout.write_text("{not json")
    result = runner.invoke(main, ["hand", "sheet", "--layout", str(layout), "--out", str(out)])
    assert result.exit_code == 1 and "not a sheet layout" in result.output
