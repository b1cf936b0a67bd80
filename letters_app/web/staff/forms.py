"""Studio forms. Text rules (empty, length, coverage of the hand) live in the domain."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import IntegerField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, NumberRange
from wtforms.widgets import HiddenInput

from letters_app.domain.lifecycle import MAX_NOTE_CHARS


class ActionForm(FlaskForm):
    """An empty form: the CSRF token for claim / release / submit / release-to-customer."""


class DraftForm(FlaskForm):
    text = TextAreaField("Letter text", render_kw={"rows": 24, "spellcheck": "true"})
    expected_version = IntegerField(widget=HiddenInput(),
                                    validators=[InputRequired(), NumberRange(min=0)])
    save = SubmitField("Save")
    submit_for_review = SubmitField("Save and submit for review")

    def typed_text(self) -> str:
        return (self.text.data or "").replace("\r\n", "\n")


class SendBackForm(FlaskForm):
    note = TextAreaField("What should change", render_kw={"rows": 3,
                                                           "maxlength": MAX_NOTE_CHARS})


class ReleaseForm(FlaskForm):
    override_note = TextAreaField(
        "Override the length check: why this length is right",
        render_kw={"rows": 2, "maxlength": MAX_NOTE_CHARS})


class RestoreForm(FlaskForm):
    expected_version = IntegerField(widget=HiddenInput(),
                                    validators=[InputRequired(), NumberRange(min=0)])
