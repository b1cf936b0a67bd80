"""A customer who accepted two hands on one day must tell them apart in the order form and
in the coverage message, by the same time the uploads list shows."""

from __future__ import annotations

from datetime import UTC, datetime

from letters_app.domain import own_hands
from letters_app.domain.models import OwnHand


def test_two_hands_made_the_same_day_have_different_labels() -> None:
    morning = OwnHand(created_at=datetime(2026, 12, 2, 9, 5, tzinfo=UTC))
    evening = OwnHand(created_at=datetime(2026, 12, 2, 18, 40, tzinfo=UTC))
    assert own_hands.label(morning) != own_hands.label(evening)
    assert own_hands.label(evening) == "Your own hand (02 Dec 2026, 18:40)"
