"""A staff member's quick look at a version in the customer's hand, ink and paper.

Rendered here and now, not through the worker: a page renders in well under a second, and a
look queued on the renders queue would wait behind every final render in a busy hour. Nothing
is stored: the customer's proof is made (and kept) only when the letter is released.
"""

from __future__ import annotations

from dataclasses import dataclass

from letters_app import rendering
from letters_app.domain.length_check import LengthCheck, check_length
from letters_app.domain.letter_inputs import style_of
from letters_app.domain.models import DraftVersion, Letter

PREVIEW_DPI = 60


@dataclass(frozen=True)
class Preview:
    pages: list[bytes]  # PNG images, one per page
    length: LengthCheck


def preview(letter: Letter, version: DraftVersion) -> Preview:
    """Raises rendering.RenderError when the text cannot be drawn in this style."""
    pdf = rendering.render_letter(version.text, style_of(letter), seed=letter.seed)
    return Preview(rendering.render_previews(pdf, dpi=PREVIEW_DPI),
                   check_length(letter, version.text))
