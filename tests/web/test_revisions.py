"""The customer asks for changes: a fresh engine draft at once, or a writer's rework."""

from __future__ import annotations

from conftest import csrf_token, signup
from flask import Flask
from flask.testing import FlaskClient
from letter_steps import file_links, letter_id_from, place_order, post_action
from sqlalchemy import select

from letters_app.domain.models import AuditEvent, Document, DraftVersion, Letter


def _revise(client: FlaskClient, letter_id: int, note: str):  # type: ignore[no-untyped-def]
    token = csrf_token(client, f"/letters/{letter_id}")
    return client.post(f"/letters/{letter_id}/revise", data={"csrf_token": token, "note": note},
                       follow_redirects=True)


def _versions(app: Flask, letter_id: int) -> list[str]:
    with app.extensions["letters"].db.session() as session:
        return list(session.scalars(select(DraftVersion.text).where(
            DraftVersion.letter_id == letter_id).order_by(DraftVersion.number)))


def test_revision_without_a_note_gets_a_fresh_engine_draft_and_proof(
        app: Flask, client: FlaskClient) -> None:
    signup(client)
    letter_id = letter_id_from(place_order(client))
    page = _revise(client, letter_id, "").get_data(as_text=True)
    assert "We are writing it again." in page
    assert "Proof ready for you" in page
    first, second = _versions(app, letter_id)
    assert first != second
    assert "Big Sur" in second  # the memories are still woven in
    with app.extensions["letters"].db.session() as session:
        letter = session.get(Letter, letter_id)
        assert (letter.status, letter.current_version) == ("awaiting_approval", 2)
        new_proof = session.scalars(select(Document.id).where(
            Document.letter_id == letter_id, Document.kind == "proof_png",
            Document.version == 2)).all()
        old_proof = session.scalars(select(Document.id).where(
            Document.letter_id == letter_id, Document.kind == "proof_png",
            Document.version == 1)).all()
    assert new_proof and old_proof
    shown = {int(link.rsplit("/", 1)[1]) for link in file_links(page, letter_id)}
    # The new proof (beside its envelope), not the old one.
    assert set(new_proof) <= shown and not shown & set(old_proof)


def test_revision_with_a_note_waits_for_a_writer_and_keeps_the_note(
        app: Flask, client: FlaskClient) -> None:
    signup(client)
    letter_id = letter_id_from(place_order(client))
    note = "Please mention <our dog> Biscuit, and make it shorter."
    page = _revise(client, letter_id, note).get_data(as_text=True)
    assert "A writer will rework your letter with your notes." in page
    assert "&lt;our dog&gt; Biscuit" in page
    assert "<our dog>" not in page
    with app.extensions["letters"].db.session() as session:
        letter = session.get(Letter, letter_id)
        assert letter.status == "revision_requested"
        event = session.scalars(select(AuditEvent).where(
            AuditEvent.letter_id == letter_id, AuditEvent.to_status == "revision_requested")).one()
        assert event.note == note
    assert len(_versions(app, letter_id)) == 1


def test_revision_note_over_the_limit_is_refused_and_changes_nothing(
        app: Flask, client: FlaskClient) -> None:
    signup(client)
    letter_id = letter_id_from(place_order(client))
    page = _revise(client, letter_id, "x" * 2001).get_data(as_text=True)
    assert "Your note is too long." in page
    with app.extensions["letters"].db.session() as session:
        assert session.get(Letter, letter_id).status == "awaiting_approval"


def test_revision_cannot_be_asked_after_approval(app: Flask, client: FlaskClient) -> None:
    signup(client)
    letter_id = letter_id_from(place_order(client))
    post_action(client, letter_id, "approve")
    page = _revise(client, letter_id, "").get_data(as_text=True)
    assert "cannot become revision requested" in page


def test_approving_an_older_proof_than_the_current_draft_is_refused(
        app: Flask, client: FlaskClient) -> None:
    """Two tabs: the proof of v1 is open in one, the customer asks for a fresh draft in the
    other; approving from the first tab must not approve v2 unseen."""
    signup(client)
    letter_id = letter_id_from(place_order(client))
    token = csrf_token(client, f"/letters/{letter_id}")
    _revise(client, letter_id, "")
    page = client.post(f"/letters/{letter_id}/approve",
                       data={"csrf_token": token, "version": "1"},
                       follow_redirects=True).get_data(as_text=True)
    assert "newer draft than the one you approved" in page
    with app.extensions["letters"].db.session() as session:
        letter = session.get(Letter, letter_id)
        assert (letter.status, letter.approved_version) == ("awaiting_approval", None)


def test_the_page_says_who_is_rewriting_while_a_revision_waits(
        app: Flask, client: FlaskClient) -> None:
    signup(client)
    letter_id = letter_id_from(place_order(client))
    page = _revise(client, letter_id, "Mention the dog, please.").get_data(as_text=True)
    assert "A writer is reworking your letter with your notes" in page
    assert "We are writing it again — this page" not in page
