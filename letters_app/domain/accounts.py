"""Users, passwords and machine tokens."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from letters_app.domain.errors import Conflict, InvalidInput, NotFound
from letters_app.domain.models import ApiToken, Role, User

# OWASP's minimum argon2id setting: about 15 ms a hash here, so tests and logins stay quick.
_hasher = PasswordHasher(time_cost=2, memory_cost=19_456, parallelism=1)
MIN_PASSWORD_LENGTH = 10
TOKEN_PREFIX = "lt_"
# What a machine client of each role may be given: print shops pull and report letters,
# business clients place orders and hear about them (webhooks).
ROLE_SCOPES: dict[Role, frozenset[str]] = {
    Role.PRINTSHOP: frozenset({"print:read", "print:write"}),
    Role.BUSINESS: frozenset({"orders"}),
}
KNOWN_SCOPES = frozenset().union(*ROLE_SCOPES.values())


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def password_matches(user: User, password: str) -> bool:
    try:
        return _hasher.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def normalise_email(email: str) -> str:
    return email.strip().lower()


def create_user(
    session: Session, *, email: str, name: str, password: str, role: Role = Role.CUSTOMER
) -> User:
    email = normalise_email(email)
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInput(
            "Password too short.",
            {"password": f"Use at least {MIN_PASSWORD_LENGTH} characters."},
        )
    if find_user_by_email(session, email) is not None:
        raise Conflict("An account with that email already exists.")
    user = User(email=email, name=name.strip(), password_hash=hash_password(password),
                role=role.value)
    session.add(user)
    session.flush()
    return user


def find_user_by_email(session: Session, email: str) -> User | None:
    return session.scalar(select(User).where(func.lower(User.email) == normalise_email(email)))


def authenticate(session: Session, email: str, password: str) -> User | None:
    user = find_user_by_email(session, email)
    if user is None:
        hash_password(password)  # spend the same time, so timing does not reveal accounts
        return None
    if not user.is_active or not password_matches(user, password):
        return None
    return user


def change_password(user: User, current: str, new: str) -> None:
    if not password_matches(user, current):
        raise InvalidInput("Current password is wrong.", {"current_password": "Wrong password."})
    set_password(user, new)


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    secret: str  # shown once, never stored


def _digest(secret: str) -> str:
    # Tokens are 256 random bits, so a fast hash is safe; a slow one would only cost latency.
    return hashlib.sha256(secret.encode()).hexdigest()


def issue_token(session: Session, user: User, *, name: str, scopes: set[str]) -> IssuedToken:
    unknown = set(scopes) - KNOWN_SCOPES
    if unknown:
        raise InvalidInput(f"Unknown scopes: {', '.join(sorted(unknown))}")
    allowed = ROLE_SCOPES.get(user.role_enum, frozenset())
    if not allowed:
        raise InvalidInput(f"API tokens are for print-shop accounts and business accounts; "
                           f"{user.email} is a {user.role}.")
    scopes = set(scopes) or set(allowed)
    if not scopes <= allowed:
        refused = ", ".join(sorted(scopes - allowed))
        raise InvalidInput(f"A {user.role} account's tokens may carry "
                           f"{', '.join(sorted(allowed))}, not {refused}.")
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user=user, name=name, prefix=secret[:10], token_hash=_digest(secret),
                     scopes=" ".join(sorted(scopes)))
    session.add(token)
    session.flush()
    return IssuedToken(token=token, secret=secret)


def live_token(session: Session, secret: str) -> ApiToken | None:
    """The unrevoked token of an active account with `secret`; records its use."""
    token = session.scalar(select(ApiToken).where(ApiToken.token_hash == _digest(secret)))
    if token is None or token.revoked_at is not None or not token.user.is_active:
        return None
    token.last_used_at = datetime.now(UTC)
    return token


def token_grants(token: ApiToken, scope: str) -> bool:
    """The token carries `scope`, and its account's role (which may have changed since the
    token was issued) still allows it."""
    return (scope in token.scope_set
            and scope in ROLE_SCOPES.get(token.user.role_enum, frozenset()))


def token_user(session: Session, secret: str, scope: str) -> User | None:
    """The active user behind a live token that carries `scope`; records its use."""
    token = live_token(session, secret)
    return token.user if token is not None and token_grants(token, scope) else None


def revoke_token(session: Session, user: User, token_id: int) -> None:
    token = session.get(ApiToken, token_id)
    if token is None or token.user_id != user.id:
        raise NotFound("No such token.")
    token.revoked_at = token.revoked_at or datetime.now(UTC)


RESET_MAX_AGE = 3600  # seconds a password-reset link stays good
_RESET_SALT = "password-reset"


def password_reset_token(user: User, secret_key: str) -> str:
    """A signed, timed token for resetting `user`'s password. It carries a stamp of the
    current password hash, so it stops working once the password changes: one use only."""
    return URLSafeTimedSerializer(secret_key, salt=_RESET_SALT).dumps(
        {"id": user.id, "stamp": user.password_hash[-12:]})


def user_for_reset_token(session: Session, token: str, secret_key: str,
                         max_age: int = RESET_MAX_AGE) -> User:
    try:
        data = URLSafeTimedSerializer(secret_key, salt=_RESET_SALT).loads(token, max_age=max_age)
    except (BadSignature, SignatureExpired) as err:
        raise InvalidInput("This reset link has expired or is not valid; ask for a new one.") \
            from err
    user = session.get(User, data.get("id")) if isinstance(data, dict) else None
    if user is None or not user.is_active or user.password_hash[-12:] != data.get("stamp"):
        raise InvalidInput("This reset link has already been used; ask for a new one.")
    return user


def set_password(user: User, new: str) -> None:
    if len(new) < MIN_PASSWORD_LENGTH:
        raise InvalidInput("Password too short.",
                           {"new_password": f"Use at least {MIN_PASSWORD_LENGTH} characters."})
    user.password_hash = hash_password(new)


def set_role(session: Session, user: User, role: Role, *, by: User) -> None:
    """An admin changes an account's role; an admin cannot take their own admin role away
    (the last admin would lock everyone out)."""
    if by.role_enum is not Role.ADMIN:
        raise InvalidInput("Only an admin changes roles.")
    if user.id == by.id and role is not Role.ADMIN:
        raise Conflict("You cannot take away your own admin role; ask another admin.")
    user.role = role.value


def all_tokens(session: Session) -> list[ApiToken]:
    return list(session.scalars(select(ApiToken).order_by(ApiToken.id.desc())))
