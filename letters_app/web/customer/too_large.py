"""The one 413 handler of the customer pages. A blueprint keeps a single handler per
exception (the last registered wins), so each upload page registers here, by endpoint, the
page that says its file was too large; any other endpoint gets the plain error page."""

from __future__ import annotations

from collections.abc import Callable

from flask import render_template, request
from werkzeug.exceptions import RequestEntityTooLarge

from letters_app.web.customer import bp

Page = Callable[[], tuple[str, int]]
_PAGES: dict[str, Page] = {}


def page_for(endpoint: str) -> Callable[[Page], Page]:
    def register(page: Page) -> Page:
        _PAGES[endpoint] = page
        return page

    return register


@bp.errorhandler(RequestEntityTooLarge)
def too_large(error: RequestEntityTooLarge) -> tuple[str, int]:
    """A body past the view's limit is refused before it is read; the customer sees why on
    the page they came from."""
    page = _PAGES.get(request.endpoint or "")
    if page is None:
        return render_template("error.html", error=error), 413
    return page()
