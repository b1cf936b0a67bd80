"""Errors the domain raises; entrypoints map them to messages and HTTP codes."""


class DomainError(Exception):
    """A business rule refused the request. The message is fit to show a person."""


class NotFound(DomainError):
    """The thing does not exist, or is not the asker's to see (they look the same on purpose)."""


class Conflict(DomainError):
    """The request clashes with the current state (a stale edit, a double submit)."""


class InvalidInput(DomainError):
    """Input that cannot be accepted; `field_errors` maps a field name to its message."""

    def __init__(self, message: str, field_errors: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.field_errors = field_errors or {}
