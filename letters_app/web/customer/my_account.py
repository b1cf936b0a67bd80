"""The customer's data: take it all away as a zip, or delete the account."""

from __future__ import annotations

import io

from flask import flash, redirect, render_template, send_file, url_for
from flask_login import logout_user
from werkzeug.wrappers import Response
from wtforms import BooleanField, PasswordField

from letters_app.domain import erasure, my_data
from letters_app.domain.errors import InvalidInput
from letters_app.domain.models import Role
from letters_app.web import db
from letters_app.web.access import me, roles_required
from letters_app.web.actions import run_step
from letters_app.web.customer import bp
from letters_app.web.input_guard import GuardedForm


class DeleteAccountForm(GuardedForm):
    current_password = PasswordField("Your current password")
    confirm = BooleanField("I understand that my account, my address book and my letters "
                           "will be deleted, and that this cannot be undone")


@bp.route("/account/my-data.zip")
@roles_required(Role.CUSTOMER)
def download_my_data() -> Response:
    data = my_data.export_zip(db.session(), db.services().storage, me())
    response = send_file(io.BytesIO(data), mimetype="application/zip", as_attachment=True,
                         download_name="my-letters-data.zip")
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.route("/account/delete", methods=["GET", "POST"])
@roles_required(Role.CUSTOMER)
def delete_account() -> str | Response:
    form = DeleteAccountForm()
    if form.validate_on_submit():
        customer = me()
        try:
            blobs = run_step(lambda session: erasure.erase_account(
                session, customer, form.current_password.data or "", bool(form.confirm.data)))
        except InvalidInput as err:
            for name, message in err.field_errors.items():
                getattr(form, name).errors.append(message)
            flash(str(err), "error")
        else:
            erasure.forget_files(db.session(), db.services().storage, blobs)
            db.services().hand_fonts.forget(blobs)
            logout_user()
            flash("Your account and your data are deleted. Thank you for writing with us.",
                  "success")
            return redirect(url_for("auth.index"))
    return render_template("customer/delete_account.html", form=form)
