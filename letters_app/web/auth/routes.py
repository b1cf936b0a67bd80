"""Sign up, log in, log out, change password."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required, login_user, logout_user
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response

from letters_app.domain import accounts
from letters_app.domain.errors import DomainError, InvalidInput
from letters_app.domain.models import Role, User
from letters_app.jobs import Job, outbox
from letters_app.web import db
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
from letters_app.web.extensions import limiter, login_manager


@dataclass
class LoginUser:
    """Flask-Login's view of a domain User (the domain stays free of Flask)."""

    user: User
    is_authenticated: bool = True
    is_anonymous: bool = False

    @property
    def is_active(self) -> bool:
        return self.user.is_active

    @property
    def role_enum(self) -> Role:
        return self.user.role_enum

    @property
    def name(self) -> str:
        return self.user.name

    def get_id(self) -> str:
        # Include the password hash's tail: changing the password ends other sessions.
        return f"{self.user.id}:{self.user.password_hash[-12:]}"


@login_manager.user_loader
def load_user(user_id: str) -> LoginUser | None:
    raw_id, _, stamp = user_id.partition(":")
    if not raw_id.isdigit():
        return None
    user = db.session().get(User, int(raw_id))
    if user is None or not user.is_active or user.password_hash[-12:] != stamp:
        return None
    return LoginUser(user)


def _show_field_errors(form: FlaskForm, err: InvalidInput) -> None:
    """Put the domain's per-field messages next to the fields they are about."""
    for field, message in err.field_errors.items():
        getattr(form, field).errors.append(message)


def _home_for(user: User) -> str:
    if user.role_enum.is_staff:
        return url_for("staff.dashboard")
    if user.role_enum is Role.PRINTSHOP:
        return url_for("auth.account")
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
def signup() -> str | Response:
    form = SignupForm()
    if form.validate_on_submit():
        session = db.session()
        try:
            user = accounts.create_user(session, email=form.email.data, name=form.name.data,
                                        password=form.password.data)
            session.commit()
        except InvalidInput as err:
            session.rollback()
            _show_field_errors(form, err)
        except DomainError as err:
            session.rollback()
            form.email.errors.append(str(err))
        else:
            login_user(LoginUser(user))
            flash("Welcome! Your account is ready.", "success")
            return redirect(url_for("customer.my_letters"))
    return render_template("auth/signup.html", form=form)


def _login_limit() -> str:
    return current_app.extensions["letters"].config.login_rate_limit


def _failed_login(response: Response) -> bool:
    # A successful login redirects; only failures count against the limit.
    return response.status_code != 302


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"], deduct_when=_failed_login)
def login() -> str | Response:
    form = LoginForm()
    if form.validate_on_submit():
        user = accounts.authenticate(db.session(), form.email.data, form.password.data)
        if user is not None:
            login_user(LoginUser(user))
            return redirect(_safe_next(_home_for(user)))
        form.password.errors.append("Email or password is wrong.")
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
@login_required
def logout() -> Response:
    logout_user()
    flash("You are logged out.", "success")
    return redirect(url_for("auth.index"))


@bp.route("/account", methods=["GET", "POST"])
@login_required
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
            login_user(LoginUser(user))  # the session id changed with the password
            flash("Password changed.", "success")
            return redirect(url_for("auth.account"))
    return render_template("auth/account.html", form=form)


@bp.route("/forgot", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
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
            accounts.set_password(user, form.new_password.data)
            session.commit()
        except InvalidInput as err:
            session.rollback()
            _show_field_errors(form, err)
        else:
            login_user(LoginUser(user))
            flash("Your new password is set.", "success")
            return redirect(_home_for(user))
    return render_template("auth/reset.html", form=form)
