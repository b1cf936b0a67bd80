"""PDF pages to PNG previews, through PDFium (pypdfium2)."""

from __future__ import annotations

import io


def render_previews(pdf: bytes, dpi: int = 80) -> list[bytes]:
    """One PNG per page at the given resolution."""
    # Imported here, not at the top: PDFium takes a tenth of a second to load, and most
    # renders (and `letters render` without --preview-dir) never make a preview.
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    try:
        out = []
        for page in document:
            image = page.render(scale=dpi / 72).to_pil()
            buffer = io.BytesIO()
            # optimize=True searches for a 2% smaller file at six times the cost.
            image.save(buffer, format="PNG")
            out.append(buffer.getvalue())
            page.close()
        return out
    finally:
        document.close()
