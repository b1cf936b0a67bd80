"""Sheets filled in by a stock hand, scanned and photographed, become a font close to what was
drawn, that passes the OpenType sanitiser and writes letters through our renderer."""

from __future__ import annotations

import io
import json
import unicodedata
from pathlib import Path

import numpy as np
import ots
import pypdf
import pytest
from click.testing import CliRunner
from fontTools.ttLib import TTFont

from letters_app.cli import main
from letters_app.handmaking.build import BuiltHand, build_hand
from letters_app.handmaking.fontbuild import glyph_name
from letters_app.handmaking.layout import EM, SheetLayout, standard_layout
from letters_app.handmaking.report import BoxResult, BoxStatus, HandReport
from letters_app.handmaking.strokes import stroke_table
from letters_app.plotting.formats import write
from letters_app.plotting.letter import plot_letter
from letters_app.rendering import LetterStyle, coverage, render_letter
from letters_app.rendering.fontdata import load_font

from .measure import glyph_ious, hand_folder
from .simulate import PX, Drawn, filled_sheet, photographed, scanned

HAND = "caveat"
STANDARD = standard_layout("letter")
LANGUAGES = {
    "Polish": "aąbcćdeęfghijklłmnńoóprsśtuwyzźżAĄBCĆDEĘFGHIJKLŁMNŃOÓPRSŚTUWYZŹŻ",
    "Czech": "aábcčdďeéěfghiíjklmnňoópqrřsštťuúůvwxyýzžAÁBCČDĎEÉĚFGHIÍJKLMNŇOÓPQRŘSŠTŤUÚŮVWXYÝZŽ",
    "German": "äöüßÄÖÜ„“‚‘",
    "French": "àâæçéèêëîïôœùûüÿÀÂÆÇÉÈÊËÎÏÔŒÙÛÜŸ«»",
    "punctuation": ".,;:!?'\"‘’“”-–—()&@/%€…",
}
Truth = dict[tuple[str, int], Drawn]


@pytest.fixture(scope="module")
def sheet() -> tuple[np.ndarray, Truth]:
    return filled_sheet(HAND, sheet_id="cust-7", seed=3)


@pytest.fixture(scope="module")
def from_scan(sheet: tuple[np.ndarray, Truth]) -> BuiltHand:
    return build_hand(scanned(sheet[0], seed=1), family_name="Anna Scan")


@pytest.fixture(scope="module")
def from_photo(sheet: tuple[np.ndarray, Truth]) -> BuiltHand:
    return build_hand(photographed(sheet[0], seed=2), family_name="Zoë’s hand 漢")


@pytest.mark.parametrize("source", ["from_scan", "from_photo"])
def test_every_glyph_is_close_to_what_was_drawn(source: str, sheet: tuple, request) -> None:
    built: BuiltHand = request.getfixturevalue(source)
    ious = np.array(list(glyph_ious(built.ttf, sheet[1]).values()))
    assert len(ious) == len(sheet[1]) >= 150
    assert np.median(ious) >= 0.85
    assert np.percentile(ious, 10) >= 0.78
    assert built.sheet_id == "cust-7" and built.paper == "letter"
    assert all(b.status is BoxStatus.READ for b in built.report.boxes)
    assert built.report.missing_chars == [] and built.report.advice() == []


def test_glyphs_sit_on_the_baseline_they_were_written_on(from_scan: BuiltHand,
                                                         sheet: tuple[np.ndarray, Truth]) -> None:
    font = TTFont(io.BytesIO(from_scan.ttf))
    glyf, hmtx = font["glyf"], font["hmtx"]
    units_per_px = 1000 / (EM * 300)
    for char in "abcdefghijklmnopqrstuvwxyz":
        for form in range(3):
            drawn = sheet[1][(char, form)]
            rows = np.flatnonzero((drawn.coverage >= 0.5).any(axis=1))
            lowest = (drawn.baseline - (drawn.top + rows[-1] + 1)) * units_per_px
            glyph = glyf[glyph_name(char, form)]
            assert abs(glyph.yMin - lowest) < 20, (char, form, glyph.yMin, lowest)
            assert hmtx[glyph_name(char, form)][0] > 100


def test_the_font_passes_the_opentype_sanitiser(from_photo: BuiltHand, tmp_path: Path) -> None:
    path = tmp_path / "hand.ttf"
    path.write_bytes(from_photo.ttf)
    checked = ots.sanitize(str(path), str(tmp_path / "out.ttf"), capture_output=True)
    assert checked.returncode == 0, checked.stderr


