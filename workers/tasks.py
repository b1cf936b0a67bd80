"""Celery tasks: one per job of letters_app.jobs, each a thin shell around its handler."""

from __future__ import annotations

from typing import Any

from celery import Task

from letters_app.jobs import Job
from letters_app.jobs.handlers import TRANSIENT, run
from workers import runtime
from workers.celery_app import app

# A passing outage (database, storage) is retried with growing pauses: 1, 2, 4 ... 60 s,
# jittered, about 7 minutes in all before the message is dropped and left to the sweep.
# The broker's visibility timeout (CELERY_VISIBILITY_TIMEOUT, 1 h) outlasts every countdown.
RETRY: dict[str, Any] = {"autoretry_for": TRANSIENT, "retry_backoff": True,
                         "retry_backoff_max": 60, "retry_jitter": True, "max_retries": 10}
# The pipeline's jobs report through the database, not results: ignoring results also keeps a
# sender from waiting on the result backend when Redis is away.
REPORTS_RESULT = {Job.HEALTH_CHECK, Job.SWEEP}


def _task_for(job: Job) -> Task:
    def task(**payload: int) -> object:
        return run(runtime.services(), job, payload)

    task.__name__ = job.name.lower()
    options = {} if job in REPORTS_RESULT else {**RETRY, "ignore_result": True}
    return app.task(name=job.value, **options)(task)


TASKS = {job: _task_for(job) for job in Job}
