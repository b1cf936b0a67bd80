"""A memory written about the recipient speaks to them in the letter, by their pronouns."""

from __future__ import annotations

from dataclasses import replace

import pytest

from letters_app.domain.brief import Brief, Length, Occasion, Pronouns, Tone
from letters_app.domain.drafting import write_draft
from letters_app.domain.drafting.addressing import addressed


@pytest.mark.parametrize(("memory", "pronouns", "expected"), [
    ("she taught me to bake", Pronouns.SHE, "you taught me to bake"),
    ("She always makes the best pancakes", Pronouns.SHE, "You always make the best pancakes"),
    ("her laugh at our wedding", Pronouns.SHE, "your laugh at our wedding"),
    ("the day I gave her a kite", Pronouns.SHE, "the day I gave you a kite"),
    ("how she does her hair", Pronouns.SHE, "how you do your hair"),
    ("the scarf she knitted herself", Pronouns.SHE, "the scarf you knitted yourself"),
    ("she's been there for me", Pronouns.SHE, "you've been there for me"),
    ("she's the reason I paint", Pronouns.SHE, "you're the reason I paint"),
    ("she was always there", Pronouns.SHE, "you were always there"),
    ("he carries his guitar everywhere", Pronouns.HE, "you carry your guitar everywhere"),
    ("I told him the truth", Pronouns.HE, "I told you the truth"),
    ("remind her of the cake disaster", Pronouns.SHE, "remind you of the cake disaster"),
    ("he is the kindest man I know", Pronouns.HE, "you are the kindest man I know"),
])
def test_third_person_memories_are_turned_to_you(memory: str, pronouns: Pronouns,
                                                 expected: str) -> None:
    assert addressed(memory, pronouns) == expected


def test_only_the_recipients_own_pronouns_are_turned() -> None:
    assert addressed("his sister and her dog", Pronouns.SHE) == "his sister and your dog"
    assert addressed("she lent him her car", Pronouns.HE) == "she lent you her car"


def test_they_is_left_as_written_because_it_may_be_other_people() -> None:
    assert addressed("they closed the café", Pronouns.THEY) == "they closed the café"


def test_the_engine_speaks_to_a_recipient_its_memory_was_written_about() -> None:
    brief = Brief(sender_name="Theodore Twombly", sender_signature="Theo",
                  relationship="grandmother", recipient_name="Rose Twombly",
                  recipient_salutation="Grandma", occasion=Occasion.THANK_YOU,
                  tone=Tone.WARM, length=Length.NOTE,
                  memories=("she taught me to bake bread on Sundays",),
                  recipient_pronouns=Pronouns.SHE)
    draft = write_draft(brief, seed=3)
    assert "you taught me to bake bread on sundays" in draft.replace("\n", " ").lower()
    assert " she " not in f" {draft.lower()} "
    unturned = write_draft(replace(brief, recipient_pronouns=Pronouns.THEY), seed=3)
    assert "she taught me to bake bread" in unturned.replace("\n", " ").lower()
