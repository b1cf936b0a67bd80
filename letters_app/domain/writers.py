"""Trusted writers: named writers whose drafts go to the customer without a second reader
(an admin's setting; every other draft is read by a reviewer who did not write it)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from letters_app.domain.accounts import find_user_by_email, normalise_email
from letters_app.domain.errors import InvalidInput, NotFound
from letters_app.domain.models import STAFF_ROLES, User


def set_trusted(session: Session, email: str, trusted: bool) -> User:
    user = find_user_by_email(session, normalise_email(email))
    if user is None:
        raise NotFound(f"No user with the email {email}.")
    if user.role_enum not in STAFF_ROLES:
        raise InvalidInput(f"{email} is a {user.role}, not a writer.",
                           {"email": "Only staff who write letters can be trusted."})
    user.trusted_writer = trusted
    return user
