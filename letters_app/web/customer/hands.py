"""The customer's own hand: get a sample sheet, upload it filled, watch it being read, see
the result and accept it. Only their own; anyone else's hand is a 404."""

from __future__ import annotations

import io

from flask import abort, flash, jsonify, redirect, render_template, send_file, url_for
from werkzeug.wrappers import Response

from letters_app.domain import hand_building, hand_uploads, own_hands
from letters_app.domain.errors import InvalidInput, NotFound
from letters_app.domain.models import HandState, OwnHand, Role
from letters_app.web import db, hand_samples
from letters_app.web.access import me, roles_required
from letters_app.web.actions import form_action, run_step
from letters_app.web.customer import bp, too_large
from letters_app.web.customer.forms import ActionForm
from letters_app.web.customer.hand_forms import HandUploadForm, SheetForm
from letters_app.web.input_guard import body_limit

# The upload's own limit: the domain's file limit plus the multipart envelope around it.
UPLOAD_BODY_LIMIT = hand_uploads.MAX_UPLOAD_BYTES + 64 * 1024


def _hand(hand_id: int) -> OwnHand:
    try:
        return own_hands.own_hand(db.session(), me(), hand_id)
    except NotFound:
        abort(404)


def _page(sheet_form: SheetForm | None = None, upload_form: HandUploadForm | None = None,
          status: int = 200) -> tuple[str, int]:
    return render_template("customer/my_hand.html", sheet_form=sheet_form or SheetForm(),
                           upload_form=upload_form or HandUploadForm(),
                           hands=own_hands.hands_of(db.session(), me()),
                           upload_mb=hand_uploads.MAX_UPLOAD_BYTES // (1024 * 1024)), status


@bp.route("/my-hand")
@roles_required(Role.CUSTOMER)
def my_hand() -> tuple[str, int]:
    return _page()


@bp.route("/my-hand/sheet", methods=["POST"])
@roles_required(Role.CUSTOMER)
def hand_sheet() -> Response | tuple[str, int]:
    """A new sample sheet, bound to this account, as a PDF to print."""
    form = SheetForm()
    if not form.validate_on_submit():
        return _page(sheet_form=form, status=422)
    sheet, pdf = run_step(lambda session: hand_building.issue_sheet(session, me(),
                                                                    form.paper.data or ""))
    response = send_file(io.BytesIO(pdf), mimetype="application/pdf", as_attachment=True,
                         download_name=f"handwriting-sheet-{sheet.id}.pdf")
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.route("/my-hand/upload", methods=["POST"])
@roles_required(Role.CUSTOMER)
@body_limit(UPLOAD_BODY_LIMIT)
def upload_hand() -> Response | tuple[str, int]:
    form = HandUploadForm()
    if not form.validate_on_submit():
        return _page(upload_form=form, status=400)
    upload = form.sheet.data
    # The body limit already refused anything much larger; read one byte past the file
    # limit, so the domain can say "too large" without holding more than that.
    data = upload.stream.read(hand_uploads.MAX_UPLOAD_BYTES + 1) if upload else b""
    try:
        hand = run_step(lambda session: hand_uploads.receive_upload(
            session, db.services().storage, me(), data))
    except InvalidInput as err:
        form.sheet.errors = [str(err)]
        flash(str(err), "error")
        return _page(upload_form=form, status=422)
    return redirect(url_for("customer.hand_detail", hand_id=hand.id))


@too_large.page_for("customer.upload_hand")
def too_large_page() -> tuple[str, int]:
    """A body past the upload's limit is refused before it is read; the customer sees why on
    the page they came from."""
    form = HandUploadForm(formdata=None)
    form.sheet.errors = [hand_uploads.TOO_LARGE]
    return _page(sheet_form=SheetForm(formdata=None), upload_form=form, status=413)


@bp.route("/my-hand/<int:hand_id>")
@roles_required(Role.CUSTOMER)
def hand_detail(hand_id: int) -> str:
    hand = _hand(hand_id)
    return render_template("customer/hand.html", hand=hand, form=ActionForm(),
                           sample_name=_drawable_name(hand))


@bp.route("/my-hand/<int:hand_id>/status.json")
@roles_required(Role.CUSTOMER)
def hand_status(hand_id: int) -> Response:
    hand = _hand(hand_id)
    return jsonify(id=hand.id, state=hand.state, error=hand.error)


@bp.route("/my-hand/<int:hand_id>/accept", methods=["POST"])
@roles_required(Role.CUSTOMER)
def accept_hand(hand_id: int) -> Response:
    hand = _hand(hand_id)
    return form_action(lambda session: hand_building.accept(session, me(), hand.id),
                       success="Your hand is ready: choose it under Handwriting when you "
                               "order a letter.",
                       then=url_for("customer.hand_detail", hand_id=hand.id))


@bp.route("/my-hand/<int:hand_id>/sample.png")
@roles_required(Role.CUSTOMER)
def own_hand_sample(hand_id: int) -> Response:
    """The customer's hand writing the sample paragraph, once it is built."""
    name = _drawable_name(_hand(hand_id))
    if name is None:
        abort(404)
    png = hand_samples.paragraph_png(name)
    response = send_file(io.BytesIO(png), mimetype="image/png")
    response.headers["Cache-Control"] = "private, max-age=3600"
    return response


def _drawable_name(hand: OwnHand) -> str | None:
    drawable = hand.state in {HandState.READY, HandState.ACCEPTED} and hand.font_sha256
    return own_hands.hand_name(hand) if drawable else None
