"""Changing the name and the email of an account. A new email address is taken only when
its owner opens the link sent to it, and only after the current password: someone at an
unlocked screen cannot move the account to an address they control."""

from __future__ import annotations

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import delete
from sqlalchemy.orm import Session

from letters_app.domain import accounts
from letters_app.domain.errors import Conflict, InvalidInput
from letters_app.domain.models import EmailChange, User
from letters_app.jobs import Job, outbox

CONFIRM_MAX_AGE = 24 * 3600  # seconds a confirmation link stays good
MAX_NAME = 120
_SALT = "email-change"


def change_name(user: User, name: str) -> None:
    name = " ".join(name.split())
    if not name:
        raise InvalidInput("Please correct the marked fields.", {"name": "This is required."})
    if len(name) > MAX_NAME:
        raise InvalidInput("Please correct the marked fields.",
                           {"name": f"At most {MAX_NAME} characters (you have {len(name)})."})
    user.name = name


def request_email_change(session: Session, user: User, new_email: str,
                         password: str) -> EmailChange:
    """Queue the confirmation link to `new_email`; the account keeps its email until then."""
    email = accounts.normalise_email(new_email)
    if not accounts.password_matches(user, password):
        raise InvalidInput("Your email is unchanged.",
                           {"current_password": "That is not your current password."})
    if "@" not in email or len(email) > 254:
        raise InvalidInput("Your email is unchanged.", {"email": "Enter an email address."})
    if accounts.find_user_by_email(session, email) is not None:
        raise Conflict("An account with that email already exists.")
    session.execute(delete(EmailChange).where(EmailChange.user_id == user.id))
    change = EmailChange(user_id=user.id, new_email=email)
    session.add(change)
    session.flush()
    outbox.enqueue(session, Job.SEND_EMAIL_CHANGE, change_id=change.id)
    return change


def confirmation_token(change: EmailChange, secret_key: str) -> str:
    """Signed and timed; it carries the email the account had, so one change ends the others."""
    return URLSafeTimedSerializer(secret_key, salt=_SALT).dumps(
        {"id": change.id, "was": change.user.email})


def confirm_email_change(session: Session, token: str, secret_key: str,
                         max_age: int = CONFIRM_MAX_AGE) -> User:
    try:
        data = URLSafeTimedSerializer(secret_key, salt=_SALT).loads(token, max_age=max_age)
    except (BadSignature, SignatureExpired) as err:
        raise InvalidInput("This link has expired or is not valid; change your email again.") \
            from err
    change = session.get(EmailChange, data.get("id")) if isinstance(data, dict) else None
    if change is None or change.user.email != data.get("was") or not change.user.is_active:
        raise InvalidInput("This link has already been used; change your email again.")
    if accounts.find_user_by_email(session, change.new_email) is not None:
        raise Conflict("An account with that email already exists.")
    user = change.user
    user.email = change.new_email
    session.execute(delete(EmailChange).where(EmailChange.user_id == user.id))
    return user
