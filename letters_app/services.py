"""The long-lived parts one process needs: config, database, storage, task dispatch.

Built once per process (web app, worker, CLI) from the same Config, so the three doors reach
the same database and files.
"""

from __future__ import annotations

from dataclasses import dataclass

from letters_app.config import Config
from letters_app.domain.database import Database
from letters_app.storage import Storage, open_storage


@dataclass
class Services:
    config: Config
    db: Database
    storage: Storage

    @classmethod
    def create(cls, config: Config) -> Services:
        config.instance_dir.mkdir(parents=True, exist_ok=True)
        return cls(config=config, db=Database(config.database_url),
                   storage=open_storage(config))
