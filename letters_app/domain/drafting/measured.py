"""The template engine's draft for a brief, written to the measured capacity of its paper.

One function for every door: the pipeline, `letters draft` and tests all call
`engine_draft`, so a brief with a seed is one draft wherever it is made.
"""

from __future__ import annotations

from letters_app import rendering
from letters_app.domain.brief import Brief
from letters_app.domain.drafting.engine import write_draft
from letters_app.rendering.letter import lay_out


def engine_draft(brief: Brief, style: rendering.LetterStyle, seed: int, version: int) -> str:
    """The engine's draft of `brief` as draft `version` of a letter whose seed is `seed`.

    The words are chosen with seed + version (a revision reads differently); the pages are
    measured by laying the text out exactly as the letter will be rendered, with `seed` and
    `style`, so the ordered number of pages is what prints, signature included."""

    def fits(text: str) -> bool:
        return page_count(text, style, seed) <= brief.length.pages

    return write_draft(brief, seed=seed + version, fits=fits)


def page_count(text: str, style: rendering.LetterStyle, seed: int) -> int:
    """How many pages the text renders to in this style with this seed."""
    return len(lay_out(rendering.normalise_text(text), style, seed).pages)
