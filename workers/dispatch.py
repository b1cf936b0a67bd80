"""Sends outbox messages to Celery (or runs them in-process when no broker is configured)."""

from __future__ import annotations

import logging

from letters_app.domain import outbox
from letters_app.services import Services
from workers.celery_app import app


def send(task: str, payload: dict[str, int]) -> None:
    if not app.conf.task_always_eager:
        app.tasks[task].apply_async(kwargs=payload)
        return
    # In-process, sending *is* running the task. A task that fails has still been delivered:
    # treating it as a failed send would hold every later message behind it for good.
    try:
        app.tasks[task].apply_async(kwargs=payload)
    except Exception:
        logging.getLogger(__name__).exception("task %s%s failed in-process", task, payload)


def relay(services: Services) -> int:
    return outbox.relay(services.db, send)


def relay_after_commit(services: Services) -> None:
    """Relay from a web request: the change is committed and its messages are safe in the
    outbox, so a broker hiccup must not turn the customer's success into an error page;
    the beat sweep sends what is left."""
    try:
        relay(services)
    except Exception:
        logging.getLogger(__name__).exception("relay failed; the sweep will retry")
