"""The Celery app, configured from the same Config as the web app and the CLI."""

from __future__ import annotations

import threading

from celery import Celery

from letters_app.config import Config


def configure(app: Celery, config: Config) -> None:
    """Point `app` at the broker in `config`; without one, tasks run in the calling process."""
    app.conf.update(
        broker_url=config.celery_broker_url or "memory://",
        result_backend=config.celery_result_backend or "cache+memory://",
        task_always_eager=config.tasks_in_process,
        task_eager_propagates=True,
        task_default_queue=config.celery_queue,
        # A worker that dies mid-task must not lose it: ack after the work, requeue on loss.
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        broker_transport_options={"visibility_timeout": 900},
        result_backend_transport_options={"visibility_timeout": 900},
        result_expires=3600,
        broker_connection_retry_on_startup=True,
        # A web request that cannot reach the broker gives up quickly: the message stays in
        # the outbox and the sweep sends it later, so the customer is not kept waiting.
        broker_connection_timeout=2,
        task_publish_retry_policy={"max_retries": 2, "interval_start": 0,
                                   "interval_step": 0.2, "interval_max": 0.5},
        task_serializer="json",
        result_serializer="json",
        accept_content=["json"],
        timezone="UTC",
        beat_schedule={
            "sweep-stuck-letters": {"task": "letters.sweep", "schedule": 60.0},
        },
    )
    _forget_connections(app)


def _forget_connections(app: Celery) -> None:
    """Drop the connections, producers and result backend built for the previous settings.

    Celery caches them on first use; a process that reconfigures the app (an app factory
    called with another Config, as tests and benchmarks do) would otherwise keep sending to
    the old broker.
    """
    # Only forget them: kombu keeps one pool per broker URL for the whole process and hands the
    # same one out again, so closing it here would break the next app using that URL.
    app._pool = None
    app.__dict__.pop("amqp", None)
    app._backend_cache = None
    app._local = threading.local()


app = Celery("letters", include=["workers.tasks"])
configure(app, Config.from_env())
