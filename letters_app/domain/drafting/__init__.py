"""The template engine: a letter's first draft, written from its brief with no human writer."""

from letters_app.domain.drafting.engine import DraftError, write_draft

__all__ = ["DraftError", "write_draft"]
