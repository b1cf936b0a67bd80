"""The order form. Choices come from the domain and the renderer, so there is one list of each."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length

from letters_app import rendering
from letters_app.domain.addresses import AddressInput, countries
from letters_app.domain.brief import Length as LetterLength
from letters_app.domain.brief import Occasion, Tone
from letters_app.domain.orders import MIN_LEAD_DAYS, OrderRequest
from letters_app.web.input_guard import GuardedForm

PAPER_LABELS = {"letter": "US Letter", "a4": "A4", "a5": "A5", "card": "5×7 in card"}


def _label(value: object) -> str:
    return getattr(value, "label", None) or str(value)


class OrderForm(GuardedForm):
    order_key = HiddenField(validators=[DataRequired(), Length(max=64)])

    # Lengths and required fields are checked by the domain (orders.py), one place for the
    # rules, with messages that count what was typed.
    sender_name = StringField("Your name")
    sender_signature = StringField(
        "How you sign")
    relationship = StringField(
        "Who they are to you")
    recipient_name = StringField(
        "Their full name")
    recipient_salutation = StringField(
        "How you address them")

    address_street_address = TextAreaField("Street address", render_kw={"rows": 2})
    address_city = StringField("City")
    address_postal_code = StringField("Postal code")
    address_country_area = StringField("State / province / region")
    address_country_code = SelectField("Country", default="US")

    occasion = SelectField("Occasion", choices=[(o.value, o.label) for o in Occasion])
    tone = SelectField("Tone", choices=[(t.value, t.label) for t in Tone])
    length = SelectField("Length", choices=[(n.value, n.label) for n in LetterLength],
                         default=LetterLength.PAGE.value)
    memories = TextAreaField(
        "Memories and points to include", render_kw={"rows": 6})

    hand = RadioField("Handwriting", validators=[InputRequired("Choose a hand.")])
    ink = SelectField("Ink")
    paper = SelectField("Paper")
    stationery = SelectField("Stationery")
    with_envelope = BooleanField("Add an addressed envelope", default=True)
    deliver_by = DateField("Deliver by", validators=[InputRequired("Choose a date.")])

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.address_country_code.choices = countries()
        self.hand.choices = [(h.name, h.display_name) for h in rendering.list_hands()]
        self.ink.choices = [(k, _label(v)) for k, v in rendering.INKS.items()]
        self.paper.choices = [(k, PAPER_LABELS.get(k, _label(v)))
                              for k, v in rendering.PAPERS.items()]
        self.stationery.choices = [(k, _label(v)) for k, v in rendering.STATIONERY.items()]
        if not self.order_key.data:
            self.order_key.data = uuid.uuid4().hex
        if not self.is_submitted():
            if not self.hand.data and self.hand.choices:
                self.hand.data = self.hand.choices[0][0]
            if not self.deliver_by.data:
                self.deliver_by.data = date.today() + timedelta(days=MIN_LEAD_DAYS + 12)

    def to_request(self) -> OrderRequest:
        def text(field: StringField | TextAreaField) -> str:
            return (field.data or "").replace("\r\n", "\n")

        return OrderRequest(
            sender_name=text(self.sender_name), sender_signature=text(self.sender_signature),
            relationship=text(self.relationship), recipient_name=text(self.recipient_name),
            recipient_salutation=text(self.recipient_salutation),
            address=AddressInput(
                name=text(self.recipient_name), street_address=text(self.address_street_address),
                city=text(self.address_city), postal_code=text(self.address_postal_code),
                country_code=self.address_country_code.data or "",
                country_area=text(self.address_country_area),
            ),
            occasion=self.occasion.data, tone=self.tone.data, length=self.length.data,
            memories=text(self.memories), hand=self.hand.data, ink=self.ink.data,
            paper=self.paper.data, stationery=self.stationery.data,
            with_envelope=bool(self.with_envelope.data), deliver_by=self.deliver_by.data,
        )

    def add_errors(self, errors: dict[str, str]) -> None:
        """Domain errors sit next to their fields; the recipient's name also names the address."""
        for name, message in errors.items():
            field = getattr(self, "recipient_name" if name == "address_name" else name, None)
            target = field if field is not None else self.order_key
            target.errors = [*target.errors, message]


class ActionForm(GuardedForm):
    """The CSRF token for the cancel button, and for approve: the version the customer read."""

    version = HiddenField()


class RevisionForm(GuardedForm):
    note = TextAreaField("What should change?", render_kw={"rows": 4})
