"""The services a worker process uses, built from the environment on first use (after fork)."""

from __future__ import annotations

from letters_app.config import Config
from letters_app.services import Services

_services: Services | None = None


def services() -> Services:
    global _services
    if _services is None:
        _services = Services.create(Config.from_env())
    return _services
