"""Users, passwords and machine tokens."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from letters_app.domain import login_sessions
from letters_app.domain import text as typed
from letters_app.domain.errors import Conflict, InvalidInput, NotFound
from letters_app.domain.models import ApiToken, Role, User
from letters_app.jobs import Job, outbox

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
    session: Session, *, email: str, name: str, password: str, role: Role = Role.CUSTOMER,
    confirmed: bool = True,
) -> User:
    """An account made by staff or the CLI (`confirmed`), or by a sign-up waiting for its
    owner to follow the emailed link."""
    email = normalise_email(email)
    _check_new_account(email, name, password)
    if find_user_by_email(session, email) is not None:
        raise Conflict("An account with that email already exists.")
    user = User(email=email, name=name.strip(), password_hash=hash_password(password),
                role=role.value, email_confirmed_at=datetime.now(UTC) if confirmed else None)
    session.add(user)
    session.flush()
    return user


def _check_new_account(email: str, name: str, password: str) -> None:
    errors = typed.field_errors({"email": email, "name": name, "password": password})
    if errors:
        raise InvalidInput("Please correct the marked fields.", errors)
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInput(
            "Password too short.",
            {"password": f"Use at least {MIN_PASSWORD_LENGTH} characters."},
        )


def sign_up(session: Session, *, email: str, name: str, password: str) -> None:
    """Someone asks for an account. Whatever the address, the answer is the same and an email
    goes to it: a link to confirm a new account, or, to an existing one's owner, a note that
    someone tried (so the form tells nobody who has an account)."""
    email = normalise_email(email)
    _check_new_account(email, name, password)
    user = find_user_by_email(session, email)
    if user is None:
        user = create_user(session, email=email, name=name, password=password, confirmed=False)
    elif user.email_confirmed_at is None:
        # Never confirmed: the latest sign-up's name and password count; only the owner of
        # the mailbox can confirm either.
        user.name, user.password_hash = name.strip(), hash_password(password)
    else:
        outbox.enqueue(session, Job.SEND_SIGNUP_NOTICE, user_id=user.id)
        return
    outbox.enqueue(session, Job.SEND_SIGNUP_CONFIRMATION, user_id=user.id)


SIGNUP_MAX_AGE = 2 * 86400  # seconds a sign-up link stays good
_SIGNUP_SALT = "signup-confirmation"


def signup_token(user: User, secret_key: str) -> str:
    """The link's token: signed, timed, and void once the account is confirmed or its
    password changes (a later sign-up for the same address)."""
    return URLSafeTimedSerializer(secret_key, salt=_SIGNUP_SALT).dumps(
        {"id": user.id, "stamp": _password_stamp(user, secret_key)})


def confirm_signup(session: Session, token: str, secret_key: str,
                   max_age: int = SIGNUP_MAX_AGE) -> User:
    """The owner of the address followed the link: the account is theirs and opens."""
    user = _user_for_token(session, token, secret_key, _SIGNUP_SALT, max_age,
                           "This sign-up link has expired or is not valid; sign up again.")
    if user.email_confirmed_at is not None:
        raise InvalidInput("This account is already confirmed; log in.")
    user.email_confirmed_at = datetime.now(UTC)
    return user


def find_user_by_email(session: Session, email: str) -> User | None:
    if not typed.is_clean(email):
        return None  # no account has such an address, and no database may be asked for it
    return session.scalar(select(User).where(func.lower(User.email) == normalise_email(email)))


def authenticate(session: Session, email: str, password: str) -> User | None:
    user = find_user_by_email(session, email)
    if user is None:
        hash_password(password)  # spend the same time, so timing does not reveal accounts
        return None
    if not user.is_active or not password_matches(user, password):
        return None
    # Unconfirmed looks like wrong: else a sign-up with someone's address, then a login
    # with the chosen password, would tell whether the address had an account.
    return user if user.email_confirmed_at is not None else None


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
    message = typed.forbidden_character(name)
    if message:
        raise InvalidInput(f"The token name: {message}", {"name": message})
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
        {"id": user.id, "stamp": _password_stamp(user, secret_key)})


def _password_stamp(user: User, secret_key: str) -> str:
    """Changes with the password, and tells a reader of the (signed, not encrypted) token
    nothing about the hash."""
    return hmac.new(secret_key.encode(), user.password_hash.encode(), "sha256").hexdigest()[:24]


def user_for_reset_token(session: Session, token: str, secret_key: str,
                         max_age: int = RESET_MAX_AGE) -> User:
    return _user_for_token(session, token, secret_key, _RESET_SALT, max_age,
                           "This reset link has expired or is not valid; ask for a new one.",
                           "This reset link has already been used; ask for a new one.")


def _user_for_token(session: Session, token: str, secret_key: str, salt: str, max_age: int,
                    invalid: str, used: str | None = None) -> User:
    try:
        data = URLSafeTimedSerializer(secret_key, salt=salt).loads(token, max_age=max_age)
    except (BadSignature, SignatureExpired) as err:
        raise InvalidInput(invalid) from err
    user_id = data.get("id") if isinstance(data, dict) else None
    user = session.get(User, user_id) if type(user_id) is int else None
    stamp = data.get("stamp") if isinstance(data, dict) else None
    if user is None or not user.is_active or not isinstance(stamp, str) \
            or not hmac.compare_digest(_password_stamp(user, secret_key), stamp):
        raise InvalidInput(used or invalid)
    return user


def set_password(user: User, new: str) -> None:
    message = typed.forbidden_character(new)
    if message:
        raise InvalidInput("Please correct the new password.", {"new_password": message})
    if len(new) < MIN_PASSWORD_LENGTH:
        raise InvalidInput("Password too short.",
                           {"new_password": f"Use at least {MIN_PASSWORD_LENGTH} characters."})
    user.password_hash = hash_password(new)
    login_sessions.end_all(user)  # whoever knew the old password is logged out everywhere


def reset_password(user: User, new: str) -> None:
    """A new password through an emailed link: following it also proves the address."""
    set_password(user, new)
    user.email_confirmed_at = user.email_confirmed_at or datetime.now(UTC)


def deactivate(user: User) -> None:
    """Close the account: no login, no session, no token works for it any more."""
    user.is_active = False
    login_sessions.end_all(user)


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
