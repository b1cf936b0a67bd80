"""The services a task uses: bound by the web app (in-process tasks) or built from env (workers)."""

from __future__ import annotations

from letters_app.config import Config
from letters_app.services import Services

_services: Services | None = None


def bind(services: Services) -> None:
    global _services
    _services = services


def services() -> Services:
    global _services
    if _services is None:
        _services = Services.create(Config.from_env())
    return _services