def test_the_font_has_the_three_forms_behind_salt_and_no_random_features(
        from_photo: BuiltHand) -> None:
    font = TTFont(io.BytesIO(from_photo.ttf))
    assert font["head"].unitsPerEm == 1000
    tags = {record.FeatureTag for record in font["GSUB"].table.FeatureList.FeatureRecord}
    assert tags == {"salt"}
    lookup = font["GSUB"].table.LookupList.Lookup[0].SubTable[0]
    assert lookup.alternates["a"] == ["a.alt1", "a.alt2"]
    assert lookup.alternates["aacute"] == ["aacute.alt1", "aacute.alt2"]
    os2 = font["OS/2"]
    assert os2.version == 4 and os2.fsSelection & 0x80  # USE_TYPO_METRICS
    assert os2.sxHeight == 450 and os2.sTypoAscender == 900 and os2.sTypoDescender == -350
    assert font["name"].getDebugName(1) == "Zoë’s hand 漢"
    assert font["name"].getDebugName(6) == "Zoshand-Regular"


def test_accented_letters_are_the_base_letter_with_the_written_accent(from_scan: BuiltHand) -> None:
    font = TTFont(io.BytesIO(from_scan.ttf))
    glyf = font["glyf"]
    e_acute = glyf["eacute"]
    assert [c.glyphName for c in e_acute.components] == ["e", "mark.acute"]
    accent = e_acute.components[1]
    glyf["mark.acute"].recalcBounds(glyf)
    glyf["e"].recalcBounds(glyf)
    assert glyf["mark.acute"].yMin + accent.y > glyf["e"].yMax  # the accent sits above
    assert [c.glyphName for c in glyf["aogonek"].components] == ["a", "mark.ogonek"]
    assert [c.glyphName for c in glyf["iacute"].components] == ["dotlessi", "mark.acute"]
    assert [c.glyphName for c in glyf["dcaron"].components] == ["d", "quoteright"]


