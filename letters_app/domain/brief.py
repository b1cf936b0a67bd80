"""What a customer asks for: the brief a writer (human or the template engine) works from.

Plain data, no database: the engine and the renderer take it without knowing where it came from.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Occasion(StrEnum):
    LOVE = "love"
    ANNIVERSARY = "anniversary"
    THANK_YOU = "thank_you"
    APOLOGY = "apology"
    BIRTHDAY = "birthday"
    CONDOLENCE = "condolence"
    CONGRATULATIONS = "congratulations"
    JUST_BECAUSE = "just_because"

    @property
    def label(self) -> str:
        return {"thank_you": "Thank you", "just_because": "Just because"}.get(
            self.value, self.value.capitalize()
        )


class Tone(StrEnum):
    WARM = "warm"
    FORMAL = "formal"
    PLAYFUL = "playful"
    ROMANTIC = "romantic"
    HEARTFELT = "heartfelt"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class Length(StrEnum):
    NOTE = "note"  # a card: roughly 60-120 words
    PAGE = "page"  # one page of a letter, filled to the chosen hand's and paper's capacity
    TWO_PAGES = "two_pages"  # two pages, the second well into its height

    @property
    def label(self) -> str:
        return {"note": "A short note (card)", "page": "One page", "two_pages": "Two pages"}[
            self.value
        ]

    @property
    def pages(self) -> int:
        """How many pages the letter is promised to fill."""
        return 2 if self is Length.TWO_PAGES else 1

    @property
    def word_range(self) -> tuple[int, int]:
        """Words, for drafting without a measured layout; a measured draft fills its pages."""
        return {"note": (60, 130), "page": (180, 320), "two_pages": (420, 700)}[self.value]


class Pronouns(StrEnum):
    """The recipient's pronouns: how a memory about them is turned to speak to them."""

    THEY = "they"
    SHE = "she"
    HE = "he"

    @property
    def label(self) -> str:
        return {"they": "they/them", "she": "she/her", "he": "he/him"}[self.value]


@dataclass(frozen=True)
class Brief:
    """Everything the writer needs to know, none of how it is delivered."""

    sender_name: str  # "Theodore Twombly"
    sender_signature: str  # how the sender signs: "Theo", "Your loving son, Theo"
    relationship: str  # who the recipient is to the sender: "wife", "old friend", "grandmother"
    recipient_name: str  # "Catherine Klausen"
    recipient_salutation: str  # how the sender addresses them: "Cat", "Grandma", "Mrs. Klausen"
    occasion: Occasion
    tone: Tone
    length: Length
    memories: tuple[str, ...] = ()  # memories and points the letter must carry, one per item
    recipient_pronouns: Pronouns = Pronouns.THEY

    @staticmethod
    def split_memories(text: str) -> tuple[str, ...]:
        """One memory per non-empty line of the order form's free text."""
        return tuple(line.strip() for line in text.splitlines() if line.strip())
