"""Sends outbox messages to Celery (or runs them in-process when no broker is configured)."""

from __future__ import annotations

from letters_app.domain import outbox
from letters_app.services import Services
from workers.celery_app import app


def send(task: str, payload: dict[str, int]) -> None:
    app.tasks[task].apply_async(kwargs=payload)


def relay(services: Services) -> int:
    return outbox.relay(services.db, send)
