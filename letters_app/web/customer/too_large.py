"""One answer to a body past an upload's limit, for the whole customer site: the page the
customer came from again, saying why. A blueprint keeps one handler per exception, so the
upload pages register their page here instead of each registering a handler."""

from __future__ import annotations

from collections.abc import Callable

from flask import render_template, request
from flask.typing import ResponseReturnValue
from werkzeug.exceptions import RequestEntityTooLarge

from letters_app.web.customer import bp

# endpoint -> the page that answers a too-large upload to it (with status 413)
PAGES: dict[str, Callable[[], ResponseReturnValue]] = {}


def page_for(endpoint: str) -> Callable[[Callable[[], ResponseReturnValue]],
                                        Callable[[], ResponseReturnValue]]:
    def register(page: Callable[[], ResponseReturnValue]) -> Callable[[], ResponseReturnValue]:
        PAGES[endpoint] = page
        return page
    return register


@bp.errorhandler(RequestEntityTooLarge)
def too_large(error: RequestEntityTooLarge) -> ResponseReturnValue:
    page = PAGES.get(request.endpoint or "")
    if page is None:
        return render_template("error.html", error=error), 413
    return page()
