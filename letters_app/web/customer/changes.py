"""Changing an order after placing it: the whole order before writing starts, the address
until printing, and cancelling on a page of its own that says what it means."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from flask import flash, redirect, render_template, request, url_for
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response

from letters_app.domain import address_book, customer_actions, envelopes
from letters_app.domain.errors import DomainError, InvalidInput
from letters_app.domain.lifecycle import can_transition
from letters_app.domain.models import Letter, Role
from letters_app.domain.orders import brief_editable, edit_order
from letters_app.domain.status import Actor, Status
from letters_app.web import db
from letters_app.web.access import me, roles_required
from letters_app.web.actions import form_action, run_step
from letters_app.web.customer import bp
from letters_app.web.customer.forms import ActionForm, AddressCorrectionForm, OrderForm
from letters_app.web.customer.routes import own_hand_choices, own_letter
from letters_app.web.errors import flash_error


@bp.route("/letters/<int:letter_id>/edit", methods=["GET", "POST"])
@roles_required(Role.CUSTOMER)
def edit_letter(letter_id: int) -> str | Response:
    letter = own_letter(letter_id)
    back = url_for("customer.letter_detail", letter_id=letter.id)
    if brief_editable(letter):
        form: OrderForm | AddressCorrectionForm = OrderForm(own=own_hand_choices())
    elif envelopes.address_correctable(letter):
        form = AddressCorrectionForm()
    else:
        flash("The letter is cancelled; it can no longer change."
              if letter.status == Status.CANCELLED
              else "The letter is with the print shop; it can no longer change.", "error")
        return redirect(back)
    repricing = isinstance(form, OrderForm) and bool(form.update_quote.data)
    if not form.is_submitted():
        form.fill_letter(letter)
    elif repricing:
        pass  # "Update the price" without JavaScript: the form back, priced, nothing saved
    elif form.validate_on_submit():
        try:
            run_step(_change(form, letter))
        except InvalidInput as err:
            form.add_errors(err.field_errors, fallback="recipient_name")
            flash(str(err), "error")
        except DomainError as err:
            flash_error(err)
            return redirect(back)
        else:
            flash("Your order is changed." if isinstance(form, OrderForm)
                  else "The address is corrected.", "success")
            return redirect(back)
    else:
        flash("Please correct the marked fields.", "error")
    session = db.session()
    return render_template("customer/edit_letter.html", form=form, letter=letter,
                           whole_order=isinstance(form, OrderForm),
                           quote=form.quote(date.today()) if isinstance(form, OrderForm)
                           else None,
                           profile=address_book.sender_profile(session, me()))


def _change(form: OrderForm | AddressCorrectionForm, letter: Letter) -> Callable[[Session], None]:
    if isinstance(form, OrderForm):
        order = form.to_request()
        return lambda session: edit_order(session, letter, me(), order)
    address = form.address_input(form.recipient_name.data or "")
    return lambda session: envelopes.correct_address(session, db.services().storage, letter,
                                                     me(), address)


@bp.route("/letters/<int:letter_id>/cancel", methods=["GET", "POST"])
@roles_required(Role.CUSTOMER)
def cancel(letter_id: int) -> str | Response:
    """GET asks for confirmation on a page of its own; POST cancels. One rule for both, so an
    id out of range is a 404 for either method (two rules would answer 405)."""
    letter = own_letter(letter_id)
    if request.method == "POST":
        return form_action(
            lambda session: customer_actions.cancel(session, letter, me(), Actor.CUSTOMER),
            success="Your letter is cancelled. We have sent you an email to confirm it.",
            then=url_for("customer.letter_detail", letter_id=letter_id))
    if not can_transition(letter.status_enum, Status.CANCELLED, Actor.CUSTOMER):
        flash("This letter can no longer be cancelled.", "error")
        return redirect(url_for("customer.letter_detail", letter_id=letter.id))
    return render_template("customer/cancel.html", letter=letter, form=ActionForm())
