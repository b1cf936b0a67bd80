"""What the order API reads and answers. The schemas only give the body its shape; the rules
(lengths, hands, addresses, dates) are the order form's own, in domain/orders.py."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from marshmallow import Schema, fields, validate

from letters_app import rendering
from letters_app.domain.addresses import AddressInput
from letters_app.domain.brief import Length, Occasion, Tone
from letters_app.domain.bulk_orders import MAX_ROWS, NO_RECIPIENT
from letters_app.domain.orders import OrderRequest
from letters_app.web.api.schemas import MAX_ID, PageSchema

TEXT = {"load_default": ""}


def _one_of(values: Iterable[object]) -> dict[str, object]:
    """The choices in the contract, so a client reads them instead of guessing until the
    422 stops saying "Choose one of the options" (the check itself stays the form's)."""
    return {"metadata": {"enum": [str(value) for value in values]}}


class AddressSchema(Schema):
    street_address = fields.String(**TEXT)
    city = fields.String(**TEXT)
    postal_code = fields.String(**TEXT)
    country_area = fields.String(**TEXT, metadata={"description": "State, province, region."})
    city_area = fields.String(**TEXT)
    country_code = fields.String(**TEXT, metadata={"description": "ISO 3166 alpha-2, e.g. US."})


class SharedSchema(Schema):
    """The fields every letter of an order has: who sends it, what kind, how it looks."""

    sender_name = fields.String(**TEXT)
    sender_signature = fields.String(**TEXT, metadata={"description": "How the letter is signed."})
    relationship = fields.String(**TEXT, metadata={"description": "Who the recipient is to the "
                                                                  "sender."})
    occasion = fields.String(**TEXT, **_one_of(Occasion))
    tone = fields.String(**TEXT, **_one_of(Tone))
    length = fields.String(load_default="page", **_one_of(Length))
    memories = fields.String(**TEXT, metadata={"description": "One memory or point per line."})
    hand = fields.String(**TEXT, metadata={
        "description": "The handwriting; the sample images are on the site's order form.",
        "enum": [hand.name for hand in rendering.list_hands()]})
    ink = fields.String(**TEXT, **_one_of(rendering.INKS))
    paper = fields.String(**TEXT, **_one_of(rendering.PAPERS))
    stationery = fields.String(load_default="plain", **_one_of(rendering.STATIONERY))
    with_envelope = fields.Boolean(load_default=True)
    pen_plotted = fields.Boolean(load_default=False, metadata={
        "description": "Written by a pen plotter in real ink (its own quote line); only for "
                       "hands with single-stroke centre lines (every listed hand has them)."})
    deliver_by = fields.Date(required=True)


class OrderInSchema(SharedSchema):
    recipient_name = fields.String(**TEXT)
    recipient_salutation = fields.String(**TEXT, metadata={"description": "How the letter "
                                                                          "addresses them."})
    address = fields.Nested(AddressSchema, required=True)


class OrderSchema(Schema):
    id = fields.Integer(required=True)
    status = fields.String(required=True)
    status_label = fields.String(required=True)
    version = fields.Integer(required=True, metadata={
        "description": "The draft the proof shows; approve names it."})
    approved_version = fields.Integer(required=True, allow_none=True)
    created_at = fields.DateTime(required=True)
    deliver_by = fields.Date(required=True)
    sender_name = fields.String(required=True)
    recipient_name = fields.String(required=True)
    country_code = fields.String(required=True)
    occasion = fields.String(required=True)
    tone = fields.String(required=True)
    length = fields.String(required=True)
    hand = fields.String(required=True)
    ink = fields.String(required=True)
    paper = fields.String(required=True)
    stationery = fields.String(required=True)
    with_envelope = fields.Boolean(required=True)
    pen_plotted = fields.Boolean(required=True)
    tracking_number = fields.String(required=True, allow_none=True)


class OrderPageSchema(PageSchema):
    items = fields.List(fields.Nested(OrderSchema), required=True)


class ApproveSchema(Schema):
    version = fields.Integer(required=True, strict=True,
                             validate=validate.Range(min=0, max=MAX_ID), metadata={
        "description": "The version of the proof that was read (the order's `version`)."})


class BulkInSchema(Schema):
    csv = fields.String(required=True, metadata={
        "description": f"UTF-8 CSV with a header row; one row per recipient (at most "
                       f"{MAX_ROWS}). Columns: recipient_name, recipient_salutation, "
                       "street_address, city, postal_code, country_area, country_code, and "
                       "optionally relationship and memories (else the shared ones)."})
    shared = fields.Nested(SharedSchema, required=True)
    confirm = fields.Boolean(load_default=False, metadata={
        "description": "false: only check every row. true: check, then make every valid row "
                       "an order, all in one transaction."})


class BulkRowSchema(Schema):
    row = fields.Integer(required=True, metadata={"description": "The CSV line number."})
    ok = fields.Boolean(required=True)
    recipient_name = fields.String(required=True)
    errors = fields.Dict(keys=fields.String(), values=fields.String(), required=True)
    order_id = fields.Integer(required=True, allow_none=True)


class BulkReportSchema(Schema):
    rows = fields.List(fields.Nested(BulkRowSchema), required=True)
    valid = fields.Integer(required=True)
    invalid = fields.Integer(required=True)
    created = fields.List(fields.Integer(), required=True)


def order_request(body: dict) -> OrderRequest:  # type: ignore[type-arg]
    address = body["address"]
    return OrderRequest(
        sender_name=body["sender_name"], sender_signature=body["sender_signature"],
        relationship=body["relationship"], recipient_name=body["recipient_name"],
        recipient_salutation=body["recipient_salutation"],
        address=AddressInput(name=body["recipient_name"], **address),
        occasion=body["occasion"], tone=body["tone"], length=body["length"],
        memories=body["memories"], hand=body["hand"], ink=body["ink"], paper=body["paper"],
        stationery=body["stationery"], with_envelope=body["with_envelope"],
        pen_plotted=body["pen_plotted"], deliver_by=body["deliver_by"])


def shared_order(body: dict) -> OrderRequest:  # type: ignore[type-arg]
    """The order every CSV row starts from: the shared fields, no recipient yet."""
    return OrderRequest(**body, **NO_RECIPIENT)


def _deliver_by() -> str:
    """Examples must be accepted as they stand, so their date is two weeks from today."""
    return (date.today() + timedelta(days=14)).isoformat()


SHARED_EXAMPLE = {
    "sender_name": "Theodore Twombly", "sender_signature": "Theo", "relationship": "client",
    "occasion": "thank_you", "tone": "warm", "length": "note",
    "memories": "the coffee we shared after the launch", "hand": "caveat",
    "ink": "blue_black", "paper": "letter", "stationery": "cream", "with_envelope": True,
}
RECIPIENT = {"recipient_name": "Catherine Klausen", "recipient_salutation": "Cat",
             "address": {"street_address": "2100 Vine Street", "city": "Berkeley",
                         "postal_code": "94709", "country_area": "CA", "country_code": "US"}}
CSV_EXAMPLE = ("recipient_name,recipient_salutation,street_address,city,postal_code,"
               "country_area,country_code\n"
               "Catherine Klausen,Cat,2100 Vine Street,Berkeley,94709,CA,US\n"
               "Amy Ward,Amy,350 Fifth Avenue,New York,10118,NY,US\n")


def order_example() -> dict[str, object]:
    return {**SHARED_EXAMPLE, **RECIPIENT, "deliver_by": _deliver_by()}


def bulk_example() -> dict[str, object]:
    return {"csv": CSV_EXAMPLE, "shared": {**SHARED_EXAMPLE, "deliver_by": _deliver_by()},
            "confirm": False}


APPROVE_EXAMPLE = {"version": 1}
