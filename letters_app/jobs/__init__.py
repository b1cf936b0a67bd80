"""The one door for sending work: every job named once, the outbox, and the senders.

The domain writes jobs into the outbox beside the change that needs them; after the commit, the
relay hands them to the process's sender: Celery in production, in-process in the embedded
default. Importing this package pulls in neither Celery nor the job handlers.
"""

from letters_app.jobs import outbox
from letters_app.jobs.catalog import Job, Queue

__all__ = ["Job", "Queue", "outbox"]
