"""The customer's side: order, follow, proof, approve or cancel, download. Only their own."""

from __future__ import annotations

import io
from collections.abc import Callable

from flask import abort, flash, jsonify, redirect, render_template, send_file, url_for
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response

from letters_app.domain import customer_actions, queries
from letters_app.domain.errors import InvalidInput, NotFound
from letters_app.domain.models import DocumentKind, Letter, Role
from letters_app.domain.orders import place_order
from letters_app.domain.status import Actor
from letters_app.web import db, hand_samples
from letters_app.web.access import me, roles_required
from letters_app.web.actions import commit, form_action
from letters_app.web.customer import bp
from letters_app.web.customer.forms import ActionForm, OrderForm, RevisionForm
from letters_app.web.files import document_response

DOWNLOADABLE = {DocumentKind.LETTER_PDF: "letter.pdf", DocumentKind.ENVELOPE_PDF: "envelope.pdf"}


def _own_letter(letter_id: int) -> Letter:
    try:
        return queries.customer_letter(db.session(), me(), letter_id)
    except NotFound:
        abort(404)


@bp.route("/letters")
@roles_required(Role.CUSTOMER)
def my_letters() -> str:
    letters = queries.letters_of_customer(db.session(), me())
    return render_template("customer/my_letters.html", letters=letters)


@bp.route("/letters/new", methods=["GET", "POST"])
@roles_required(Role.CUSTOMER)
def new_letter() -> str | Response:
    form = OrderForm()
    if form.validate_on_submit():
        session = db.session()
        try:
            letter = place_order(session, me(), form.to_request(), form.order_key.data)
        except InvalidInput as err:
            session.rollback()
            form.add_errors(err.field_errors)
            flash(str(err), "error")
        else:
            commit()
            flash("Thank you! Your letter is being written.", "success")
            return redirect(url_for("customer.letter_detail", letter_id=letter.id))
    elif form.is_submitted():
        flash("Please correct the marked fields.", "error")
    return render_template("customer/new_letter.html", form=form)


@bp.route("/letters/<int:letter_id>")
@roles_required(Role.CUSTOMER)
def letter_detail(letter_id: int) -> str:
    letter = _own_letter(letter_id)
    return render_template("customer/letter.html", letter=letter, form=ActionForm(),
                           revision_form=RevisionForm(),
                           **queries.letter_files(db.session(), letter))


@bp.route("/letters/<int:letter_id>/status.json")
@roles_required(Role.CUSTOMER)
def letter_status(letter_id: int) -> Response:
    letter = _own_letter(letter_id)
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


@bp.route("/letters/<int:letter_id>/cancel", methods=["POST"])
@roles_required(Role.CUSTOMER)
def cancel(letter_id: int) -> Response:
    return _act(letter_id,
                lambda session, letter: customer_actions.cancel(session, letter, me(),
                                                                Actor.CUSTOMER),
                "Your letter is cancelled.")


def _act(letter_id: int, action: Callable[[Session, Letter], object], success: str) -> Response:
    letter = _own_letter(letter_id)
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
    """A small sample of a hand for the order form, rendered once per process."""
    try:
        png = hand_samples.sample_png(name)
    except KeyError:
        abort(404)
    return send_file(io.BytesIO(png), mimetype="image/png", max_age=86400)
