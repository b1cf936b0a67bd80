"""Keep secrets out of log lines: access logs print request paths, and the links that log
someone in are paths (/reset/<token>, /signup/confirm/<token>); a client may put its API token
where a path or header goes.

A filter on the loggers that write request lines (werkzeug's development server, gunicorn's
access log) and on the app's own logger rewrites each record before any handler sees it.
"""

from __future__ import annotations

import logging
import re

from flask import Flask

REQUEST_LOGGERS = ("werkzeug", "gunicorn.access", "gunicorn.error")
_PATTERNS = (
    # Links that log someone in: a password reset, a sign-up confirmation.
    (re.compile(r"/(reset|signup/confirm)/[^\s\"'?#]+"), r"/\1/[redacted]"),
    (re.compile(r"lt_[A-Za-z0-9_\-]{8,}"), "lt_[redacted]"),  # API tokens (accounts.TOKEN_PREFIX)
    (re.compile(r"(?i)(bearer\s+)\S+"), r"\1[redacted]"),
)


class RedactSecrets(logging.Filter):
    def __init__(self, secrets: list[str]) -> None:
        super().__init__()
        self.secrets = [secret for secret in secrets if secret]

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = message
        for pattern, replacement in _PATTERNS:
            redacted = pattern.sub(replacement, redacted)
        for secret in self.secrets:
            redacted = redacted.replace(secret, "[redacted]")
        if redacted != message:
            record.msg, record.args = redacted, ()
        return True


def init_app(app: Flask, secret_key: str) -> None:
    redact = RedactSecrets([secret_key])
    for name in (*REQUEST_LOGGERS, app.logger.name):
        logger = logging.getLogger(name)
        # One filter per logger, however many apps a process builds (the tests build many).
        logger.filters = [f for f in logger.filters if not isinstance(f, RedactSecrets)]
        logger.addFilter(redact)
