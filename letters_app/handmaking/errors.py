"""The one error a sheet upload is refused with: a code for programs, plain words for people."""

from __future__ import annotations


class HandRefused(Exception):
    """The upload cannot become a hand; `message` tells the customer what to do instead."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
