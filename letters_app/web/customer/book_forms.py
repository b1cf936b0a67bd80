"""The sender's own details (someone to write to is forms.RecipientFields)."""

from __future__ import annotations

from wtforms import StringField

from letters_app.domain.address_book import SenderInput
from letters_app.domain.models import SenderProfile
from letters_app.web.customer.forms import AddressFields, text


class SenderForm(AddressFields):
    """How the customer signs, and the return address (all address fields empty: none)."""

    name_field = "sender_name"
    sender_name = StringField("Your name")
    sender_signature = StringField("How you sign")

    def sender_input(self) -> SenderInput:
        return SenderInput(
            sender_name=text(self.sender_name), sender_signature=text(self.sender_signature),
            return_address=self.address_input(text(self.sender_name))
            if self.has_address() else None)

    def fill(self, profile: SenderProfile) -> None:
        self.sender_name.data = profile.sender_name
        self.sender_signature.data = profile.sender_signature
        if profile.return_address is not None:
            self.fill_address(profile.return_address)
