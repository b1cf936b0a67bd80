"""The order form and its parts (an address, a recipient). Choices come from the domain and the
renderer, so there is one list of each."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date, timedelta

from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    RadioField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length

from letters_app import rendering
from letters_app.domain import own_hands
from letters_app.domain.address_book import RecipientInput
from letters_app.domain.addresses import AddressInput, countries
from letters_app.domain.brief import Length as LetterLength
from letters_app.domain.brief import Occasion, Pronouns, Tone
from letters_app.domain.errors import InvalidInput
from letters_app.domain.models import Address, Letter, SavedRecipient, SenderProfile
from letters_app.domain.orders import MIN_LEAD_DAYS, OrderRequest
from letters_app.domain.pricing import Quote, quote
from letters_app.web.input_guard import GuardedForm

PAPER_LABELS = {"letter": "US Letter", "a4": "A4", "a5": "A5", "card": "5×7 in card"}


# Where most letters go: listed first, and again nowhere else.
LIKELY_COUNTRIES = ("US", "GB", "CA", "AU", "IE", "NZ", "DE", "FR")


def country_choices() -> dict[str, list[tuple[str, str]]]:
    names = dict(countries())
    return {"Most often": [(code, names[code]) for code in LIKELY_COUNTRIES],
            "All countries": [(code, name) for code, name in countries()
                              if code not in LIKELY_COUNTRIES]}


def _label(value: object) -> str:
    return getattr(value, "label", None) or str(value)


def text(field: StringField | TextAreaField) -> str:
    return (field.data or "").replace("\r\n", "\n")


class DomainForm(GuardedForm):
    """A form whose input the domain checks: its errors are shown next to their fields."""

    name_field = "recipient_name"

    def add_errors(self, errors: dict[str, str], fallback: str = "") -> None:
        """Domain errors sit next to their fields; those of no field go to `fallback`."""
        for name, message in errors.items():
            field = getattr(self, self.name_field if name == "address_name" else name, None)
            target = field if field is not None else getattr(self, fallback, None)
            if target is not None and message not in target.errors:  # name and address_name
                target.errors = [*target.errors, message]


class AddressFields(DomainForm):
    """A postal address; `address_name` errors belong to whichever field names the person."""

    address_street_address = TextAreaField("Street address", render_kw={"rows": 2})
    address_city = StringField("City")
    address_postal_code = StringField("Postal code")
    address_country_area = StringField("State / province / region")
    address_country_code = SelectField("Country", default="US")

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.address_country_code.choices = country_choices()

    def address_input(self, name: str) -> AddressInput:
        return AddressInput(
            name=name, street_address=text(self.address_street_address),
            city=text(self.address_city), postal_code=text(self.address_postal_code),
            country_code=self.address_country_code.data or "",
            country_area=text(self.address_country_area),
        )

    def has_address(self) -> bool:
        return any(text(f).strip() for f in (self.address_street_address, self.address_city,
                                             self.address_postal_code))

    def fill_address(self, address: Address) -> None:
        self.address_street_address.data = address.street_address
        self.address_city.data = address.city
        self.address_postal_code.data = address.postal_code
        self.address_country_area.data = address.country_area
        self.address_country_code.data = address.country_code


class RecipientFields(AddressFields):
    """Who a letter is to: the order form's and the address book's fields alike."""

    recipient_name = StringField("Their full name")
    recipient_salutation = StringField("How you address them")
    relationship = StringField("Who they are to you")
    recipient_pronouns = RadioField("Their pronouns",
                                    choices=[(p.value, p.label) for p in Pronouns],
                                    default=Pronouns.THEY.value)

    def recipient_input(self) -> RecipientInput:
        return RecipientInput(
            recipient_name=text(self.recipient_name),
            recipient_salutation=text(self.recipient_salutation),
            relationship=text(self.relationship),
            recipient_pronouns=self.recipient_pronouns.data or "",
            address=self.address_input(text(self.recipient_name)))

    def fill_recipient(self, saved: SavedRecipient) -> None:
        self.recipient_name.data = saved.recipient_name
        self.recipient_salutation.data = saved.recipient_salutation
        self.relationship.data = saved.relationship_to_sender
        self.recipient_pronouns.data = saved.recipient_pronouns
        self.fill_address(saved.address)


class LetterFields(DomainForm):
    """Who sends the letter, what it is and how it looks: what one order and every row of a
    CSV upload share. Lengths and required fields are checked by the domain (orders.py), one
    place for the rules, with messages that count what was typed."""

    sender_name = StringField("Your name")
    sender_signature = StringField("How you sign")

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
    with_return_address = BooleanField("Print my return address on the envelope")
    pen_plotted = BooleanField("Pen-plotted in ink")
    deliver_by = DateField("Deliver by", validators=[InputRequired("Choose a date.")])

    def __init__(self, *args: object, own: Sequence[tuple[str, str]] = (),
                 **kwargs: object) -> None:
        """`own`: the customer's own hands (name, label), offered before the stock ones."""
        super().__init__(*args, **kwargs)
        stock = [(h.name, h.display_name) for h in rendering.list_hands()]
        self.hand.choices = [*own, *stock]
        self.ink.choices = [(k, _label(v)) for k, v in rendering.INKS.items()]
        self.paper.choices = [(k, PAPER_LABELS.get(k, _label(v)))
                              for k, v in rendering.PAPERS.items()]
        self.stationery.choices = [(k, _label(v)) for k, v in rendering.STATIONERY.items()]
        if not self.is_submitted():
            # The customer's own hand is offered first but never chosen for them: it costs more.
            self.hand.data = self.hand.data or stock[0][0]
            # What the browser would show selected anyway, so the first price matches it.
            for choice in (self.hand, self.ink, self.paper, self.stationery):
                if not choice.data and choice.choices:
                    choice.data = choice.choices[0][0]
            if not self.deliver_by.data:
                self.deliver_by.data = date.today() + timedelta(days=MIN_LEAD_DAYS + 12)

    def shared_request(self, **recipient: object) -> OrderRequest:
        """The order these fields describe, for `recipient` (recipient_name,
        recipient_salutation, relationship, recipient_pronouns, address)."""
        return OrderRequest(
            sender_name=text(self.sender_name), sender_signature=text(self.sender_signature),
            with_return_address=bool(self.with_return_address.data),
            occasion=self.occasion.data, tone=self.tone.data, length=self.length.data,
            memories=text(self.memories), hand=self.hand.data, ink=self.ink.data,
            paper=self.paper.data, stationery=self.stationery.data,
            with_envelope=bool(self.with_envelope.data), deliver_by=self.deliver_by.data,
            pen_plotted=bool(self.pen_plotted.data), **recipient)  # type: ignore[arg-type]


