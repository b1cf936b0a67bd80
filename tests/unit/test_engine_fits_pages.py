"""The ordered length is a promise: the engine's draft, measured by laying it out in the
chosen hand and paper, renders to the ordered number of pages, signature included."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pypdf
import pytest
from click.testing import CliRunner

from letters_app.cli import main
from letters_app.domain.brief import Brief, Length, Occasion, Tone
from letters_app.domain.drafting.measured import engine_draft, page_count
from letters_app.rendering import PAPERS, LetterStyle, list_hands, render_letter


def reader(pdf: bytes) -> pypdf.PdfReader:
    return pypdf.PdfReader(io.BytesIO(pdf))


BRIEF = dict(
    sender_name="Theodore Twombly",
    sender_signature="Theo",
    relationship="old friend",
    recipient_name="Catherine Klausen",
    recipient_salutation="Cat",
    occasion=Occasion.THANK_YOU,
    tone=Tone.WARM,
    memories=("the afternoon at the lake", "your terrible jokes"),
)


@pytest.mark.parametrize("paper", list(PAPERS))
@pytest.mark.parametrize("hand", [h.name for h in list_hands()])
def test_a_note_and_a_page_never_spill_onto_another_page(hand: str, paper: str) -> None:
    style = LetterStyle(hand=hand, paper=paper)
    for length in (Length.NOTE, Length.PAGE):
        draft = engine_draft(Brief(length=length, **BRIEF), style, 7, 1)
        assert page_count(draft, style, 7) == 1
        assert draft.rstrip().endswith("Theo")


@pytest.mark.parametrize("paper", list(PAPERS))
@pytest.mark.parametrize("hand", [h.name for h in list_hands()])
def test_two_pages_fill_two_pages(hand: str, paper: str) -> None:
    style = LetterStyle(hand=hand, paper=paper)
    draft = engine_draft(Brief(length=Length.TWO_PAGES, **BRIEF), style, 7, 1)
    assert len(reader(render_letter(draft, style, 7)).pages) == 2
    assert draft.rstrip().endswith("Theo")
    assert_no_sentence_repeats(draft)


@pytest.mark.parametrize("occasion", list(Occasion))
def test_every_occasion_and_tone_has_two_pages_to_say_in_the_roomiest_hand(
    occasion: Occasion,
) -> None:
    """Kalam on US Letter holds the most words a page: what fills two pages there fills
    them in every hand."""
    style = LetterStyle(hand="kalam", paper="letter")
    for tone in Tone:
        brief = Brief(**{**BRIEF, "occasion": occasion, "tone": tone, "length": Length.TWO_PAGES})
        draft = engine_draft(brief, style, 11, 1)
        assert page_count(draft, style, 11) == 2, (occasion, tone)
        assert_no_sentence_repeats(draft)


def assert_no_sentence_repeats(draft: str) -> None:
    sentences = [s.strip() for s in re.split(r"(?<=[.!?])\s+", draft) if s.strip()]
    assert len(sentences) == len(set(sentences))


def test_a_page_grows_to_the_measured_capacity_not_a_word_count() -> None:
    brief = Brief(length=Length.PAGE, **BRIEF)
    card = engine_draft(brief, LetterStyle(hand="caveat", paper="card"), 7, 1)
    letter = engine_draft(brief, LetterStyle(hand="caveat", paper="letter"), 7, 1)
    assert len(letter.split()) > len(card.split()) * 1.3


def test_letters_draft_prints_what_letters_render_fits_on_the_ordered_pages(
    tmp_path: Path,
) -> None:
    brief = {
        "occasion": "thank_you",
        "length": "page",
        "hand": "dancing_script",
        "paper": "a5",
        "sender_name": "Theo",
        "sender_signature": "Theo",
        "recipient_name": "Cat Klausen",
        "memories": ["the lake"],
        "seed": 3,
    }
    (tmp_path / "brief.json").write_text(json.dumps(brief))
    runner = CliRunner()
    drafted = runner.invoke(main, ["draft", str(tmp_path / "brief.json")])
    assert drafted.exit_code == 0, drafted.output
    style = LetterStyle(hand="dancing_script", paper="a5")
    expected = engine_draft(
        Brief(
            sender_name="Theo",
            sender_signature="Theo",
            relationship="",
            recipient_name="Cat Klausen",
            recipient_salutation="",
            occasion=Occasion.THANK_YOU,
            tone=next(iter(Tone)),  # the form's default, as the brief leaves it out
            length=Length.PAGE,
            memories=("the lake",),
        ),
        style,
        3,
        1,
    )
    assert drafted.output == expected
    (tmp_path / "draft.txt").write_text(drafted.output)
    out = tmp_path / "letter.pdf"
    rendered = runner.invoke(
        main,
        [
            "render",
            str(tmp_path / "draft.txt"),
            "--hand",
            "dancing_script",
            "--paper",
            "a5",
            "--seed",
            "3",
            "--out",
            str(out),
        ],
    )
    assert rendered.exit_code == 0, rendered.output
    assert len(reader(out.read_bytes()).pages) == 1


@pytest.mark.parametrize(
    ("brief", "key"),
    [
        ({"tone": "grumpy"}, "tone"),
        ({"length": "novel"}, "length"),
        ({"seed": "x"}, "seed"),
        ({"memories": "the lake"}, "memories"),
        ({"hand": "comic_sans"}, "hand"),
    ],
)
def test_letters_draft_refuses_a_bad_value_naming_its_key(
    tmp_path: Path, brief: dict, key: str
) -> None:
    (tmp_path / "brief.json").write_text(json.dumps({"sender_name": "Theo", **brief}))
    result = CliRunner().invoke(main, ["draft", str(tmp_path / "brief.json")])
    assert result.exit_code != 0
    assert result.output.strip().splitlines()[-1].startswith(f"Error: {key}")
