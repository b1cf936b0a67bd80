"""The customer's side: order, follow, proof, approve or cancel, download. Only their own."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date

from flask import abort, flash, jsonify, redirect, render_template, request, send_file, url_for
from flask_login import current_user
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response

from letters_app.domain import address_book, customer_actions, envelopes, own_hands, queries
from letters_app.domain.correspondence import correspondences_of
from letters_app.domain.errors import InvalidInput, NotFound
from letters_app.domain.models import DocumentKind, Letter, Role, SenderProfile
from letters_app.domain.orders import brief_editable, place_order
from letters_app.domain.pricing import money
from letters_app.web import db, hand_samples
from letters_app.web.access import me, roles_required
from letters_app.web.actions import commit, form_action
from letters_app.web.customer import bp
from letters_app.web.customer.forms import ActionForm, OrderForm, RevisionForm
from letters_app.web.files import document_response

DOWNLOADABLE = {DocumentKind.LETTER_PDF: "letter.pdf", DocumentKind.ENVELOPE_PDF: "envelope.pdf"}


def own_letter(letter_id: int) -> Letter:
    try:
        return queries.customer_letter(db.session(), me(), letter_id)
    except NotFound:
        abort(404)


@bp.app_template_filter("money")
def money_filter(cents: int, currency: str) -> str:
    return money(cents, currency)


@bp.route("/letters")
@roles_required(Role.CUSTOMER)
def my_letters() -> str:
    return render_template("customer/my_letters.html",
                           correspondences=correspondences_of(db.session(), me()))


@bp.route("/letters/new", methods=["GET", "POST"])
@roles_required(Role.CUSTOMER)
def new_letter() -> str | Response:
    session = db.session()
    form = OrderForm(own=own_hand_choices())
    profile = address_book.sender_profile(session, me())
    if not form.is_submitted():
        _prefill(form, profile, request.args.get("to", type=int))
    # "Update the price" (the way to see it without JavaScript) sends the form back priced
    # and places nothing.
    repricing = bool(form.update_quote.data)
    if not repricing and form.validate_on_submit():
        try:
            letter = place_order(session, me(), form.to_request(), form.order_key.data)
            if form.save_recipient.data:
                address_book.remember_recipient(session, me(), form.recipient_input())
        except InvalidInput as err:
            session.rollback()
            form.add_errors(err.field_errors, fallback="order_key")
            flash(str(err), "error")
        else:
            commit()
            flash("Thank you! Your letter is being written.", "success")
            return redirect(url_for("customer.letter_detail", letter_id=letter.id))
    elif form.is_submitted() and not repricing:
        flash("Please correct the marked fields.", "error")
    return render_template("customer/new_letter.html", form=form,
                           quote=form.quote(date.today()), profile=profile,
                           recipients=address_book.recipients_of(session, me()))


def own_hand_choices() -> list[tuple[str, str]]:
    """The customer's accepted hands as order-form choices, newest first."""
    return [(own_hands.hand_name(hand), own_hands.label(hand))
            for hand in own_hands.accepted_hands(db.session(), me())]


def _prefill(form: OrderForm, profile: SenderProfile | None, recipient_id: int | None) -> None:
    """A fresh order form starts from the sender details and, with ?to=, a saved recipient."""
    if profile is not None:
        form.fill_sender(profile)
    if recipient_id is not None:
        try:
            form.fill_recipient(address_book.recipient_of(db.session(), me(), recipient_id))
        except NotFound:
            abort(404)


@bp.route("/letters/quote.json")
@roles_required(Role.CUSTOMER)
def live_quote() -> tuple[Response, int] | Response:
    """The order form's price as the customer changes it (quote.js), from the same rules."""
    form = OrderForm(formdata=request.args, meta={"csrf": False}, own=own_hand_choices())
    price = form.quote(date.today())
    if price is None:
        return jsonify(error="Choose a length, paper, stationery and date to see the price."), 422
    return jsonify(currency=price.currency, total=money(price.total_cents, price.currency),
                   total_cents=price.total_cents,
                   lines=[{"label": line.label, "amount": money(line.cents, price.currency)}
                          for line in price.lines])


@bp.route("/letters/<int:letter_id>")
@roles_required(Role.CUSTOMER)
def letter_detail(letter_id: int) -> str:
    letter = own_letter(letter_id)
    return render_template("customer/letter.html", letter=letter, form=ActionForm(),
                           revision_form=RevisionForm(), editable=brief_editable(letter),
                           correctable=envelopes.address_correctable(letter),
                           **queries.letter_files(db.session(), letter))


@bp.route("/letters/<int:letter_id>/status.json")
@roles_required(Role.CUSTOMER)
def letter_status(letter_id: int) -> Response:
    letter = own_letter(letter_id)
    return jsonify(id=letter.id, status=letter.status, label=letter.status_enum.label,
                   version=letter.current_version)


@bp.route("/letters/<int:letter_id>/approve", methods=["POST"])
@roles_required(Role.CUSTOMER)
def approve(letter_id: int) -> Response:
    raw = ActionForm().version.data or ""
    version = int(raw) if raw.isdigit() else -1
    return _act(letter_id,
                lambda session, letter: customer_actions.approve(session, letter, me(), version),
                "Approved! We are penning your letter now.")


@bp.route("/letters/<int:letter_id>/revise", methods=["POST"])
@roles_required(Role.CUSTOMER)
def request_revision(letter_id: int) -> Response:
    note = RevisionForm().note.data or ""
    return _act(letter_id,
                lambda session, letter: customer_actions.request_revision(session, letter, me(),
                                                                          note),
                "Thank you. We are writing it again." if not note.strip()
                else "Thank you. A writer will rework your letter with your notes.")


def _act(letter_id: int, action: Callable[[Session, Letter], object], success: str) -> Response:
    letter = own_letter(letter_id)
    return form_action(lambda session: action(session, letter), success=success,
                       then=url_for("customer.letter_detail", letter_id=letter_id))


@bp.route("/letters/<int:letter_id>/files/<int:document_id>")
@roles_required(Role.CUSTOMER)
def letter_file(letter_id: int, document_id: int) -> Response:
    try:
        letter, document = queries.customer_document(db.session(), me(), letter_id, document_id)
    except NotFound:
        abort(404)
    name = DOWNLOADABLE.get(document.kind)
    return document_response(document, f"letter-{letter.id}-{name}" if name else None)


@bp.route("/hands/<name>.png")
def hand_sample(name: str) -> Response:
    """A small sample of a hand for the order form, rendered once per process; a customer's
    own hand only for that customer (a 404 for anyone else, as for a hand that is not)."""
    if own_hands.hand_id(name) is not None:
        return _own_sample(name)
    try:
        png = hand_samples.sample_png(name)
    except KeyError:
        abort(404)
    return send_file(io.BytesIO(png), mimetype="image/png", max_age=86400)


def _own_sample(name: str) -> Response:
    user = current_user
    if (not user.is_authenticated or user.role_enum != Role.CUSTOMER
            or name not in own_hands.choosable(db.session(), me())):
        abort(404)
    response = send_file(io.BytesIO(hand_samples.own_sample_png(name)), mimetype="image/png")
    response.headers["Cache-Control"] = "private, max-age=86400"
    return response
