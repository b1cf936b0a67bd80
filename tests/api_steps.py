"""Steps of a machine client of the API: accounts with tokens, a valid order body, and a
webhook endpoint on loopback."""

from __future__ import annotations

from datetime import date, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from flask import Flask

from letters_app.domain import accounts
from letters_app.domain.models import Role


def token_for(app: Flask, email: str, role: Role, scopes: set[str] | None = None) -> dict[str, str]:
    """An account of `role` (made once) with a new token: the Authorization header."""
    with app.extensions["letters"].db.session() as session:
        user = accounts.find_user_by_email(session, email) or accounts.create_user(
            session, email=email, name=email.split("@")[0], password="api client pw 1",
            role=role)
        issued = accounts.issue_token(session, user, name="test", scopes=scopes or set())
        session.commit()
        return {"Authorization": f"Bearer {issued.secret}"}


def business(app: Flask, email: str = "acme@example.com") -> dict[str, str]:
    return token_for(app, email, Role.BUSINESS)


def order_body(**changes: object) -> dict[str, object]:
    body: dict[str, object] = {
        "sender_name": "Theodore Twombly", "sender_signature": "Theo", "relationship": "client",
        "recipient_name": "Catherine Klausen", "recipient_salutation": "Cat",
        "address": {"street_address": "2100 Vine Street", "city": "Berkeley",
                    "postal_code": "94709", "country_area": "CA", "country_code": "US"},
        "occasion": "thank_you", "tone": "warm", "length": "note",
        "memories": "the coffee we shared after the launch", "hand": "caveat",
        "ink": "blue_black", "paper": "letter", "stationery": "cream", "with_envelope": True,
        "deliver_by": (date.today() + timedelta(days=10)).isoformat(),
    }
    body.update(changes)
    return body


class Receiver(ThreadingHTTPServer):
    def __init__(self, fail_first: int) -> None:
        self.fail_first = fail_first
        self.redirect_to: str | None = None  # answer every POST with a 302 to there
        self.tries = 0
        self.received: list[tuple[dict[str, str], bytes]] = []
        super().__init__(("127.0.0.1", 0), _Hook)
        self.url = f"http://127.0.0.1:{self.server_port}/hook"


class _Hook(BaseHTTPRequestHandler):
    server: Receiver

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.server.tries += 1
        if self.server.redirect_to:
            self.send_response(302)
            self.send_header("Location", self.server.redirect_to)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        failing = self.server.tries <= self.server.fail_first
        if not failing:
            self.server.received.append((dict(self.headers), body))
        self.send_response(500 if failing else 204)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass
