"""The invisible text layer: what copy/paste and search see, exactly the letter's text.

The visible ink is drawn from glyph outlines, so the words are also written once more per
line in text render mode 3 (invisible) with a tiny embedded "glyphless" font whose character
codes are the UTF-16 code units themselves, mapped back by a ToUnicode CMap.
"""

from __future__ import annotations

import base64
import zlib
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .pdfwriter import _Objects

TEXT_FONT_NAME = "T"
ADVANCE = 0.5  # every character is half an em wide; lines are stretched with Tz to fit the ink


def encode(text: str) -> str:
    """A PDF hex string of the text's UTF-16 code units (the font's codes)."""
    return "<" + text.encode("utf-16-be").hex() + ">"


def codes(text: str) -> set[int]:
    """The UTF-16 code units of the text (surrogate pairs for characters beyond the BMP)."""
    out: set[int] = set()
    for ch in set(text):
        data = ch.encode("utf-16-be")
        out.update(int.from_bytes(data[i : i + 2], "big") for i in range(0, len(data), 2))
    return out


def text_font_objects(doc: _Objects, used: set[int]) -> int:
    font_file = doc.stream(f"/Length1 {len(_glyphless_ttf())}", _glyphless_ttf_compressed())
    descriptor = doc.add(
        (
            "<< /Type /FontDescriptor /FontName /GlyphLessFont /Flags 5 "
            "/FontBBox [0 -250 500 750] /ItalicAngle 0 /Ascent 750 /Descent -250 "
            f"/CapHeight 750 /StemV 80 /FontFile2 {font_file} 0 R >>"
        ).encode("ascii")
    )
    cid_to_gid = doc.stream("", _cid_to_gid_map())
    cid_font = doc.add(
        (
            "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /GlyphLessFont "
            "/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
            f"/FontDescriptor {descriptor} 0 R /DW {int(ADVANCE * 1000)} "
            f"/CIDToGIDMap {cid_to_gid} 0 R >>"
        ).encode("ascii")
    )
    to_unicode = doc.stream("", zlib.compress(_to_unicode(used).encode("ascii"), 6))
    return doc.add(
        (
            "<< /Type /Font /Subtype /Type0 /BaseFont /GlyphLessFont /Encoding /Identity-H "
            f"/DescendantFonts [{cid_font} 0 R] /ToUnicode {to_unicode} 0 R >>"
        ).encode("ascii")
    )


def _to_unicode(used: set[int]) -> str:
    ordered = sorted(used)
    chunks = [ordered[i : i + 100] for i in range(0, len(ordered), 100)]
    body = "".join(
        f"{len(chunk)} beginbfchar\n"
        + "".join(f"<{c:04x}> <{c:04x}>\n" for c in chunk)
        + "endbfchar\n"
        for chunk in chunks
    )
    return (
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
        "1 begincodespacerange\n<0000> <ffff>\nendcodespacerange\n"
        f"{body}endcmap\nCMapName currentdict /CMapType get defineresource pop\nend\nend\n"
    )


@cache
def _cid_to_gid_map() -> bytes:
    return zlib.compress(b"\x00\x01" * 65536, 9)


# A two-glyph TrueType font ("GlyphLessFont"): .notdef and one blank, each a 500 x 1000 box
# that is never painted (render mode 3) but gives viewers a selection rectangle the height
# of the handwriting. Kept as bytes: building it with fontTools costs every process start a
# tenth of a second. tests/rendering/test_render_text_layer.py rebuilds it and compares.
GLYPHLESS_TTF = base64.b64decode(
    "AAEAAAAKAIAAAwAgT1MvMkTfQywAAAEoAAAAYGNtYXAADABGAAABkAAAACxnbHlmNwQ3AQAAAcQAAAA0aGVhZGEL"
    "QtQAAACsAAAANmhoZWEE5AD8AAAA5AAAACRobXR4AfQAAAAAAYgAAAAGbG9jYQAaAA0AAAG8AAAABm1heHAABAAG"
    "AAABCAAAACBuYW1lGZ8ZNAAAAfgAAABycG9zdG1nc80AAAJsAAAALAABAAAAAQAAz6oF3V8PPPUAAwPoAAAAAAAA"
    "AAAAAAAAAAAAAAAA/wYB9ALuAAAAAwACAAAAAAAAAAEAAALu/wYAAAH0AAAAAAH0AAEAAAAAAAAAAAAAAAAAAAAB"
    "AAEAAAACAAQAAQAAAAAAAgAAAAAAAAAAAAAAAAAAAAAAAwH0AZAABQAEAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
    "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAPz8/PwAAAAAAAALu/wYAAALuAPoAAAAAAAAAAAAAAAAAAAAgAAAB9AAA"
    "AAAAAAAAAAIAAAADAAAAFAADAAEAAAAUAAQAGAAAAAIAAgAAAAD//wAA//8AAQAAAAAADQAaAAAAAQAA/wYB9ALu"
    "AAMAABURIREB9PoD6PwYAAABAAD/BgH0Au4AAwAAFREhEQH0+gPo/BgAAAAABAA2AAEAAAAAAAEADQAAAAEAAAAA"
    "AAIABwANAAMAAQQJAAEAGgAUAAMAAQQJAAIADgAuR2x5cGhMZXNzRm9udFJlZ3VsYXIARwBsAHkAcABoAEwAZQBz"
    "AHMARgBvAG4AdABSAGUAZwB1AGwAYQByAAAAAgAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAACAAABAgVi"
    "bGFuaw=="
)


def _glyphless_ttf() -> bytes:
    return GLYPHLESS_TTF


@cache
def _glyphless_ttf_compressed() -> bytes:
    return zlib.compress(_glyphless_ttf(), 9)
