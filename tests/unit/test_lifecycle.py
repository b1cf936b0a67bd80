"""The status machine: allowed moves, who may make them, and the audit trail."""

from __future__ import annotations

import pytest

from letters_app.domain.lifecycle import TRANSITIONS, can_transition
from letters_app.domain.status import Actor, Status


def test_every_status_but_the_last_can_be_left() -> None:
    sources = {source for source, _ in TRANSITIONS}
    assert set(Status) - sources == {Status.SHIPPED, Status.CANCELLED}


def test_every_status_can_be_reached() -> None:
    assert {target for _, target in TRANSITIONS} == set(Status)


@pytest.mark.parametrize(("current", "target", "actor"), [
    (Status.AWAITING_APPROVAL, Status.APPROVED, Actor.CUSTOMER),
    (Status.SUBMITTED, Status.DRAFTING, Actor.SYSTEM),
    (Status.READY_TO_PRINT, Status.PRINTING, Actor.PRINTSHOP),
    (Status.SUBMITTED, Status.CANCELLED, Actor.CUSTOMER),
])
def test_allowed_moves(current: Status, target: Status, actor: Actor) -> None:
    assert can_transition(current, target, actor)


@pytest.mark.parametrize(("current", "target", "actor"), [
    (Status.AWAITING_APPROVAL, Status.APPROVED, Actor.WRITER),  # only the customer approves
    (Status.CANCELLED, Status.APPROVED, Actor.CUSTOMER),
    (Status.APPROVED, Status.CANCELLED, Actor.CUSTOMER),  # too late once approved
    (Status.SUBMITTED, Status.SHIPPED, Actor.PRINTSHOP),
    (Status.READY_TO_PRINT, Status.PRINTING, Actor.CUSTOMER),
])
def test_forbidden_moves(current: Status, target: Status, actor: Actor) -> None:
    assert not can_transition(current, target, actor)
