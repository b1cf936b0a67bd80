"""The admin area: accounts and roles, print shops and routing, API tokens, webhooks and
their delivery logs. Admins only; every form carries a CSRF token (form_action checks it)."""

from __future__ import annotations

from flask import abort, render_template, request, url_for
from sqlalchemy import select
from werkzeug.wrappers import Response

from letters_app.domain import accounts, routing, webhooks
from letters_app.domain.errors import DomainError, InvalidInput, NotFound
from letters_app.domain.models import Role, User, Webhook
from letters_app.web import db
from letters_app.web.access import me, roles_required
from letters_app.web.actions import form_action, run_step
from letters_app.web.admin import bp
from letters_app.web.customer.forms import ActionForm
from letters_app.web.errors import flash_error

ADMIN = Role.ADMIN


@bp.route("/")
@roles_required(ADMIN)
def home() -> str:
    return render_template("admin/home.html")


@bp.route("/users")
@roles_required(ADMIN)
def users() -> str:
    rows = db.session().scalars(select(User).order_by(User.id)).all()
    return render_template("admin/users.html", users=rows, roles=list(Role), form=ActionForm())


@bp.route("/users/<id:user_id>/role", methods=["POST"])
@roles_required(ADMIN)
def set_role(user_id: int) -> Response:
    def step(session):  # type: ignore[no-untyped-def]
        try:
            role = Role(request.form.get("role", ""))
        except ValueError:
            raise InvalidInput("Choose a role.") from None
        accounts.set_role(session, _user(session, user_id), role, by=me())

    return form_action(step, success="Role changed.", then=url_for("admin.users"))


@bp.route("/tokens", methods=["GET", "POST"])
@roles_required(ADMIN)
def tokens() -> str:
    """The list, and the form that issues one: its secret is shown on this answer only."""
    issued = None
    if request.method == "POST":  # CSRFProtect has checked the token already
        def issue(session):  # type: ignore[no-untyped-def]
            user = accounts.find_user_by_email(session, request.form.get("email", ""))
            if user is None:
                raise NotFound("No account with that email.")
            return accounts.issue_token(session, user, name=request.form.get("name") or
                                        "admin issued", scopes=set()).secret
        try:
            issued = run_step(issue)
        except DomainError as err:
            flash_error(err)
    return render_template("admin/tokens.html", tokens=accounts.all_tokens(db.session()),
                           issued=issued, form=ActionForm())


@bp.route("/tokens/<id:token_id>/revoke", methods=["POST"])
@roles_required(ADMIN)
def revoke_token(token_id: int) -> Response:
    def step(session):  # type: ignore[no-untyped-def]
        token = next((t for t in accounts.all_tokens(session) if t.id == token_id), None)
        if token is None:
            raise NotFound("No such token.")
        accounts.revoke_token(session, token.user, token_id)

    return form_action(step, success="Token revoked.", then=url_for("admin.tokens"))


@bp.route("/routing")
@roles_required(ADMIN)
def shops() -> str:
    session = db.session()
    printshops = session.scalars(select(User).where(User.role == Role.PRINTSHOP.value)
                                 .order_by(User.id)).all()
    return render_template("admin/routing.html", shops=printshops,
                           routes=routing.all_routes(session), form=ActionForm())


@bp.route("/routing/<id:shop_id>", methods=["POST"])
@roles_required(ADMIN)
def set_routes(shop_id: int) -> Response:
    def step(session):  # type: ignore[no-untyped-def]
        codes: list[str | None] = [c for c in request.form.get("countries", "")
                                   .replace(",", " ").split() if c]
        if request.form.get("catch_all"):
            codes.append(None)
        routing.set_routes(session, _user(session, shop_id), codes)

    return form_action(step, success="Routes saved.", then=url_for("admin.shops"))


@bp.route("/webhooks")
@roles_required(ADMIN)
def webhook_list() -> str:
    return render_template("admin/webhooks.html", hooks=webhooks.all_webhooks(db.session()),
                           form=ActionForm())


@bp.route("/webhooks/<id:webhook_id>")
@roles_required(ADMIN)
def webhook_log(webhook_id: int) -> str:
    session = db.session()
    hook = session.get(Webhook, webhook_id)
    if hook is None:
        abort(404)
    return render_template("admin/webhook_log.html", hook=hook,
                           deliveries=webhooks.deliveries(session, hook), form=ActionForm())


@bp.route("/webhooks/<id:webhook_id>/toggle", methods=["POST"])
@roles_required(ADMIN)
def toggle_webhook(webhook_id: int) -> Response:
    def step(session):  # type: ignore[no-untyped-def]
        hook = session.get(Webhook, webhook_id)
        if hook is None:
            raise NotFound("No such webhook.")
        webhooks.set_enabled(hook, not hook.enabled)

    return form_action(step, success="Webhook switched.", then=url_for("admin.webhook_list"))


def _user(session, user_id: int) -> User:  # type: ignore[no-untyped-def]
    user = session.get(User, user_id)
    if user is None:
        raise NotFound("No such account.")
    return user
