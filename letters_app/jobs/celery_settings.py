"""Celery's settings, from the one Config: the same for the workers and for the web's sender."""

from __future__ import annotations

from typing import Any

from letters_app.config import Config
from letters_app.jobs.catalog import SPECS, Job, Queue, queue_name

SWEEP_EVERY_SECONDS = 60.0
EXPIRE_CLAIMS_EVERY_SECONDS = 300.0
YEARLY_BRIEFS_EVERY_SECONDS = 3600.0
PURGE_KEYS_EVERY_SECONDS = 3600.0  # keys live 24 h; an hour late to forget one is harmless


def celery_settings(config: Config) -> dict[str, Any]:
    prefix = config.celery_queue
    # The broker hands an unacknowledged message to another worker after this long, so it must
    # outlast the longest render and the longest retry countdown (see workers/tasks.py).
    transport = {"visibility_timeout": config.celery_visibility_timeout}
    return {
        "broker_url": config.celery_broker_url or "memory://",
        "result_backend": config.celery_result_backend or "cache+memory://",
        "task_default_queue": queue_name(prefix, Queue.DRAFTS),
        "task_routes": {job.value: {"queue": queue_name(prefix, spec.queue)}
                        for job, spec in SPECS.items()},
        # A worker that dies mid-task must not lose it: ack after the work, requeue on loss,
        # and take one message at a time so a render never waits behind another's.
        "task_acks_late": True,
        "task_reject_on_worker_lost": True,
        "worker_prefetch_multiplier": 1,
        "broker_transport_options": transport,
        "result_backend_transport_options": transport,
        "result_expires": 3600,
        "broker_connection_retry_on_startup": True,
        # A web request that cannot reach the broker gives up quickly: the message stays in
        # the outbox and the sweep sends it later, so the customer is not kept waiting.
        "broker_connection_timeout": 2,
        "task_publish_retry_policy": {"max_retries": 2, "interval_start": 0,
                                      "interval_step": 0.2, "interval_max": 0.5},
        "task_serializer": "json",
        "result_serializer": "json",
        "accept_content": ["json"],
        "timezone": "UTC",
        "beat_schedule": {
            "sweep-stuck-letters": {"task": Job.SWEEP.value, "schedule": SWEEP_EVERY_SECONDS},
            "expire-idle-claims": {"task": Job.EXPIRE_CLAIMS.value,
                                   "schedule": EXPIRE_CLAIMS_EVERY_SECONDS},
            "make-yearly-briefs": {"task": Job.MAKE_YEARLY_BRIEFS.value,
                                   "schedule": YEARLY_BRIEFS_EVERY_SECONDS},
            "retry-webhooks": {"task": Job.RETRY_WEBHOOKS.value, "schedule": 30},
            "purge-idempotency-keys": {"task": Job.PURGE_IDEMPOTENCY_KEYS.value,
                                       "schedule": PURGE_KEYS_EVERY_SECONDS},
        },
    }
