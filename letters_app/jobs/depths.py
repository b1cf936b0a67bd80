"""How many messages wait in each broker queue."""

from __future__ import annotations

from letters_app.config import Config
from letters_app.jobs.catalog import Queue, queue_name


def queue_depths(config: Config) -> dict[str, int]:
    """Messages waiting (not yet taken by a worker) per queue name; empty in-process."""
    if config.tasks_in_process:
        return {}
    from amqp.exceptions import ChannelError  # kombu raises the AMQP error on every transport

    from letters_app.jobs.senders import celery_client

    depths = {}
    with celery_client(config).connection_for_read() as connection:
        channel = connection.default_channel
        for queue in Queue:
            name = queue_name(config.celery_queue, queue)
            try:
                depths[name] = channel.queue_declare(queue=name, passive=True).message_count
            except ChannelError:  # never declared: nothing was ever sent there
                depths[name] = 0
    return depths
