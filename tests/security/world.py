"""One app with one person of every role, logged in, and letters made to order in any state.

Built once per test module (per backend): the security suite asks hundreds of questions of
the same cast, and only the letter a question is about is made fresh for it.
"""

from __future__ import annotations

import io
import uuid
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import sqlalchemy as sa
from conftest import csrf_token, login, make_config
from flask import Flask
from flask.testing import FlaskClient
from reportlab.pdfgen import canvas

from letters_app.domain import accounts
from letters_app.domain.models import (
    Address,
    Document,
    DraftVersion,
    Letter,
    PrintBatch,
    Role,
    User,
)
from letters_app.domain.status import Status

PASSWORD = "security suite pw 1"
# Who asks, in the order the matrix lists them.
ROLES = ("anon", "cust_a", "cust_b", "writer_a", "writer_b", "reviewer", "admin", "shop")
ROLE_OF = {"cust_a": Role.CUSTOMER, "cust_b": Role.CUSTOMER, "writer_a": Role.WRITER,
           "writer_b": Role.WRITER, "reviewer": Role.REVIEWER, "admin": Role.ADMIN,
           "shop": Role.PRINTSHOP,
           # Not a matrix column (the business pages' rows say 403 to all those); the form
           # fuzz drives the CSV upload page as this account.
           "biz": Role.BUSINESS}
# Generous limits: the suite asks many questions from one address; the limits themselves are
# tested on their own, with small numbers.
NO_LIMITS = {name: "100000 per minute" for name in (
    "LOGIN_RATE_LIMIT", "SIGNUP_RATE_LIMIT", "RESET_RATE_LIMIT", "API_RATE_LIMIT")}
def _one_page_pdf() -> bytes:
    """A real (blank) one-page PDF: batches merge their letters' files, so it must parse."""
    out = io.BytesIO()
    canvas.Canvas(out, invariant=True).save()
    return out.getvalue()


PDF = _one_page_pdf()
PNG = b"\x89PNG\r\n\x1a\n stand-in proof page"


@dataclass
class World:
    app: Flask
    users: dict[str, int]
    token: str
    clients: dict[str, FlaskClient] = field(default_factory=dict)

    @property
    def api_headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}

    def client(self, role: str) -> FlaskClient:
        """The logged-in client of `role` ("anon": a fresh one with no cookies)."""
        if role == "anon":
            return self.app.test_client()
        return self.clients[role]

    def fresh_login(self, role: str) -> FlaskClient:
        client = self.app.test_client()
        if role != "anon":
            response = login(client, f"{role}@example.com", PASSWORD)
            assert response.status_code == 302, f"{role} cannot log in"
        return client

    def csrf(self, role: str, client: FlaskClient | None = None) -> str:
        return csrf_token(client or self.client(role), "/login")

    def session(self):  # type: ignore[no-untyped-def]
        return self.app.extensions["letters"].db.session()

    def letter(self, status: Status, *, writer: str | None = None, versions: int = 1,
               approved: bool = False, batch: bool = False) -> dict[str, int]:
        """A letter of customer A in `status`, with its files; the ids for a URL."""
        with self.session() as session:
            letter = Letter(
                customer_id=self.users["cust_a"], order_key=uuid.uuid4().hex,
                status=status.value, sender_name="Ana", sender_signature="Ana",
                relationship_to_sender="friend", recipient_name="Bea",
                recipient_salutation="Bea", occasion="thank_you", tone="warm", length="note",
                memories="", hand="caveat", ink="blue_black", paper="letter",
                stationery="plain", with_envelope=True,
                deliver_by=date.today() + timedelta(days=20), seed=1,
                recipient_address=Address(name="Bea", street_address="1 Main St",
                                          city="Springfield", postal_code="12345",
                                          country_area="IL", country_code="US",
                                          lines=["Bea", "1 Main St"]),
                current_version=versions, approved_version=versions if approved else None,
                writer_id=self.users[writer] if writer else None)
            session.add(letter)
            session.flush()
            for number in range(1, versions + 1):
                session.add(DraftVersion(letter_id=letter.id, number=number, source="writer",
                                         text=f"Dear Bea, version {number}.",
                                         author_id=self.users[writer] if writer else None))
            storage = self.app.extensions["letters"].storage
            proof = storage.put(PNG)
            document = Document(letter_id=letter.id, version=versions, kind="proof_png",
                                page=1, sha256=proof.sha256, size=proof.size,
                                content_type="image/png")
            session.add(document)
            if approved:
                pdf = storage.put(PDF)
                for kind in ("letter_pdf", "envelope_pdf"):
                    session.add(Document(letter_id=letter.id, version=versions, kind=kind,
                                         page=0, sha256=pdf.sha256, size=pdf.size,
                                         content_type="application/pdf"))
            ids = {"letter": letter.id}
            if batch:
                shop_batch = PrintBatch(printshop_id=self.users["shop"], state="ready")
                session.add(shop_batch)
                session.flush()
                letter.print_batch_id = shop_batch.id
                ids["batch"] = shop_batch.id
            session.flush()
            ids["doc"] = document.id
            return ids

    def count_rows(self) -> dict[str, int]:
        """Rows per table, in one round trip (asked before and after every fuzzed request)."""
        from letters_app.domain.models import Base

        tables = Base.metadata.sorted_tables
        query = sa.select(*(sa.select(sa.func.count()).select_from(table).scalar_subquery()
                            .label(table.name) for table in tables))
        with self.session() as session:
            return dict(session.execute(query).one()._mapping)


def build_world(instance: Path, database_url: str) -> World:
    from letters_app.web import create_app

    # Engine drafts wait for review: no proof is rendered behind the suite's back.
    app = create_app(make_config(instance, database_url, AUTO_RELEASE_ENGINE_DRAFTS="false",
                                 **NO_LIMITS))
    app.config["TESTING"] = True
    users = {}
    with app.extensions["letters"].db.session() as session:
        for role, domain_role in ROLE_OF.items():
            user = accounts.create_user(session, email=f"{role}@example.com",
                                        name=role.replace("_", " ").title(), password=PASSWORD,
                                        role=domain_role)
            users[role] = user.id
        shop = session.get(User, users["shop"])
        token = accounts.issue_token(session, shop, name="suite",
                                     scopes={"print:read", "print:write"}).secret
    world = World(app=app, users=users, token=token)
    for role in ROLE_OF:
        world.clients[role] = world.fresh_login(role)
    return world

