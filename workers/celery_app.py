"""The workers' Celery app. It is configured from Config when the worker starts (Celery's
on_configure), not when this module is imported."""

from __future__ import annotations

from typing import Any

from celery import Celery

from letters_app.config import Config
from letters_app.jobs.celery_settings import celery_settings

app = Celery("letters", include=["workers.tasks"])


@app.on_configure.connect
def _configure_from_env(sender: Celery, **_kwargs: Any) -> None:
    sender.conf.update(celery_settings(Config.from_env()))
