"""What the print-shop API reads and answers, as marshmallow schemas (and so in the spec)."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from letters_app.domain.batch_files import IMPOSITIONS, ORDERS
from letters_app.domain.printing import MAX_BATCH, MAX_TRACKING
from letters_app.web.api.schemas import MAX_ID


class WhoAmISchema(Schema):
    id = fields.Integer(required=True)
    email = fields.String(required=True)
    role = fields.String(required=True)


class PrintFileSchema(Schema):
    kind = fields.String(required=True, metadata={
        "description": "letter_pdf or envelope_pdf; for a pen-plotted letter also plot_svg, "
                       "plot_hpgl and plot_gcode (one per page) and envelope_plot_svg, "
                       "envelope_plot_hpgl, envelope_plot_gcode; for a batch, batch_pdf or "
                       "manifest"})
    page = fields.Integer(metadata={"description": "The letter page a plot file draws (plot "
                                                   "files of a letter only)."})
    sha256 = fields.String(required=True)
    size = fields.Integer(required=True)
    url = fields.String(required=True, metadata={"description": "A path on this API."})


class PrintLetterSchema(Schema):
    id = fields.Integer(required=True)
    status = fields.String(required=True)
    paper = fields.String(required=True)
    stationery = fields.String(required=True)
    with_envelope = fields.Boolean(required=True)
    pen_plotted = fields.Boolean(required=True, metadata={
        "description": "Written by a pen plotter from the plot files, not printed."})
    deliver_by = fields.Date(required=True)
    tracking_number = fields.String(required=True, allow_none=True)
    withdrawn = fields.Boolean(required=True, metadata={
        "description": "Its customer deleted their account: it is out of the batch's files "
                       "and not to be printed or shipped (status cancelled, unless shipped)."})
    files = fields.List(fields.Nested(PrintFileSchema), required=True)


class PrintLettersSchema(Schema):
    letters = fields.List(fields.Nested(PrintLetterSchema), required=True)


class BatchSchema(Schema):
    id = fields.Integer(required=True)
    created_at = fields.DateTime(required=True)
    state = fields.String(required=True, validate=validate.OneOf(["building", "ready"]),
                          metadata={"description": "building: the files are being made "
                                                   "(ask again); ready: files are listed."})
    order = fields.String(required=True, validate=validate.OneOf(ORDERS))
    imposition = fields.String(required=True, validate=validate.OneOf(IMPOSITIONS))
    files = fields.List(fields.Nested(PrintFileSchema), required=True, metadata={
        "description": "batch_pdf (cover sheet, letters, envelopes) and manifest, once the "
                       "state is ready."})
    letters = fields.List(fields.Nested(PrintLetterSchema), required=True)


class BatchesSchema(Schema):
    batches = fields.List(fields.Nested(BatchSchema), required=True)


class BatchRequestSchema(Schema):
    letter_ids = fields.List(fields.Integer(strict=True,
                                            validate=validate.Range(min=1, max=MAX_ID)),
                             required=True,
                             validate=validate.Length(max=MAX_BATCH),
                             metadata={"description": "Letters ready to print, to take as one "
                                                      "batch (all or none)."})
    order = fields.String(load_default=ORDERS[0], validate=validate.OneOf(ORDERS), metadata={
        "description": "letters_then_envelopes: every letter, then every envelope in the same "
                       "order. interleaved: each letter followed by its envelope."})
    imposition = fields.String(load_default="none", validate=validate.OneOf(IMPOSITIONS),
                               metadata={"description": "none, or 5×7 in cards two to a sheet "
                                                        "(2up_tabloid: 11×17 in; 2up_a3: A3) "
                                                        "with a bleed and crop marks."})


class ShippedRequestSchema(Schema):
    tracking_number = fields.String(required=True, validate=validate.Length(max=MAX_TRACKING))


BATCH_EXAMPLE = {"letter_ids": [1], "order": "interleaved", "imposition": "none"}
SHIPPED_EXAMPLE = {"tracking_number": "1Z999AA10123456784"}
