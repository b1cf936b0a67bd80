"""The forms of the customer's own hand: which paper to print the sheet on, and the upload."""

from __future__ import annotations

from flask_wtf.file import FileField
from wtforms import RadioField

from letters_app.web.input_guard import GuardedForm


class SheetForm(GuardedForm):
    paper = RadioField("Paper", choices=[("letter", "US Letter"), ("a4", "A4")],
                       default="letter")


class HandUploadForm(GuardedForm):
    sheet = FileField("Photo or scan of your filled sheet")
