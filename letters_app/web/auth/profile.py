"""Change the account's name, and its email by a link sent to the new address."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, url_for
from flask_login import login_required
from werkzeug.wrappers import Response
from wtforms import EmailField, PasswordField, StringField

from letters_app.domain import email_change
from letters_app.domain.errors import DomainError, InvalidInput
from letters_app.web.access import me
from letters_app.web.actions import run_step
from letters_app.web.auth import bp
from letters_app.web.errors import flash_error
from letters_app.web.input_guard import GuardedForm


class ProfileForm(GuardedForm):
    name = StringField("Your name")
    email = EmailField("Email")
    current_password = PasswordField("Current password (to change the email)")


@bp.route("/account/profile", methods=["GET", "POST"])
@login_required
def profile() -> str | Response:
    user = me()
    form = ProfileForm()
    if not form.is_submitted():
        form.name.data, form.email.data = user.name, user.email
    elif form.validate_on_submit():
        new_email = (form.email.data or "").strip().lower()
        moving = new_email != user.email

        def step(session):  # type: ignore[no-untyped-def]
            email_change.change_name(user, form.name.data or "")
            if moving:
                email_change.request_email_change(session, user, new_email,
                                                  form.current_password.data or "")
        try:
            run_step(step)
        except InvalidInput as err:
            for name, message in err.field_errors.items():
                getattr(form, name).errors.append(message)
            flash(str(err), "error")
        except DomainError as err:
            flash_error(err)
        else:
            flash(f"We have sent a link to {new_email}: open it to use that address."
                  if moving else "Your name is changed.", "success")
            return redirect(url_for("auth.account"))
    return render_template("auth/profile.html", form=form)


@bp.route("/account/email/<token>")
def confirm_email(token: str) -> Response:
    secret = current_app.config["SECRET_KEY"]
    try:
        user = run_step(lambda session: email_change.confirm_email_change(session, token, secret))
    except DomainError as err:
        flash_error(err)
        return redirect(url_for("auth.index"))
    flash(f"Your email is now {user.email}.", "success")
    return redirect(url_for("auth.index"))
