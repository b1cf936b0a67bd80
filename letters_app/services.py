"""The long-lived parts one process needs: config, database, storage and the job sender.

Built once per process (web app, worker, CLI) from the same Config, so the three doors reach
the same database and files, and send work the same way.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from letters_app.config import Config
from letters_app.domain.database import Database
from letters_app.domain.own_hands import HandFonts
from letters_app.jobs import outbox
from letters_app.jobs.senders import CelerySender, InProcessSender, Sender
from letters_app.storage import Storage, open_storage

log = logging.getLogger(__name__)


@dataclass
class Services:
    config: Config
    db: Database
    storage: Storage
    sender: Sender = field(init=False)
    hand_fonts: HandFonts = field(init=False)

    @classmethod
    def create(cls, config: Config) -> Services:
        config.instance_dir.mkdir(parents=True, exist_ok=True)
        services = cls(config=config, db=Database(config.database_url),
                       storage=open_storage(config))
        services.sender = (InProcessSender(services) if config.tasks_in_process
                           else CelerySender(config))
        # Customers' own hands are drawn from their fonts, cached on this machine's disk.
        services.hand_fonts = HandFonts(services.db, services.storage,
                                        config.instance_dir / "hand-fonts")
        services.hand_fonts.install()
        return services

    def relay(self) -> int:
        """Send every committed job still in the outbox; returns how many were sent."""
        return outbox.relay(self.db, self.sender.send)

    def commit(self, session: Session) -> None:
        """The one commit step of every door: commit, then send the jobs the change queued.

        Once committed, the jobs are safe in the outbox, so a broker that is away must not turn
        the change into an error: the relay that the beat sweep runs every minute sends them.
        """
        session.commit()
        try:
            self.relay()
        except Exception:
            log.exception("relay failed; the outbox keeps the jobs for the next relay")

    @contextmanager
    def unit_of_work(self) -> Iterator[Session]:
        """A session that is committed through `commit` on success, rolled back on error."""
        session = self.db.sessions()
        try:
            yield session
            self.commit(session)
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()