class OrderForm(RecipientFields, LetterFields):
    order_key = HiddenField(validators=[DataRequired(), Length(max=64)])
    save_recipient = BooleanField("Save them to my address book")
    update_quote = SubmitField("Update the price")

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        if not self.order_key.data:
            self.order_key.data = uuid.uuid4().hex

    def fill_sender(self, profile: SenderProfile) -> None:
        self.sender_name.data = profile.sender_name
        self.sender_signature.data = profile.sender_signature
        self.with_return_address.data = profile.return_address is not None

    def fill_letter(self, letter: Letter) -> None:
        """The order as placed, to change before writing starts."""
        self.sender_name.data = letter.sender_name
        self.sender_signature.data = letter.sender_signature
        self.recipient_name.data = letter.recipient_name
        self.recipient_salutation.data = letter.recipient_salutation
        self.relationship.data = letter.relationship_to_sender
        self.recipient_pronouns.data = letter.recipient_pronouns
        self.fill_address(letter.recipient_address)
        for name in ("occasion", "tone", "length", "memories", "hand", "ink", "paper",
                     "stationery", "with_envelope", "pen_plotted", "deliver_by"):
            getattr(self, name).data = getattr(letter, name)
        self.with_return_address.data = letter.return_address is not None

    def to_request(self) -> OrderRequest:
        return self.shared_request(
            relationship=text(self.relationship), recipient_name=text(self.recipient_name),
            recipient_salutation=text(self.recipient_salutation),
            recipient_pronouns=self.recipient_pronouns.data or "",
            address=self.address_input(text(self.recipient_name)))

    def quote(self, today: date) -> Quote | None:
        """The price of what the form says now; None while a priced choice is not valid."""
        if not isinstance(self.deliver_by.data, date):
            return None
        try:
            return quote(self.length.data or "", self.paper.data or "",
                         self.stationery.data or "", bool(self.with_envelope.data),
                         self.deliver_by.data, today, bool(self.pen_plotted.data),
                         own_hand=own_hands.hand_id(self.hand.data or "") is not None)
        except InvalidInput:
            return None


class AddressCorrectionForm(AddressFields):
    """After a proof only the address can change: the draft stays as approved or proofed."""

    recipient_name = StringField("Their full name")

    def fill_letter(self, letter: Letter) -> None:
        self.recipient_name.data = letter.recipient_name
        self.fill_address(letter.recipient_address)


class ActionForm(GuardedForm):
    """The CSRF token for the cancel button, and for approve: the version the customer read."""

    version = HiddenField()


class RevisionForm(GuardedForm):
    note = TextAreaField("What should change?", render_kw={"rows": 4})


class BulkOrderForm(LetterFields):
    """A CSV of recipients and what their letters share. The checked CSV comes back in
    `checked_csv`, so confirming orders exactly the rows the report showed; a newly chosen
    file is only ever checked."""

    relationship = StringField("Who they are to you")
    csv_file = FileField("CSV file, one row per recipient")
    checked_csv = HiddenField()
    check = SubmitField("Check the file")
    confirm = SubmitField("Place the orders")
