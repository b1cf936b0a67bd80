"""Who may open what: login and role checks for views."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import abort
from flask_login import current_user, login_required

from letters_app.domain.models import Role, User

F = TypeVar("F", bound=Callable[..., Any])



def roles_required(*roles: Role) -> Callable[[F], F]:
    """Logged in, and holding one of `roles`; anyone else gets 403."""
    allowed = frozenset(roles)

    def decorator(view: F) -> F:
        @wraps(view)
        @login_required
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if current_user.role_enum not in allowed:
                abort(403)
            return view(*args, **kwargs)

        return wrapped  # type: ignore[return-value]

    return decorator


def me() -> User:
    """The logged-in user as the domain's User row."""
    return current_user._get_current_object().user  # type: ignore[no-any-return]
