from __future__ import annotations

import io

import pytest
from fontTools.fontBuilder import FontBuilder
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont

from letters_app.rendering import LetterStyle, list_hands, normalise_text, render_letter
from letters_app.rendering.textlayer import GLYPHLESS_TTF

from .helpers import page_texts, squash

MARKUP = (
    "Dear <b>Sam</b>,\n\n"
    "<font color=red>not red</font> <img src=x onerror=alert(1)> &lt;tag&gt; &amp; "
    '<script>alert("hi")</script> <para>still text</para> 5 < 6 > 4 & done.\n\n'
    "Yours,\n<i>Al</i>"
)


def test_markup_prints_as_the_characters_typed() -> None:
    pdf = render_letter(MARKUP, LetterStyle(hand="caveat"), 1)
    assert squash(" ".join(page_texts(pdf))) == squash(normalise_text(MARKUP))


def test_text_layer_keeps_ligatures_and_alternates_as_plain_letters() -> None:
    text = (
        "Dear Effie,\n\nThe office staff offered a little letter, affluent and baffled."
        "\n\nLove,\nBo"
    )
    pdf = render_letter(text, LetterStyle(hand="caveat"), 5)
    assert squash(" ".join(page_texts(pdf))) == squash(text)


@pytest.mark.parametrize("hand", [h.name for h in list_hands()])
def test_copy_paste_gives_the_letter_text_in_every_hand(hand: str, letter_text: str) -> None:
    pdf = render_letter(letter_text, LetterStyle(hand=hand), 11)
    assert squash(" ".join(page_texts(pdf))) == squash(normalise_text(letter_text))


def test_crossed_out_false_starts_stay_out_of_the_text_layer(letter_text: str) -> None:
    long_text = letter_text.replace("Work has", "Work has " + "beautiful weather " * 120)
    pdf = render_letter(long_text, LetterStyle(hand="caveat", corrections=True), 3)
    words = squash(" ".join(page_texts(pdf))).split()
    assert len(page_texts(pdf)) >= 2
    assert words == normalise_text(long_text).split()
    assert b"1 J" in _uncompressed(pdf)


def _uncompressed(pdf: bytes) -> bytes:
    from .helpers import reader

    return b"".join(page.get_contents().get_data() for page in reader(pdf).pages)


@pytest.mark.parametrize("hand", ["caveat", "dancing_script"])
def test_the_text_layer_is_the_approved_draft_character_for_character(hand: str) -> None:
    draft = (
        "Dear Jo,\n\nYou said \"it's fine\" and I believed you; 'twas ‘curly’ “too”, "
        "café — 5–6 o'clock.\n\nLove,\nAl"
    )
    lines = [line for page in page_texts(render_letter(draft, LetterStyle(hand=hand), 2))
             for line in page.splitlines()]
    assert " ".join(lines) == " ".join(draft.split())


def _build_glyphless_font() -> bytes:
    """The text layer's font as fontTools builds it from its description."""
    builder = FontBuilder(1000, isTTF=True)
    builder.setupGlyphOrder([".notdef", "blank"])
    builder.setupCharacterMap({})
    pen = TTGlyphPen(None)
    for point in ((0, -250), (0, 750), (500, 750), (500, -250)):
        (pen.lineTo if point != (0, -250) else pen.moveTo)(point)
    pen.closePath()
    box = pen.glyph()
    builder.setupGlyf({".notdef": box, "blank": box})
    builder.setupHorizontalMetrics({".notdef": (500, 0), "blank": (500, 0)})
    builder.setupHorizontalHeader(ascent=750, descent=-250)
    builder.setupNameTable({"familyName": "GlyphLessFont", "styleName": "Regular"})
    builder.setupOS2(sTypoAscender=750, sTypoDescender=-250, usWinAscent=750, usWinDescent=250)
    builder.setupPost()
    builder.font["head"].created = builder.font["head"].modified = 0
    builder.font.recalcTimestamp = False
    out = io.BytesIO()
    builder.save(out)
    return out.getvalue()


def test_the_embedded_glyphless_font_is_the_one_its_description_builds() -> None:
    assert _build_glyphless_font() == GLYPHLESS_TTF
    font = TTFont(io.BytesIO(GLYPHLESS_TTF))
    assert font.getGlyphOrder() == [".notdef", "blank"]
    assert font["hmtx"]["blank"] == (500, 0)
