"""Concurrent customer actions on PostgreSQL: the row lock lets exactly one of them win."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from letters_app.domain import accounts
from letters_app.domain.customer_actions import approve, cancel
from letters_app.domain.database import Database
from letters_app.domain.engine_drafts import draft_with_engine
from letters_app.domain.errors import DomainError
from letters_app.domain.final_render import render_final
from letters_app.domain.models import AuditEvent, Letter, Role, User
from letters_app.domain.proofs import render_proof
from letters_app.domain.status import Actor

pytestmark = pytest.mark.postgres


@pytest.fixture
def pg(postgres_url: str):  # type: ignore[no-untyped-def]
    from conftest import _empty

    _empty(postgres_url)
    db = Database(postgres_url)
    yield db
    db.dispose()
    _empty(postgres_url)


def _letter_awaiting_approval(db: Database, tmp_path) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    from letter_steps import order_data

    from letters_app.domain.addresses import AddressInput
    from letters_app.domain.orders import OrderRequest, place_order
    from letters_app.storage import LocalStorage

    data = order_data()
    order = OrderRequest(
        sender_name=data["sender_name"], sender_signature=data["sender_signature"],
        relationship=data["relationship"], recipient_name=data["recipient_name"],
        recipient_salutation=data["recipient_salutation"],
        address=AddressInput(name="Cat", street_address="2100 Vine Street", city="Berkeley",
                             postal_code="94709", country_code="US", country_area="CA"),
        occasion="love", tone="warm", length="note", memories="the lake", hand="caveat",
        ink="black", paper="letter", stationery="plain", with_envelope=False,
        deliver_by=date.today() + timedelta(days=9))
    with db.session() as session:
        customer = accounts.create_user(session, email="race@example.com", name="R",
                                        password="race password 1", role=Role.CUSTOMER)
        letter = place_order(session, customer, order, "race-key")
        session.flush()
        draft_with_engine(session, letter.id, 0, auto_release=True)
        render_proof(session, LocalStorage(tmp_path), letter.id, 1)
        return letter.id, customer.id


def _race(db: Database, letter_id: int, customer_id: int,
          actions: list[Callable[[Session, Letter, User], None]]) -> list[str]:
    """Run the actions at the same moment, each in its own transaction; each returns 'ok' or
    the refusal's message. The first to lock holds it a little, to make the overlap certain."""
    barrier = threading.Barrier(len(actions))
    results: list[str] = [""] * len(actions)

    def run(index: int) -> None:
        session = db.sessions()
        try:
            letter = session.get(Letter, letter_id)
            customer = session.get(User, customer_id)
            barrier.wait()
            actions[index](session, letter, customer)
            time.sleep(0.2)
            session.commit()
            results[index] = "ok"
        except DomainError as err:
            session.rollback()
            results[index] = str(err)
        finally:
            session.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(actions))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


def _moves_out_of_approval(db: Database, letter_id: int) -> int:
    with db.session() as session:
        return session.scalar(select(func.count()).select_from(AuditEvent).where(
            AuditEvent.letter_id == letter_id, AuditEvent.from_status == "awaiting_approval"))


def test_approve_and_cancel_at_once_only_one_wins(pg: Database, tmp_path) -> None:  # type: ignore[no-untyped-def]
    letter_id, customer_id = _letter_awaiting_approval(pg, tmp_path)
    results = _race(pg, letter_id, customer_id, [
        lambda s, letter, c: approve(s, letter, c, 1),
        lambda s, letter, c: cancel(s, letter, c, Actor.CUSTOMER),
    ])
    assert sorted(r == "ok" for r in results) == [False, True], results
    assert _moves_out_of_approval(pg, letter_id) == 1


def test_double_approve_approves_once(pg: Database, tmp_path) -> None:  # type: ignore[no-untyped-def]
    letter_id, customer_id = _letter_awaiting_approval(pg, tmp_path)
    results = _race(pg, letter_id, customer_id, [
        lambda s, letter, c: approve(s, letter, c, 1),
        lambda s, letter, c: approve(s, letter, c, 1),
    ])
    assert results.count("ok") == 1, results
    assert "cannot become approved" in next(r for r in results if r != "ok")
    assert _moves_out_of_approval(pg, letter_id) == 1


def test_two_print_shops_batching_the_same_letter_at_once_one_gets_it(
        pg: Database, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from letters_app.domain import printing
    from letters_app.storage import LocalStorage

    letter_id, customer_id = _letter_awaiting_approval(pg, tmp_path)
    with pg.session() as session:
        letter = session.get(Letter, letter_id)
        approve(session, letter, letter.customer, 1)
        render_final(session, LocalStorage(tmp_path), letter_id, 1)
        shops = [accounts.create_user(session, email=f"shop{n}@example.com", name=f"S{n}",
                                      password="print shop pw 1", role=Role.PRINTSHOP).id
                 for n in (1, 2)]
    results = _race(pg, letter_id, customer_id, [
        lambda s, letter, _c, shop=shop: printing.create_batch(s, s.get(User, shop), [letter.id])
        for shop in shops
    ])
    assert results.count("ok") == 1, results
    assert "already in a batch" in next(r for r in results if r != "ok")
    with pg.session() as session:
        events = session.scalars(select(AuditEvent.to_status).where(
            AuditEvent.letter_id == letter_id, AuditEvent.to_status == "printing")).all()
    assert len(events) == 1
