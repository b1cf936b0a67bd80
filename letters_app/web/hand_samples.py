"""Sample images of each hand for the order form, rendered on first use and kept in memory."""

from __future__ import annotations

import functools
import io

from PIL import Image

from letters_app import rendering

SAMPLE_TEXT = "Dear Sam,\n\nI think of you every time the kettle sings.\n\nAlways,\nAlex"
# A customer's own hand, shown before they accept it: every small letter, capitals, digits
# and punctuation, and doubled letters, where their three forms take turns.
PARAGRAPH = ("Dear Jo,\n\nThe quick brown fox jumps over the lazy dog, and I keep "
             "thinking of our summer by the sea: 17 happy days, all too short! Will you "
             "come in September? Bring the cookbook, the map and your good coffee.\n\n"
             "Love,\nMax")
SAMPLE_DPI = 130
PADDING = 12


@functools.cache
def sample_png(hand_name: str) -> bytes:
    """A card in `hand_name`, cropped to the writing. KeyError for unknown hands."""
    if hand_name not in {hand.name for hand in rendering.list_hands()}:
        raise KeyError(hand_name)
    return _card(hand_name, SAMPLE_TEXT)


def own_sample_png(hand_name: str) -> bytes:
    """The order form's card in a customer's own hand (the caller checked it is theirs)."""
    return _cached_card(hand_name, SAMPLE_TEXT)


def paragraph_png(hand_name: str) -> bytes:
    """A customer's own hand writing the sample paragraph (the caller checked it is theirs);
    missing characters are left out, so a gap in the sheet never hides the whole sample."""
    font = rendering.get_hand(hand_name)  # raises UnknownHand before anything is drawn
    missing = set(rendering.coverage(PARAGRAPH, font.name))
    return _cached_card(hand_name, "".join(ch for ch in PARAGRAPH if ch not in missing))


@functools.lru_cache(maxsize=64)  # an own hand's name names its font: never stale
def _cached_card(hand_name: str, text: str) -> bytes:
    return _card(hand_name, text)


def _card(hand_name: str, text: str) -> bytes:
    style = rendering.LetterStyle(hand=hand_name, paper="card", stationery="plain")
    pdf = rendering.render_letter(text, style, seed=7)
    page = Image.open(io.BytesIO(rendering.render_previews(pdf, dpi=SAMPLE_DPI)[0]))
    # Crop to the ink, so the hand shows at a readable size in a small box.
    ink = page.convert("L").point(lambda value: 255 if value < 200 else 0).getbbox()
    if ink is not None:
        left, top, right, bottom = ink
        page = page.crop((max(left - PADDING, 0), max(top - PADDING, 0),
                          min(right + PADDING, page.width), min(bottom + PADDING, page.height)))
    out = io.BytesIO()
    page.save(out, format="PNG", optimize=True)
    return out.getvalue()
