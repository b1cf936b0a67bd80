"""The engine's voice with memories and signatures as customers really type them."""

from __future__ import annotations

import pytest

from letters_app.domain.brief import Brief, Length, Occasion, Pronouns, Tone
from letters_app.domain.drafting import write_draft
from letters_app.domain.drafting.memory_voice import as_memory
from letters_app.domain.drafting.signoffs import signs_off


def _brief(**changes: object) -> Brief:
    fields: dict[str, object] = {
        "sender_name": "Nora Schmidt", "sender_signature": "Deine Nora",
        "relationship": "old friend", "recipient_name": "Lena Vogel",
        "recipient_salutation": "Lena", "occasion": Occasion.BIRTHDAY, "tone": Tone.WARM,
        "length": Length.NOTE, "recipient_pronouns": Pronouns.SHE,
        "memories": ("Unser Sommer am Wannsee", "mention our trip to Prague",
                     "tell her how proud I am of her new job")}
    fields.update(changes)
    return Brief(**fields)  # type: ignore[arg-type]


@pytest.mark.parametrize("seed", range(12))
def test_a_signature_that_signs_off_is_never_given_a_second_closing(seed: int) -> None:
    draft = write_draft(_brief(), seed=seed)
    assert draft.endswith("\n\nDeine Nora")


@pytest.mark.parametrize("signature", ["Deine Nora", "Your Theo", "Bisous Claire", "xx Nora",
                                       "Tu Ana", "Liefs Sanne"])
def test_signatures_in_many_languages_are_recognised_as_closings(signature: str) -> None:
    assert signs_off(signature)


@pytest.mark.parametrize("signature", ["Theo", "Nora Schmidt", "Yourick"])
def test_a_plain_name_still_gets_a_closing(signature: str) -> None:
    assert not signs_off(signature)
    draft = write_draft(_brief(sender_signature=signature), seed=1)
    assert len(draft.rstrip().splitlines()[-2].strip()) > 2  # a closing line above the name


@pytest.mark.parametrize(("typed", "woven"), [
    ("mention our trip to Prague", "our trip to Prague"),
    ("Please mention the night we missed the last ferry", "the night we missed the last ferry"),
    ("tell her how proud I am", "I want you to know how proud I am"),
    ("thank him for the loan", "thank you for the loan"),
    ("remind them of the picnic in the rain", "the picnic in the rain"),
    ("Unser Sommer am Wannsee", "“Unser Sommer am Wannsee”"),
    ("nuestro viaje a Sevilla", "“nuestro viaje a Sevilla”"),
    ("din studentexamen", "“din studentexamen”"),
    ("Nasze wakacje w Zakopanem — góry i źdźbła trawy",
     "“Nasze wakacje w Zakopanem — góry i źdźbła trawy”"),
    ("naše chata v horách", "“naše chata v horách”"),
    ("the café in Kraków where we met", "the café in Kraków where we met"),
    ("I still remember Łódź", "I still remember Łódź"),
    ("the summer we drove to Big Sur", "the summer we drove to Big Sur"),
    ("Paris", "Paris"),
])
def test_instructions_become_what_they_ask_and_other_languages_are_quoted(
        typed: str, woven: str) -> None:
    assert as_memory(typed) == woven


def test_the_draft_weaves_instructions_and_quotes_other_languages() -> None:
    draft = write_draft(_brief(), seed=4).replace("\n", " ")
    assert "“Unser Sommer am Wannsee”" in draft
    assert "back to Unser" not in draft and "mention our trip" not in draft
    assert "our trip to Prague" in draft
    assert "I want you to know how proud I am of your new job." in draft
