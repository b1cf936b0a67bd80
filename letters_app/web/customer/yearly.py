"""A customer's yearly letters: ask for a letter every year on a date, pause or stop it, and
give this year's memories when its brief is made."""

from __future__ import annotations

from datetime import date

from flask import abort, flash, redirect, render_template, url_for
from werkzeug.wrappers import Response
from wtforms import BooleanField, DateField, TextAreaField
from wtforms.validators import InputRequired

from letters_app.domain import queries, recurring
from letters_app.domain.engine_drafts import waits_for_memories
from letters_app.domain.errors import DomainError, InvalidInput, NotFound
from letters_app.domain.models import Letter, Role
from letters_app.web import db
from letters_app.web.access import me, roles_required
from letters_app.web.actions import run_step
from letters_app.web.customer import bp
from letters_app.web.errors import flash_error
from letters_app.web.input_guard import GuardedForm

# The customer's letter page asks for this year's memories while a yearly brief waits for them.
bp.add_app_template_global(waits_for_memories)


class EveryYearForm(GuardedForm):
    on = DateField("Every year on", validators=[InputRequired()])


class MemoriesForm(GuardedForm):
    memories = TextAreaField("This year's memories and news, one per line",
                             render_kw={"rows": 5})
    recall_earlier = BooleanField("Also recall the memories of the earlier letters")


def _own(letter_id: int) -> Letter:
    try:
        return queries.customer_letter(db.session(), me(), letter_id)
    except NotFound:
        abort(404)


@bp.route("/letters/<int:letter_id>/every-year", methods=["GET", "POST"])
@roles_required(Role.CUSTOMER)
def every_year(letter_id: int) -> str | Response:
    letter = _own(letter_id)
    form = EveryYearForm(data={"on": letter.deliver_by})
    if form.validate_on_submit():
        on: date = form.on.data
        run_step(lambda session: recurring.every_year(session, me(), letter, on))
        flash(f"We will write to {letter.recipient_name} every year on "
              f"{on.strftime('%d %B')}, and ask you for that year's memories first.", "success")
        return redirect(url_for("customer.every_year", letter_id=letter_id))
    return render_template("customer/every_year.html", letter=letter, form=form,
                           action_form=GuardedForm(),
                           yearly=recurring.yearly_of(db.session(), me(), letter))


@bp.route("/yearly/<int:yearly_id>/<any(pause, resume, stop):action>", methods=["POST"])
@roles_required(Role.CUSTOMER)
def set_yearly(yearly_id: int, action: str) -> Response:
    state = {"pause": recurring.RecurringState.PAUSED, "resume": recurring.RecurringState.ACTIVE,
             "stop": recurring.RecurringState.STOPPED}[action]
    if not GuardedForm().validate_on_submit():
        abort(400)
    try:
        yearly = run_step(lambda session: recurring.set_state(session, me(), yearly_id, state))
    except NotFound:
        abort(404)
    except DomainError as err:
        flash_error(err)
        return redirect(url_for("customer.my_letters"))
    flash(f"Your yearly letter is {state.value}.", "success")
    return redirect(url_for("customer.every_year", letter_id=yearly.template_letter_id))


@bp.route("/letters/<int:letter_id>/memories", methods=["GET", "POST"])
@roles_required(Role.CUSTOMER)
def this_years_memories(letter_id: int) -> str | Response | tuple[str, int]:
    letter = _own(letter_id)
    form = MemoriesForm()
    if form.validate_on_submit():
        try:
            run_step(lambda session: recurring.add_memories(
                session, me(), letter, form.memories.data or "", form.recall_earlier.data))
        except InvalidInput as err:
            form.memories.errors = [err.field_errors.get("memories", str(err))]
            return render_template("customer/memories.html", letter=letter, form=form), 422
        except DomainError as err:
            flash_error(err)
        else:
            flash("Thank you: your letter is being written.", "success")
        return redirect(url_for("customer.letter_detail", letter_id=letter_id))
    if not waits_for_memories(letter):
        return redirect(url_for("customer.letter_detail", letter_id=letter_id))
    return render_template("customer/memories.html", letter=letter, form=form)
