"""Senders hand a committed job to whatever runs it: Celery workers, or this very process."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Protocol

from letters_app.config import Config
from letters_app.jobs.catalog import Job, queue_name

if TYPE_CHECKING:
    from celery import Celery

    from letters_app.services import Services

log = logging.getLogger(__name__)


class Sender(Protocol):
    def send(self, job: Job, payload: dict[str, int]) -> None: ...


class CelerySender:
    """Production: publish the job to its queue on the broker, by name (the web never imports
    the workers' code)."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self.app = celery_client(config)

    def send(self, job: Job, payload: dict[str, int]) -> None:
        self.app.send_task(job.value, kwargs=payload,
                           queue=queue_name(self.config.celery_queue, job.spec.queue))


class InProcessSender:
    """The embedded default: sending a job runs it, here and now. An approval therefore renders
    the letter inside the customer's request (about 0.1 s), and the page shows it ready."""

    def __init__(self, services: Services) -> None:
        self.services = services

    def send(self, job: Job, payload: dict[str, int]) -> None:
        from letters_app.jobs import handlers

        # A job that fails has still been delivered: treating it as a failed send would hold
        # every later message behind it for good. The sweep re-queues what it left undone.
        try:
            handlers.run(self.services, job, payload)
        except Exception:
            log.exception("job %s%s failed in-process", job.value, payload)


def celery_client(config: Config) -> Celery:
    """A Celery app that only sends and inspects, configured from `config`."""
    from celery import Celery

    from letters_app.jobs.celery_settings import celery_settings

    app = Celery("letters-client", set_as_current=False)
    app.conf.update(celery_settings(config))
    return app
