"""The address book and the sender details: saved once, they pre-fill the order form."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from werkzeug.wrappers import Response

from letters_app.domain import address_book
from letters_app.domain.errors import InvalidInput, NotFound
from letters_app.domain.models import Role, SavedRecipient
from letters_app.web import db
from letters_app.web.access import me, roles_required
from letters_app.web.actions import commit, form_action
from letters_app.web.customer import bp
from letters_app.web.customer.book_forms import SenderForm
from letters_app.web.customer.forms import ActionForm, RecipientFields


def _own_entry(recipient_id: int) -> SavedRecipient:
    try:
        return address_book.recipient_of(db.session(), me(), recipient_id)
    except NotFound:
        abort(404)


@bp.route("/addresses")
@roles_required(Role.CUSTOMER)
def addresses() -> str:
    session = db.session()
    return render_template("customer/addresses.html",
                           recipients=address_book.recipients_of(session, me()),
                           profile=address_book.sender_profile(session, me()),
                           form=ActionForm())


@bp.route("/addresses/new", methods=["GET", "POST"])
@roles_required(Role.CUSTOMER)
def new_address() -> str | Response:
    return _recipient_form(RecipientFields(), None)


@bp.route("/addresses/<int:recipient_id>/edit", methods=["GET", "POST"])
@roles_required(Role.CUSTOMER)
def edit_address(recipient_id: int) -> str | Response:
    entry = _own_entry(recipient_id)
    form = RecipientFields()
    if not form.is_submitted():
        form.fill_recipient(entry)
    return _recipient_form(form, entry.id)


def _recipient_form(form: RecipientFields, recipient_id: int | None) -> str | Response:
    if form.validate_on_submit():
        session = db.session()
        try:
            address_book.save_recipient(session, me(), form.recipient_input(), recipient_id)
        except InvalidInput as err:
            session.rollback()
            form.add_errors(err.field_errors, fallback="recipient_name")
            flash(str(err), "error")
        else:
            commit()
            flash(f"Saved {form.recipient_name.data} to your address book.", "success")
            return redirect(url_for("customer.addresses"))
    elif form.is_submitted():
        flash("Please correct the marked fields.", "error")
    return render_template("customer/address_form.html", form=form, recipient_id=recipient_id)


@bp.route("/addresses/<int:recipient_id>/remove", methods=["POST"])
@roles_required(Role.CUSTOMER)
def remove_address(recipient_id: int) -> Response:
    _own_entry(recipient_id)
    return form_action(
        lambda session: address_book.remove_recipient(session, me(), recipient_id),
        success="Removed from your address book.", then=url_for("customer.addresses"))


@bp.route("/sender", methods=["GET", "POST"])
@roles_required(Role.CUSTOMER)
def sender_details() -> str | Response:
    session = db.session()
    form = SenderForm()
    profile = address_book.sender_profile(session, me())
    if not form.is_submitted() and profile is not None:
        form.fill(profile)
    if form.validate_on_submit():
        try:
            address_book.save_sender_profile(session, me(), form.sender_input())
        except InvalidInput as err:
            session.rollback()
            form.add_errors(err.field_errors, fallback="sender_name")
            flash(str(err), "error")
        else:
            commit()
            flash("Your sender details are saved; new orders start with them.", "success")
            return redirect(url_for("customer.addresses"))
    elif form.is_submitted():
        flash("Please correct the marked fields.", "error")
    return render_template("customer/sender.html", form=form)
