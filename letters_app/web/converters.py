"""The app's `int` URL converter: only numbers a database id can hold, so /letters/2**63 is
a 404 like any other letter that does not exist, never a database error."""

from __future__ import annotations

from typing import Any

from werkzeug.routing import IntegerConverter, Map

from letters_app.domain.models import MAX_ID


class IdConverter(IntegerConverter):
    """Whole numbers from 0 to MAX_ID; anything else does not match the route (404)."""

    def __init__(self, map: Map, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("min", 0)
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


def init_app(app: Any) -> None:
    # Before any blueprint is registered: rules bind their converters when they are added.
    app.url_map.converters["int"] = IdConverter
