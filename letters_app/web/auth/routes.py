"""Sign up, log in, log out, change password."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response

from letters_app.domain import accounts
from letters_app.domain.errors import InvalidInput
from letters_app.domain.models import Role, User
from letters_app.jobs import Job, outbox
from letters_app.web import db, rate_limits
from letters_app.web.access import me
from letters_app.web.actions import commit
from letters_app.web.auth import bp
from letters_app.web.auth.forms import (
    ChangePasswordForm,
    ForgotPasswordForm,
    LoginForm,
    ResetPasswordForm,
    SignupForm,
)
from letters_app.web.extensions import limiter
from letters_app.web.sessions import log_in, log_out


def _show_field_errors(form: FlaskForm, err: InvalidInput) -> None:
    """Put the domain's per-field messages next to the fields they are about."""
    for field, message in err.field_errors.items():
        getattr(form, field).errors.append(message)


def _home_for(user: User) -> str:
    if user.role_enum.is_staff:
        return url_for("staff.dashboard")
    if user.role_enum is Role.PRINTSHOP:
        return url_for("auth.account")
    if user.role_enum is Role.BUSINESS:
        return url_for("customer.bulk_orders_page")
    return url_for("customer.my_letters")


def _safe_next(default: str) -> str:
    """Only a path on this site: an open redirect would let a phishing link borrow our login.

    Browsers drop tabs and newlines inside URLs ("/<tab>/evil.example" becomes
    "//evil.example") and read a backslash as a slash, so any of those, or a scheme or host,
    means the default.
    """
    target = request.args.get("next", "")
    if not target.startswith("/") or "\\" in target or not target.isprintable():
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or target.startswith("//") or " " in target:
        return default
    return target


@bp.route("/")
def index() -> str | Response:
    if current_user.is_authenticated:
        return redirect(_home_for(me()))
    return render_template("index.html")


@bp.route("/signup", methods=["GET", "POST"])
@limiter.limit(rate_limits.signup_limit, methods=["POST"])
def signup() -> str | Response:
    form = SignupForm()
    if form.validate_on_submit():
        session = db.session()
        try:
            accounts.sign_up(session, email=form.email.data, name=form.name.data,
                             password=form.password.data)
        except InvalidInput as err:
            session.rollback()
            _show_field_errors(form, err)
        else:
            commit()  # and send the email the sign-up queued
            # The same answer whether or not the address has an account (its owner is told).
            flash(f"Almost there: we sent a link to {accounts.normalise_email(form.email.data)}."
                  " Follow it to finish signing up.", "success")
            return redirect(url_for("auth.login"))
    return render_template("auth/signup.html", form=form)


@bp.route("/signup/confirm/<token>")
def confirm_signup(token: str) -> Response:
    session = db.session()
    try:
        user = accounts.confirm_signup(session, token, db.services().config.secret_key)
        session.commit()
    except InvalidInput as err:
        session.rollback()
        flash(str(err), "error")
        return redirect(url_for("auth.login"))
    log_in(user)
    flash("Welcome! Your account is ready.", "success")
    return redirect(url_for("customer.my_letters"))


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(rate_limits.login_limit, methods=["POST"], deduct_when=rate_limits.failed_form)
def login() -> str | Response:
    form = LoginForm()
    if form.validate_on_submit():
        user = accounts.authenticate(db.session(), form.email.data, form.password.data)
        if user is not None:
            log_in(user)
            return redirect(_safe_next(_home_for(user)))
        form.password.errors.append("Email or password is wrong.")
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
@login_required
def logout() -> Response:
    log_out()
    flash("You are logged out.", "success")
    return redirect(url_for("auth.index"))


@bp.route("/account", methods=["GET", "POST"])
@login_required
@limiter.limit(rate_limits.login_limit, methods=["POST"], key_func=rate_limits.account_key,
               deduct_when=rate_limits.failed_form)
def account() -> str | Response:
    form = ChangePasswordForm()
    if form.validate_on_submit():
        session = db.session()
        user = me()
        try:
            accounts.change_password(user, form.current_password.data, form.new_password.data)
            session.commit()
        except InvalidInput as err:
            session.rollback()
            _show_field_errors(form, err)
        else:
            log_in(user)  # the new password ended every session, this one too
            flash("Password changed.", "success")
            return redirect(url_for("auth.account"))
    return render_template("auth/account.html", form=form)


@bp.route("/forgot", methods=["GET", "POST"])
@limiter.limit(rate_limits.login_limit, methods=["POST"])
@limiter.limit(rate_limits.reset_limit, methods=["POST"], key_func=rate_limits.reset_address_key)
def forgot_password() -> str | Response:
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        session = db.session()
        user = accounts.find_user_by_email(session, form.email.data)
        if user is not None and user.is_active:
            outbox.enqueue(session, Job.SEND_PASSWORD_RESET, user_id=user.id)
            commit()
        # The same answer either way: the form must not tell who has an account.
        flash("If an account uses that email, a link to choose a new password is on its way.",
              "success")
        return redirect(url_for("auth.login"))
    return render_template("auth/forgot.html", form=form)


@bp.route("/reset/<token>", methods=["GET", "POST"])
def reset_password(token: str) -> str | Response:
    session = db.session()
    secret = db.services().config.secret_key
    try:
        user = accounts.user_for_reset_token(session, token, secret)
    except InvalidInput as err:
        flash(str(err), "error")
        return redirect(url_for("auth.forgot_password"))
    form = ResetPasswordForm()
    if form.validate_on_submit():
        try:
            accounts.reset_password(user, form.new_password.data)
            session.commit()
        except InvalidInput as err:
            session.rollback()
            _show_field_errors(form, err)
        else:
            log_in(user)
            flash("Your new password is set.", "success")
            return redirect(_home_for(user))
    return render_template("auth/reset.html", form=form)
