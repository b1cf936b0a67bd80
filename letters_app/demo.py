"""Demo data for the embedded default: one account per role and letters along the path."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import update
from sqlalchemy.orm import Session

from letters_app.domain import accounts
from letters_app.domain.addresses import AddressInput
from letters_app.domain.customer_actions import approve, cancel
from letters_app.domain.engine_drafts import draft_with_engine
from letters_app.domain.final_render import render_final
from letters_app.domain.lifecycle import transition
from letters_app.domain.models import Letter, OutboxMessage, RenderKind, Role, User
from letters_app.domain.orders import OrderRequest, place_order
from letters_app.domain.proofs import render_proof
from letters_app.domain.render_jobs import finish, reopen
from letters_app.domain.status import Actor, Status
from letters_app.storage import Storage

DEMO_PASSWORD = "letters-demo-1"
DEMO_USERS = [
    ("customer@example.com", "Theodore Twombly", Role.CUSTOMER),
    ("writer@example.com", "Paul Writer", Role.WRITER),
    ("reviewer@example.com", "Amy Reviewer", Role.REVIEWER),
    ("admin@example.com", "Charles Admin", Role.ADMIN),
    ("printshop@example.com", "Corner Print Shop", Role.PRINTSHOP),
]


@dataclass(frozen=True)
class DemoResult:
    created: bool
    printshop_token: str | None


def sample_order(recipient: str, salutation: str, relationship: str, occasion: str, tone: str,
           memories: str, hand: str, street: str, city: str, postal: str, country: str,
           area: str = "") -> OrderRequest:
    return OrderRequest(
        sender_name="Theodore Twombly", sender_signature="Theo", relationship=relationship,
        recipient_name=recipient, recipient_salutation=salutation,
        address=AddressInput(name=recipient, street_address=street, city=city,
                             postal_code=postal, country_code=country, country_area=area),
        occasion=occasion, tone=tone, length="page", memories=memories, hand=hand,
        ink="blue_black", paper="letter" if country == "US" else "a4", stationery="cream",
        with_envelope=True, deliver_by=date.today() + timedelta(days=14),
    )


def seed_demo(session: Session, storage: Storage) -> DemoResult:
    """Create the demo accounts and letters, once; a second call changes nothing."""
    if accounts.find_user_by_email(session, DEMO_USERS[0][0]) is not None:
        return DemoResult(created=False, printshop_token=None)
    users = {role: accounts.create_user(session, email=email, name=name,
                                        password=DEMO_PASSWORD, role=role)
             for email, name, role in DEMO_USERS}
    token = accounts.issue_token(session, users[Role.PRINTSHOP], name="demo print shop",
                                 scopes={"print:read", "print:write"})
    customer = users[Role.CUSTOMER]
    orders = [
        sample_order("Catherine Klausen", "Cat", "wife", "anniversary", "romantic",
               "the summer we drove to Big Sur and the car broke down\n"
               "how you laughed when the mechanic called us newlyweds",
               "caveat", "2100 Vine Street", "Berkeley", "94709", "US", "CA"),
        sample_order("Lois Twombly", "Grandma", "grandmother", "thank_you", "warm",
               "teaching me to bake bread on rainy Sundays\nthe blue scarf you knitted",
               "kalam", "12 Rue de la Paix", "Paris", "75002", "FR"),
        sample_order("Amy Brandt", "Amy", "old friend", "birthday", "playful",
               "the night we got lost in Lisbon", "caveat", "1 Main Street", "Boston",
               "02108", "US", "MA"),
        sample_order("Paul Jordan", "Paul", "colleague", "congratulations", "formal",
               "your promotion to head of the studio", "kalam", "221B Baker Street",
               "London", "NW1 6XE", "GB"),
    ]
    letters: list[Letter] = []
    for number, order in enumerate(orders):
        letters.append(place_order(session, customer, order, order_key=f"demo-{number}"))
    session.flush()
    ready, awaiting, drafted, _submitted = letters
    for letter in (ready, awaiting, drafted):
        draft_with_engine(session, letter.id, letter.current_version,
                                   auto_release=letter is not drafted)
    for letter in (ready, awaiting):
        render_proof(session, storage, letter.id, letter.current_version)
    approve(session, ready, customer, ready.current_version)
    render_final(session, storage, ready.id, ready.current_version)
    cancelled = place_order(session, customer, orders[2], order_key="demo-cancelled")
    cancel(session, cancelled, customer, Actor.CUSTOMER)
    # The one letter left "submitted" stays so, for a writer to claim in the studio.
    _mark_outbox_sent(session)
    return DemoResult(created=True, printshop_token=token.secret)


def seed_letters_awaiting_approval(session: Session, customer: User, count: int) -> list[int]:
    """`count` letters drafted by the engine and waiting for the customer's approval, for load
    and fault tests. The proof pages are not rendered (the proof job is recorded as done):
    what those tests measure starts at the approval."""
    order = sample_order("Catherine Klausen", "Cat", "wife", "anniversary", "romantic",
                   "the summer we drove to Big Sur and the car broke down", "caveat",
                   "2100 Vine Street", "Berkeley", "94709", "US", "CA")
    ids: list[int] = []
    for _ in range(count):
        letter = place_order(session, customer, order, order_key=secrets.token_hex(8))
        session.flush()
        draft_with_engine(session, letter.id, letter.current_version, auto_release=False)
        finish(reopen(session, letter, letter.current_version, RenderKind.PROOF))
        transition(session, letter, Status.AWAITING_APPROVAL, actor=Actor.SYSTEM)
        ids.append(letter.id)
    _mark_outbox_sent(session)
    return ids


def _mark_outbox_sent(session: Session) -> None:
    # Steps run here, synchronously: their queued messages are done work.
    session.execute(update(OutboxMessage).where(OutboxMessage.sent_at.is_(None))
                    .values(sent_at=datetime.now(UTC)))
