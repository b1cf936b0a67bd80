"""The renderer with a customer's font: each instance of a small letter takes one of the three
forms they wrote, never the form of that letter's previous instance; stock hands are drawn as
before (tests/rendering/test_render_determinism.py holds their bytes)."""

from __future__ import annotations

import itertools
from pathlib import Path

from letters_app import rendering
from letters_app.rendering.fontdata import load_font
from letters_app.rendering.handmodel import HandModel, Token
from letters_app.rendering.hands import register_own_hand
from own_hands.fonts import LEFT_OUT, customer_ttf

SETTINGS = {"size": 16.0, "line_height": 1.4, "connected": False, "warp": 0.008,
            "variation": {"glyph_rotation": 1.0}}


def _hand(tmp_path: Path) -> str:
    path = tmp_path / "hand.ttf"
    path.write_bytes(customer_ttf())
    return register_own_hand("own-1-0123456789ab", "Your own hand", path, SETTINGS).name


def test_no_instance_of_a_letter_repeats_the_form_of_the_one_before(tmp_path: Path) -> None:
    name = _hand(tmp_path)
    font = load_font(name)
    words = ["been", "kisses", "letters", "sleeve", "address", "committee", "bookkeeper"]
    drawn = HandModel(font, seed=11, size=16.0).measure([Token(w, "body") for w in words])
    forms: dict[str, list[int]] = {}
    text = "".join(words)
    assert len(drawn.gid) == len(text)
    for ch, gid in zip(text, drawn.gid.tolist(), strict=True):
        forms.setdefault(ch, []).append(gid)
    for ch, gids in forms.items():
        base = font.gid(ch)
        assert set(gids) <= {base, *font.alternates[base]}
        assert all(a != b for a, b in itertools.pairwise(gids)), (ch, gids)
    assert len(set(forms["e"])) == 3  # all three forms of e are used


def test_the_coverage_check_names_what_the_hand_lacks(tmp_path: Path) -> None:
    name = _hand(tmp_path)
    assert rendering.coverage("mail me @ home #1", name) == "".join(sorted(LEFT_OUT))
    assert name not in {hand.name for hand in rendering.list_hands()}


def test_erasure_removes_the_machines_cached_copies(tmp_path: Path) -> None:
    from letters_app.domain.own_hands import HandFonts

    fonts = HandFonts(db=None, storage=None, cache_dir=tmp_path)  # type: ignore[arg-type]
    for name in ("f" * 64 + ".ttf", "f" * 64 + ".strokes.json.gz", "e" * 64 + ".ttf"):
        (tmp_path / name).write_bytes(b"x")
    fonts.forget({"f" * 64, "d" * 64})
    assert sorted(p.name for p in tmp_path.iterdir()) == ["e" * 64 + ".ttf"]


def test_each_form_is_placed_by_its_own_width(tmp_path: Path) -> None:
    # The customer's three forms of a letter differ in width: a narrower form must not leave
    # a gap after it ("fir st"), nor a wider one run into the next letter or word.
    name = _hand(tmp_path)
    font = load_font(name)
    words = ["first", "person", "without", "summer", "coffee", "bookkeeper"]
    drawn = HandModel(font, seed=5, size=16.0).measure([Token(w, "body") for w in words])
    swapped = 0
    for n in range(len(words)):
        em = drawn.size[n] / font.upm  # each word's own size
        glyphs = range(drawn.starts[n], drawn.starts[n + 1])
        advances = [font.advances[drawn.gid[i]] * em for i in glyphs]
        swapped += sum(drawn.gid[i] != font.gid(ch) for i, ch in zip(glyphs, words[n],
                                                                       strict=True))
        for i, advance in zip(glyphs[:-1], advances, strict=False):
            assert abs(drawn.gx[i + 1] - drawn.gx[i] - advance) < 1e-6, (words[n], i)
        assert abs(drawn.width[n] - sum(advances)) < 1e-6, words[n]
    assert swapped > 10  # the other forms were used, so their widths were tested
