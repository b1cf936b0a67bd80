"""Steps of the own-hand tests: a customer's hand as the hands queue leaves it once it has
read a sheet (a real font in storage, state ready), and the pages around it."""

from __future__ import annotations

import re

from flask import Flask

from letters_app.domain import accounts
from letters_app.domain.hand_building import _characters
from letters_app.domain.models import HandSheet, HandState, OwnHand
from own_hands.fonts import customer_ttf

ADVICE = ["You left @ and # empty: fill them in, or we leave them out."]


def built_hand(app: Flask, email: str, upload: bytes | None = None) -> int:
    """A hand read from a sheet issued to `email`'s account, not yet accepted; its id.
    `upload`: the bytes of the uploaded sheet (a placeholder PNG by default)."""
    services = app.extensions["letters"]
    ttf = customer_ttf()
    with services.db.session() as session:
        customer = accounts.find_user_by_email(session, email)
        assert customer is not None
        sheet = HandSheet(id=f"T{customer.id:09d}", customer_id=customer.id, paper="letter")
        upload_blob = services.storage.put(
            upload or b"\x89PNG\r\n\x1a\n a photo of sheet " + sheet.id.encode())
        hand = OwnHand(customer_id=customer.id, sheet_id=sheet.id, state=HandState.READY.value,
                       upload_sha256=upload_blob.sha256, upload_type="image/png",
                       font_sha256=services.storage.put(ttf).sha256,
                       characters=_characters(ttf), report={"advice": ADVICE, "boxes": []})
        session.add_all([sheet, hand])
        session.commit()
        return hand.id


def hand_name_on_order_form(html: str) -> str | None:
    match = re.search(r'name="hand"[^>]* value="(own-[0-9a-z-]+)"', html)
    return match.group(1) if match else None
