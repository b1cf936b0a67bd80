"""What the template engine and the renderer take from a letter: its brief and its style."""

from __future__ import annotations

from letters_app import rendering
from letters_app.domain.brief import Brief, Length, Occasion, Tone
from letters_app.domain.models import Letter


def brief_of(letter: Letter) -> Brief:
    return Brief(
        sender_name=letter.sender_name, sender_signature=letter.sender_signature,
        relationship=letter.relationship_to_sender, recipient_name=letter.recipient_name,
        recipient_salutation=letter.recipient_salutation, occasion=Occasion(letter.occasion),
        tone=Tone(letter.tone), length=Length(letter.length),
        memories=Brief.split_memories(letter.memories),
        recipient_pronouns=letter.pronouns,
    )


def style_of(letter: Letter) -> rendering.LetterStyle:
    return rendering.LetterStyle(hand=letter.hand, ink=letter.ink, paper=letter.paper,
                                 stationery=letter.stationery)


def envelope_of(letter: Letter) -> bytes:
    """The letter's envelope: its recipient, and its return address where one was chosen."""
    return rendering.render_envelope(
        letter.recipient_address.lines, style_of(letter), seed=letter.seed,
        return_address=letter.return_address.lines if letter.return_address else None)