def test_it_covers_what_the_stock_hand_covers_for_our_languages(
        from_photo: BuiltHand, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    stock = {lang: coverage(text, HAND) for lang, text in LANGUAGES.items()}
    monkeypatch.setenv("LETTERS_FONTS_DIR", str(hand_folder(tmp_path / "fonts", from_photo.ttf)))
    for language, text in LANGUAGES.items():
        assert coverage(text, "own") == stock[language] == "", language
    composed = set(from_photo.report.composed)
    assert {"é", "ů", "ż", "Ÿ", "„", "ő", "ă", "ā"} <= composed
    assert all(unicodedata.normalize("NFD", c) != c or c in "\"'„‚…ı" for c in composed)


def test_it_writes_a_letter_through_the_renderer_with_its_forms(
        from_photo: BuiltHand, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LETTERS_FONTS_DIR", str(hand_folder(tmp_path / "fonts", from_photo.ttf)))
    font = load_font("own")
    assert font.alternates[font.gid("a")] and font.has(" ")
    text = "Dear Ola,\n\nŻółć i gęślą jaźń — “a banana”, 12 o’s… Grüße, Žluťoučký kůň."
    pdf = render_letter(text, LetterStyle(hand="own"), seed=4)
    extracted = pypdf.PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "Żółć" in extracted and "Žluťoučký" in extracted
    assert coverage("Danish ø", "own") == "ø"  # the coverage check names what it lacks


def test_a_sheet_of_its_own_layout_gives_a_hand_the_pen_plotter_writes_with(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A layout of a few boxes (the sheet's own positions): fewer glyphs to skeletonise.
    wanted = set("DOearlłoznwku.,") | {"\u0301", "\u0307", "\u030a", "\u030c"}
    layout = SheetLayout(STANDARD.page_size, [b for b in STANDARD.boxes if b.char in wanted])
    page, _ = filled_sheet(HAND, sheet_id="few-1", seed=8, layout=layout)
    built = build_hand(scanned(page, seed=4), family_name="Few", layout=layout)
    assert built.report.missing_chars == [] and len(built.report.boxes) == len(layout.boxes)
    strokes = stroke_table(built.ttf)
    folder = hand_folder(tmp_path / "fonts", built.ttf, name="own_plot", strokes=strokes)
    monkeypatch.setenv("LETTERS_FONTS_DIR", str(folder))
    sheets = plot_letter("Dear Ola, żółw kůň.", LetterStyle(hand="own_plot"), seed=2)
    svg = write(sheets[0], "svg").decode()
    assert svg.count("<path") + svg.count("<polyline") >= 10


@pytest.fixture(scope="module")
def gaps() -> np.ndarray:
    """A sheet with q, @ and one b left empty and k, m written over their borders."""
    page, _ = filled_sheet(HAND, sheet_id="gaps-1", seed=5,
                           empty=frozenset({("q", 0), ("q", 1), ("q", 2), ("@", 0), ("b", 1),
                                            ("\u0306", 0)}),
                           over_border=frozenset({("k", 0), ("m", 1)}))
    # An ink blot over most of the box of x (first form): no letter can be read from it.
    box = next(b for b in STANDARD.boxes if (b.char, b.form) == ("x", 0))
    x, y = round(box.x * PX), round(box.y * PX)
    page[y + 15:y + round(box.height * PX) - 15, x + 15:x + round(box.width * PX) - 15] = 30
    return page


def test_the_report_names_empty_boxes_and_letters_over_the_border(gaps: np.ndarray) -> None:
    built = build_hand(scanned(gaps, seed=2), family_name="Gaps")
    report = built.report
    status = {(b.char, b.form): b.status for b in report.boxes}
    assert status[("q", 1)] is BoxStatus.EMPTY and status[("b", 1)] is BoxStatus.EMPTY
    assert status[("k", 0)] is BoxStatus.OVER_BORDER and status[("m", 1)] is BoxStatus.OVER_BORDER
    assert status[("x", 0)] is BoxStatus.UNREADABLE and status[("x", 1)] is BoxStatus.READ
    assert report.missing_chars == ["q", "@", "\u0306"]
    advice = report.advice()
    assert advice[0] == ("You left q, the at sign (@) and the breve (˘) accent empty: fill "
                         "them in and upload the sheet again. Until then a letter that needs "
                         "them cannot be written in your hand, and the sample leaves them out.")
    assert any("ran over the box border (k and m)" in line for line in advice)
    assert any("fewer than three forms of b and x" in line for line in advice)
    assert "We could not read the box of x: write one character per box" in advice[1]
    font = TTFont(io.BytesIO(built.ttf))
    assert ord("q") not in font.getBestCmap() and "b.alt2" not in font.getGlyphOrder()
    assert json.loads(report.to_json())["missing_chars"] == ["q", "@", "\u0306"]
    assert "ă" not in report.composed and "ā" in report.composed


def test_letters_hand_build_writes_the_font_and_the_report(gaps: np.ndarray,
                                                           tmp_path: Path) -> None:
    image = tmp_path / "sheet.jpg"
    image.write_bytes(photographed(gaps, seed=9))
    out, report = tmp_path / "hand.ttf", tmp_path / "report.json"
    result = CliRunner().invoke(main, ["hand", "build", str(image), "--out", str(out),
                                       "--report", str(report)])
    assert result.exit_code == 0, result.output
    assert "sheet gaps-1, letter" in result.output
    assert "You left q, the at sign (@) and" in result.output
    assert TTFont(out)["name"].getDebugName(1) == "My Hand"
    assert json.loads(report.read_text())["boxes"][0] == {"char": "a", "form": 0,
                                                          "status": "read"}
    image.write_bytes(b"GIF89a nonsense")
    result = CliRunner().invoke(main, ["hand", "build", str(image), "--out", str(out)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.output.startswith("Error: not_an_image: That file is not an image")


def test_a_half_filled_sheet_is_told_what_is_missing_in_plain_words() -> None:
    # The second half of the sheet left empty: capitals, digits, punctuation and accents.
    boxes = STANDARD.boxes
    empty = {(b.char, b.form) for b in boxes[len(boxes) // 2:]}
    missing = sorted({char for char, _ in empty}, key=[b.char for b in boxes].index)
    report = HandReport(boxes=[BoxResult(b.char, b.form, BoxStatus.EMPTY if (b.char, b.form)
                                         in empty else BoxStatus.READ) for b in boxes],
                        missing_chars=missing)
    said = report.advice()[0]
    assert said.startswith("You left the capitals A to Z, the digits 0 to 9, the full stop (.), "
                           "the comma (,), the semicolon (;), the colon (:), ")
    assert "the hyphen (-), the en dash (–), the em dash (—)" in said
    assert "the breve (˘) accent and the double acute (˝) accent empty" in said
    assert "nearest stock hand" not in said  # nothing stands in: the renderer refuses them
