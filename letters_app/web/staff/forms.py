"""Studio forms. Text rules (empty, length, coverage of the hand) live in the domain."""

from __future__ import annotations

from wtforms import IntegerField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, NumberRange
from wtforms.widgets import HiddenInput

from letters_app.domain.lifecycle import MAX_NOTE_CHARS
from letters_app.web.input_guard import GuardedForm


class ActionForm(GuardedForm):
    """An empty form: the CSRF token for claim / release / submit / release-to-customer."""


class DraftForm(GuardedForm):
    text = TextAreaField("Letter text", render_kw={"rows": 24, "spellcheck": "true"})
    expected_version = IntegerField(widget=HiddenInput(),
                                    validators=[InputRequired(), NumberRange(min=0)])
    save = SubmitField("Save")
    submit_for_review = SubmitField("Save and submit for review")

    def typed_text(self) -> str:
        return (self.text.data or "").replace("\r\n", "\n")


class SendBackForm(GuardedForm):
    note = TextAreaField("What should change", render_kw={"rows": 3,
                                                           "maxlength": MAX_NOTE_CHARS})
