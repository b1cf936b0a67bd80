"""Celery workers: `celery -A workers worker`. The Celery app is `workers.app`."""

from workers import tasks
from workers.celery_app import app

__all__ = ["app", "tasks"]
