"""A small PDF writer: glyph forms shared by every page, content streams we build ourselves.

reportlab draws one glyph per call at best; writing the objects directly lets a page be one
string of `cm ... Do` operators and makes the bytes depend only on the inputs.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass

from .fontdata import HandFont
from .ink import INK_SPACE, TONES, Ink, palette
from .textlayer import TEXT_FONT_NAME, text_font_objects
from .warp import grid

# Level 2 packs the glyph-placement stream within 15% of level 6 in a fifth of the time.
ZLIB_LEVEL = 2


@dataclass(frozen=True)
class PageSpec:
    width: float
    height: float
    content: str


def _stream_body(entries: str, data: bytes, compressed: bool = True) -> bytes:
    filt = " /Filter /FlateDecode" if compressed else ""
    head = f"<< {entries}{filt} /Length {len(data)} >>\nstream\n".encode("ascii")
    return head + data + b"\nendstream"


class _Objects:
    def __init__(self) -> None:
        self.bodies: list[bytes] = []

    def reserve(self) -> int:
        self.bodies.append(b"")
        return len(self.bodies)

    def put(self, num: int, body: bytes) -> int:
        self.bodies[num - 1] = body
        return num

    def add(self, body: bytes) -> int:
        return self.put(self.reserve(), body)

    def stream(self, entries: str, data: bytes, compressed: bool = True) -> int:
        return self.add(_stream_body(entries, data, compressed))

    def serialise(self, root: int, info: int) -> bytes:
        out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
        offsets = []
        for num, body in enumerate(self.bodies, 1):
            offsets.append(len(out))
            out += b"%d 0 obj\n" % num + body + b"\nendobj\n"
        xref = len(out)
        out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(self.bodies) + 1)
        out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
        out += b"trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R >>\n" % (
            len(self.bodies) + 1,
            root,
            info,
        )
        out += b"startxref\n%d\n%%%%EOF\n" % xref
        return bytes(out)


def write_pdf(
    font: HandFont,
    ink: Ink,
    pages: list[PageSpec],
    used_forms: set[tuple[int, int]],
    used_codes: set[int],
    title: str,
) -> bytes:
    doc = _Objects()
    catalog = doc.reserve()
    pages_obj = doc.reserve()
    xobjects = [
        f"/G{gid}v{drawing} {doc.add(_form_object(font, gid, drawing))} 0 R"
        for gid, drawing in sorted(used_forms)
    ]
    text_font = text_font_objects(doc, used_codes)
    resources = doc.add(
        (
            f"<< /ProcSet [/PDF /Text] /XObject << {' '.join(xobjects)} >> "
            f"/ColorSpace << /{INK_SPACE} [/Indexed /DeviceRGB {TONES - 1} "
            f"<{palette(ink).hex()}>] >> "
            f"/Font << /{TEXT_FONT_NAME} {text_font} 0 R >> >>"
        ).encode("ascii")
    )
    kids = []
    for page in pages:
        data = zlib.compress(page.content.encode("ascii"), ZLIB_LEVEL)
        content = doc.stream("", data)
        kids.append(
            doc.add(
                (
                    f"<< /Type /Page /Parent {pages_obj} 0 R /MediaBox [0 0 {page.width:.2f} "
                    f"{page.height:.2f}] /Resources {resources} 0 R /Contents {content} 0 R >>"
                ).encode("ascii")
            )
        )
    kid_refs = " ".join(f"{k} 0 R" for k in kids)
    doc.put(pages_obj, f"<< /Type /Pages /Kids [{kid_refs}] /Count {len(kids)} >>".encode("ascii"))
    doc.put(catalog, f"<< /Type /Catalog /Pages {pages_obj} 0 R >>".encode("ascii"))
    info = doc.add(
        b"<< /Producer (letters_app handwriting renderer) /Title " + _pdf_text(title) + b" >>"
    )
    return doc.serialise(catalog, info)


def _form_object(font: HandFont, gid: int, drawing: int) -> bytes:
    """A glyph drawing as a form XObject's object body; built once per process, since a
    letter uses a hundred or more of them."""
    key = (font.hand.name, gid, drawing)
    body = _FORM_OBJECTS.get(key)
    if body is None:
        form = font.form(gid, drawing)
        x0, y0, x1, y1 = form.bbox
        matrix = f"{grid(font.upm) / font.upm:.8g}"
        entries = (
            f"/Type /XObject /Subtype /Form /BBox [{x0} {y0} {x1} {y1}]"
            f" /Matrix [{matrix} 0 0 {matrix} 0 0]"
        )
        body = _FORM_OBJECTS[key] = _stream_body(entries, form.stream)
    return body


_FORM_OBJECTS: dict[tuple[str, int, int], bytes] = {}


def _pdf_text(text: str) -> bytes:
    return b"<FEFF" + text.encode("utf-16-be").hex().upper().encode("ascii") + b">"
