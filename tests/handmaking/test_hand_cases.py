"""What phones, scanners and customers do to a sheet: the ones we read, and the ones we refuse
with what to do instead."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image
from reportlab.pdfgen.canvas import Canvas

from letters_app.handmaking.build import HandRefused, build_hand
from letters_app.handmaking.layout import standard_layout
from letters_app.handmaking.report import BoxStatus
from letters_app.handmaking.sheet import qr_square

from .measure import glyph_ious
from .simulate import (
    PX,
    cover_marks,
    filled_sheet,
    fit_to_a4,
    photographed,
    png,
    printed_sheet,
    scanned,
)

LETTER = standard_layout("letter")


@pytest.fixture(scope="module")
def filled() -> np.ndarray:
    return filled_sheet("indie_flower", sheet_id="case-1", seed=11)[0]


def _read_well(data: bytes) -> None:
    built = build_hand(data, family_name="Case")
    assert built.sheet_id == "case-1" and built.paper == "letter"
    read = sum(b.status in (BoxStatus.READ, BoxStatus.OVER_BORDER) for b in built.report.boxes)
    assert read == len(LETTER.boxes) and built.report.missing_chars == []


def test_an_upside_down_photo_is_read(filled: np.ndarray) -> None:
    _read_well(photographed(filled, seed=4, upside_down=True))


def test_a_photo_half_in_the_phone_s_shadow_is_read(filled: np.ndarray) -> None:
    _read_well(photographed(filled, seed=9, shadow=0.5))


def test_a_letter_sheet_printed_fit_to_page_on_a4_is_read(filled: np.ndarray) -> None:
    _read_well(scanned(fit_to_a4(filled), seed=3))


def test_a_thumb_over_one_corner_mark_is_read(filled: np.ndarray) -> None:
    _read_well(photographed(cover_marks(filled, LETTER, 1), seed=5))


def test_a_photo_lying_on_its_side_with_an_exif_orientation_is_read(filled: np.ndarray) -> None:
    picture = Image.fromarray(np.ascontiguousarray(np.rot90(filled)))
    exif = picture.getexif()
    exif[0x0112] = 8  # "rotate 90° clockwise to view"
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=88, exif=exif)
    _read_well(out.getvalue())


def test_a_small_phone_photo_is_read_as_a_colour_print(filled: np.ndarray) -> None:
    photo = Image.open(io.BytesIO(photographed(filled, seed=7))).resize((1200, 1600))
    out = io.BytesIO()
    photo.save(out, "JPEG", quality=80)
    built = build_hand(out.getvalue(), family_name="Small")
    assert built.report.missing_chars == [] and not built.report.black_and_white


def test_a_png_and_a_one_page_pdf_scan_are_read(filled: np.ndarray) -> None:
    _read_well(png(filled[::2, ::2]))  # a 150 dpi scan
    out = io.BytesIO()
    Image.fromarray(filled).save(out, "PDF", resolution=300)
    _read_well(out.getvalue())


def test_a_png_scan_with_a_transparent_background_is_read_as_white_paper(
        filled: np.ndarray) -> None:
    # Scanner and "remove background" apps save the paper as transparent pixels, whose colour
    # is usually black: read as it is, the whole sheet would be ink.
    page = filled[::2, ::2]
    rgba = np.dstack([page, np.full(page.shape[:2], 255, np.uint8)])
    paper = page.min(axis=2) > 200
    rgba[paper] = 0
    out = io.BytesIO()
    Image.fromarray(rgba, "RGBA").save(out, "PNG")
    _read_well(out.getvalue())


def test_an_iphone_heic_photo_is_read(filled: np.ndarray) -> None:
    from pillow_heif import from_pillow

    # At 150 dpi: HEIC encoding is slow, decoding (what the service does) is not.
    out = io.BytesIO()
    from_pillow(Image.fromarray(np.ascontiguousarray(filled[::2, ::2]))).save(out, quality=80)
    _read_well(out.getvalue())


def test_an_a4_sheet_is_read_as_a4() -> None:
    a4, _ = filled_sheet("caveat", paper="a4", sheet_id="a4-sheet", seed=2)
    built = build_hand(photographed(a4, seed=3), family_name="A4")
    assert (built.sheet_id, built.paper) == ("a4-sheet", "a4")
    assert built.report.missing_chars == []


def test_pen_on_a_black_and_white_print_works_with_a_word_about_colour() -> None:
    grey, _ = filled_sheet("caveat", sheet_id="case-1", black_and_white=True)
    built = build_hand(scanned(grey), family_name="Grey")
    assert built.report.missing_chars == [] and built.report.black_and_white
    assert any("printed in black and white" in line for line in built.report.advice())


def test_a_bright_blue_ballpoint_reads_as_well_as_a_black_pen() -> None:
    blue, truth = filled_sheet("caveat", sheet_id="case-1", seed=6, pen=(25, 75, 215))
    built = build_hand(photographed(blue, seed=6), family_name="Blue")
    assert built.report.missing_chars == [] and not built.report.faint
    ious = np.array(list(glyph_ious(built.ttf, truth).values()))
    assert np.median(ious) >= 0.85 and np.percentile(ious, 10) >= 0.78


def test_pencil_on_a_colour_print_works_and_asks_for_a_dark_pen() -> None:
    pencil, _ = filled_sheet("caveat", sheet_id="case-1", pencil=True, seed=4)
    built = build_hand(photographed(pencil, seed=6), family_name="Pencil")
    assert built.report.missing_chars == [] and built.report.faint
    assert "Very light writing: use a dark felt-tip or gel pen." in built.report.advice()


def _refused(data: bytes, code: str, words: str) -> None:
    with pytest.raises(HandRefused) as refused:
        build_hand(data, family_name="Refused")
    assert refused.value.code == code
    assert words in refused.value.message


def test_pencil_on_a_black_and_white_print_is_refused() -> None:
    grey, _ = filled_sheet("caveat", sheet_id="case-1", black_and_white=True, pencil=True)
    _refused(scanned(grey), "pencil_on_grey_print", "print the sheet in colour and use a dark pen")


def test_two_hidden_marks_are_refused(filled: np.ndarray) -> None:
    _refused(photographed(cover_marks(filled, LETTER, 2), seed=5), "marks_hidden",
             "with all four corner squares showing")


def test_a_sheet_whose_code_cannot_be_read_is_refused(filled: np.ndarray) -> None:
    covered = filled.copy()
    x, y, side = (round(v * PX) for v in qr_square(LETTER))
    covered[y - 10:y + side + 10, x - 10:x + side + 10] = 240
    _refused(scanned(covered), "no_sheet_id", "code sharp and uncovered")


def test_a_sheet_nobody_wrote_on_is_refused() -> None:
    _refused(scanned(printed_sheet(LETTER, "blank-1")), "nothing_written", "fill in the sheet")


def test_what_is_not_an_image_is_refused() -> None:
    _refused(b"<html>not a photo</html>", "not_an_image", "JPEG, PNG or HEIC, or a one-page PDF")
    _refused(b"%PDF-1.4 broken", "not_an_image", "cannot be opened")
    jpeg = io.BytesIO()
    Image.new("RGB", (800, 600), "white").save(jpeg, "JPEG")
    _refused(jpeg.getvalue()[:2000], "not_an_image", "not an image we can read")  # truncated


def test_too_large_files_and_decompression_bombs_are_refused_before_decoding() -> None:
    _refused(b"\xff\xd8\xff" + bytes(31 * 2**20), "too_large", "over 30 MB")
    bomb = io.BytesIO()
    Image.new("1", (20_000, 20_000)).save(bomb, "PNG")  # 50 KB that would unpack to 400 MP
    assert len(bomb.getvalue()) < 100_000
    _refused(bomb.getvalue(), "too_large", "at most 50 megapixels")


def test_a_multi_page_pdf_is_refused() -> None:
    out = io.BytesIO()
    canvas = Canvas(out)
    canvas.showPage()
    canvas.showPage()
    canvas.save()
    _refused(out.getvalue(), "multi_page_pdf", "That PDF has 2 pages")
