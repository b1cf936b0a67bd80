"""The staff studio as writers and reviewers use it, through the Flask client with CSRF, on
SQLite and PostgreSQL: claim, write, save, submit, review, release to the customer.

Orders are placed while the template engine is idle (the broker takes the draft task, no worker
has run it yet), so they wait in the queue as `submitted` for a writer to claim.
"""

from __future__ import annotations

import html
import re
import threading

import pytest
from conftest import csrf_token, login, logout, signup
from flask import Flask
from flask.testing import FlaskClient
from letter_steps import letter_id_from, place_order
from sqlalchemy import func, select

from letters_app.domain import accounts, studio
from letters_app.domain.models import AuditEvent, DraftVersion, Letter, RenderJob, Role, User

PASSWORD = "staff password 1"
CUSTOMER = ("ana@example.com", "correct horse battery")
LETTER_TEXT = ("Dear Cat,\n\nTen years ago the car broke down near Big Sur, and you laughed.\n"
               "I still hear it. <b>Always</b> & forever yours.\n\nTheo")


def make_user(app: Flask, email: str, role: Role, password: str = PASSWORD) -> None:
    with app.extensions["letters"].db.session() as session:
        accounts.create_user(session, email=email, name=email.split("@")[0].capitalize(),
                             password=password, role=role)


def switch_to(client: FlaskClient, email: str, password: str = PASSWORD) -> None:
    logout(client)
    assert login(client, email, password).status_code == 302


@pytest.fixture
def studio_client(app: Flask, client: FlaskClient) -> FlaskClient:
    """A customer with staff colleagues; the client is logged in as the customer."""
    signup(client, email=CUSTOMER[0], password=CUSTOMER[1])
    for email, role in (("wendy@example.com", Role.WRITER), ("walt@example.com", Role.WRITER),
                        ("rita@example.com", Role.REVIEWER), ("shop@example.com", Role.PRINTSHOP)):
        make_user(app, email, role)
    return client


def order_waiting_letters(client: FlaskClient, count: int = 1) -> list[int]:
    ids = []
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(client.application.extensions["letters"].sender, "send",
                      lambda job, payload: None)
        for _ in range(count):
            ids.append(letter_id_from(place_order(client)))
    return ids


def post(client: FlaskClient, url: str, data: dict[str, object] | None = None,
         form_url: str = "/staff/", **kwargs: object):  # type: ignore[no-untyped-def]
    token = csrf_token(client, form_url)
    return client.post(url, data={**(data or {}), "csrf_token": token}, **kwargs)


def save(client: FlaskClient, letter_id: int, text: str, expected: int,
         button: str = "save"):  # type: ignore[no-untyped-def]
    return post(client, f"/staff/letters/{letter_id}/draft",
                {"text": text, "expected_version": expected, button: "1"},
                form_url=f"/staff/letters/{letter_id}", follow_redirects=True)


def load(app: Flask, letter_id: int) -> Letter:
    with app.extensions["letters"].db.session() as session:
        letter = session.get(Letter, letter_id)
        assert letter is not None
        letter.versions, letter.events  # noqa: B018  (loaded before the session closes)
        return letter


def user_id(app: Flask, email: str) -> int:
    with app.extensions["letters"].db.session() as session:
        return session.scalar(select(User.id).where(User.email == email))


def textarea(page: str) -> str:
    match = re.search(r'<textarea[^>]*name="text"[^>]*>(.*?)</textarea>', page, re.S)
    assert match, "no editor on the page"
    return html.unescape(match.group(1)).lstrip("\r\n")


def test_writer_drafts_reviewer_releases_and_customer_sees_the_writers_proof(
        app: Flask, studio_client: FlaskClient) -> None:
    client = studio_client
    [letter_id] = order_waiting_letters(client)
    assert load(app, letter_id).status == "submitted"

    switch_to(client, "wendy@example.com")
    queue = client.get("/staff/").get_data(as_text=True)
    waiting = queue.split('id="waiting"')[1].split("</section>")[0]
    assert f"/staff/letters/{letter_id}/claim" in waiting
    page = post(client, f"/staff/letters/{letter_id}/claim", follow_redirects=True)
    assert "The letter is yours to write." in page.get_data(as_text=True)
    assert load(app, letter_id).status == "drafting"
    assert load(app, letter_id).writer_id == user_id(app, "wendy@example.com")

    page = client.get(f"/staff/letters/{letter_id}").get_data(as_text=True)
    for brief in ("Theodore Twombly", "Catherine Klausen", "wife", "Anniversary", "Romantic",
                  "<li>the summer we drove to Big Sur and the car broke down</li>",
                  "BERKELEY, CA 94709", "Caveat", "blue black"):
        assert brief in page, brief
    assert 'name="expected_version" type="hidden" value="0"' in page

    page = save(client, letter_id, LETTER_TEXT, expected=0).get_data(as_text=True)
    assert "Saved as version 1." in page
    assert "&lt;b&gt;Always&lt;/b&gt; &amp; forever" in page and "<b>Always</b>" not in page
    assert textarea(page) == LETTER_TEXT
    letter = load(app, letter_id)
    assert [(v.number, v.source, v.author_id, v.text) for v in letter.versions] == [
        (1, "writer", user_id(app, "wendy@example.com"), LETTER_TEXT)]

    page = save(client, letter_id, LETTER_TEXT, expected=1, button="submit_for_review")
    assert f"Letter #{letter_id} is submitted for review." in page.get_data(as_text=True)
    assert load(app, letter_id).status == "in_review"
    assert load(app, letter_id).current_version == 1  # unchanged text: no second version

    switch_to(client, "rita@example.com")
    page = client.get(f"/staff/letters/{letter_id}").get_data(as_text=True)
    assert 'id="release-to-customer"' in page
    page = post(client, f"/staff/letters/{letter_id}/release-to-customer",
                form_url=f"/staff/letters/{letter_id}", follow_redirects=True)
    assert "Released: the proof is being prepared" in page.get_data(as_text=True)
    assert load(app, letter_id).status == "awaiting_approval"

    switch_to(client, *CUSTOMER)
    proof = client.get(f"/letters/{letter_id}").get_data(as_text=True)
    assert "Proof ready for you" in proof
    assert "&lt;b&gt;Always&lt;/b&gt; &amp; forever yours." in proof
    assert re.search(rf"/letters/{letter_id}/files/\d+", proof), "no proof page images"


def test_second_writer_cannot_claim_a_held_letter_and_claim_next_gives_another(
        app: Flask, studio_client: FlaskClient) -> None:
    client = studio_client
    first, second = order_waiting_letters(client, 2)
    switch_to(client, "wendy@example.com")
    page = post(client, "/staff/claim-next", follow_redirects=True)
    assert page.request.path == f"/staff/letters/{first}"

    switch_to(client, "walt@example.com")
    page = post(client, f"/staff/letters/{first}/claim", follow_redirects=True)
    assert page.status_code == 404  # like a letter that does not exist: no status, no name
    assert "Wendy" not in page.get_data(as_text=True)
    assert load(app, first).writer_id == user_id(app, "wendy@example.com")
    refused = save(client, first, "Walt's words", expected=0)
    assert refused.status_code == 404  # Wendy's letter is not Walt's to open, let alone write
    assert load(app, first).current_version == 0

    page = post(client, "/staff/claim-next", follow_redirects=True)
    assert page.request.path == f"/staff/letters/{second}"
    assert load(app, second).writer_id == user_id(app, "walt@example.com")
    page = post(client, "/staff/claim-next", follow_redirects=True)
    assert "The queue is empty" in page.get_data(as_text=True)

    mine = client.get("/staff/").get_data(as_text=True).split('id="mine"')[1]
    assert f"/staff/letters/{second}\"" in mine.split("</section>")[0]


def test_writer_releases_a_claim_back_to_the_queue(
        app: Flask, studio_client: FlaskClient) -> None:
    [letter_id] = order_waiting_letters(studio_client)
    switch_to(studio_client, "wendy@example.com")
    post(studio_client, f"/staff/letters/{letter_id}/claim")
    page = post(studio_client, f"/staff/letters/{letter_id}/release", follow_redirects=True)
    assert "The letter is back in the queue." in page.get_data(as_text=True)
    letter = load(app, letter_id)
    assert (letter.status, letter.writer_id) == ("submitted", None)


def test_stale_save_is_refused_nothing_is_written_and_the_typed_text_stays(
        app: Flask, studio_client: FlaskClient) -> None:
    [letter_id] = order_waiting_letters(studio_client)
    switch_to(studio_client, "wendy@example.com")
    post(studio_client, f"/staff/letters/{letter_id}/claim")
    save(studio_client, letter_id, "Dear Cat, the first words.", expected=0)

    typed = "Dear Cat,\n\nwords from an old tab <i>that</i> must not be lost."
    refused = save(studio_client, letter_id, typed, expected=0)
    page = refused.get_data(as_text=True)
    assert refused.status_code == 409
    assert "Someone saved a newer version (v1)" in page
    assert "Nothing was overwritten" in page
    assert textarea(page) == typed
    assert 'id="newest-version"' in page and "Dear Cat, the first words." in page
    letter = load(app, letter_id)
    assert [v.text for v in letter.versions] == ["Dear Cat, the first words."]

    assert 'name="expected_version" type="hidden" value="1"' in page  # now a deliberate save
    assert "Saved as version 2." in save(studio_client, letter_id, typed, 1).get_data(as_text=True)


def test_characters_the_hand_cannot_draw_are_refused_by_name(
        app: Flask, studio_client: FlaskClient) -> None:
    [letter_id] = order_waiting_letters(studio_client)
    switch_to(studio_client, "wendy@example.com")
    post(studio_client, f"/staff/letters/{letter_id}/claim")
    typed = "Dear Cat, a snowman ☃ and a knight ♞ for you."
    refused = save(studio_client, letter_id, typed, expected=0)
    page = refused.get_data(as_text=True)
    assert refused.status_code == 422
    assert "The Caveat hand cannot draw these characters: ☃ (U+2603) ♞ (U+265E)." in page
    assert textarea(page) == typed
    assert load(app, letter_id).current_version == 0

    empty = save(studio_client, letter_id, "  \n ", expected=0)
    assert empty.status_code == 422 and "The letter is empty." in empty.get_data(as_text=True)
    too_long = save(studio_client, letter_id, "a" * 12_001, expected=0)
    assert too_long.status_code == 422
    assert "Keep it under 12,000 characters (it has 12,001)" in too_long.get_data(as_text=True)


def _submitted_for_review(app: Flask, client: FlaskClient) -> int:
    [letter_id] = order_waiting_letters(client)
    switch_to(client, "wendy@example.com")
    post(client, f"/staff/letters/{letter_id}/claim")
    save(client, letter_id, LETTER_TEXT, expected=0, button="submit_for_review")
    assert load(app, letter_id).status == "in_review"
    return letter_id


def test_writer_cannot_release_to_the_customer_or_send_back(
        app: Flask, studio_client: FlaskClient) -> None:
    letter_id = _submitted_for_review(app, studio_client)
    page = studio_client.get(f"/staff/letters/{letter_id}").get_data(as_text=True)
    assert 'id="release-to-customer"' not in page
    url = f"/staff/letters/{letter_id}"
    released = post(studio_client, f"{url}/release-to-customer", form_url=url,
                    follow_redirects=True)
    assert "Only a reviewer can release a letter" in released.get_data(as_text=True)
    sent = post(studio_client, f"{url}/send-back", {"note": "again"}, form_url=url,
                follow_redirects=True)
    assert "Only a reviewer can send a letter back" in sent.get_data(as_text=True)
    assert load(app, letter_id).status == "in_review"
    with app.extensions["letters"].db.session() as session:
        assert session.scalar(select(func.count()).select_from(RenderJob)) == 0


def test_reviewer_sends_back_with_a_note_the_writer_sees_in_the_timeline(
        app: Flask, studio_client: FlaskClient) -> None:
    letter_id = _submitted_for_review(app, studio_client)
    switch_to(studio_client, "rita@example.com")
    url = f"/staff/letters/{letter_id}"
    empty = post(studio_client, f"{url}/send-back", {"note": "  "}, form_url=url)
    assert empty.status_code == 422 and "Write a note for the writer." in empty.get_data(
        as_text=True)
    note = "Name the mechanic <Sal> — she will remember him."
    page = post(studio_client, f"{url}/send-back", {"note": note}, form_url=url,
                follow_redirects=True)
    assert "Sent back to the writer with your note." in page.get_data(as_text=True)
    letter = load(app, letter_id)
    assert (letter.status, letter.writer_id) == ("drafting", user_id(app, "wendy@example.com"))
    assert letter.events[-1].note == note and letter.events[-1].actor_role == "reviewer"

    switch_to(studio_client, "wendy@example.com")
    page = studio_client.get(url).get_data(as_text=True)
    timeline = page.split('id="timeline"')[1]
    assert html.escape(note, quote=False) in timeline
    assert "in review → drafting" in timeline and "Rita (reviewer)" in timeline
    assert textarea(page) == LETTER_TEXT  # the editor opens on the latest version
    assert f'{url}"' in studio_client.get("/staff/").get_data(as_text=True).split(
        'id="mine"')[1].split("</section>")[0]


def test_old_versions_are_listed_and_viewable(app: Flask, studio_client: FlaskClient) -> None:
    [letter_id] = order_waiting_letters(studio_client)
    switch_to(studio_client, "wendy@example.com")
    post(studio_client, f"/staff/letters/{letter_id}/claim")
    save(studio_client, letter_id, "First <draft>.", expected=0)
    save(studio_client, letter_id, "Second draft.", expected=1)
    page = studio_client.get(f"/staff/letters/{letter_id}?version=1").get_data(as_text=True)
    shown = page.split('id="shown-version"')[1].split("</section>")[0]
    assert "Version 1 (writer, Wendy)" in shown and "First &lt;draft&gt;." in shown
    versions = page.split('id="versions"')[1]
    assert f"/staff/letters/{letter_id}?version=2" in versions
    assert studio_client.get(f"/staff/letters/{letter_id}?version=9").status_code == 404


def test_customer_and_print_shop_get_403_on_every_staff_url(
        app: Flask, studio_client: FlaskClient) -> None:
    [letter_id] = order_waiting_letters(studio_client)
    urls = []
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/staff"):
            path = rule.build({k: letter_id for k in rule.arguments})[1]
            urls += [(method, path) for method in sorted(rule.methods - {"HEAD", "OPTIONS"})]
    assert {"GET", "POST"} <= {method for method, _ in urls} and len(urls) >= 7
    for email, password in (CUSTOMER, ("shop@example.com", PASSWORD)):
        switch_to(studio_client, email, password)
        token = csrf_token(studio_client, "/account")
        for method, url in urls:
            response = studio_client.open(url, method=method,
                                          data={"csrf_token": token, "note": "x", "text": "x",
                                                "expected_version": 0, "save": "1"})
            assert response.status_code == 403, f"{email}: {method} {url} {response.status_code}"
    letter = load(app, letter_id)
    assert (letter.status, letter.writer_id, letter.current_version) == ("submitted", None, 0)


def test_concurrent_claim_next_takes_different_letters_on_postgresql(
        app: Flask, studio_client: FlaskClient) -> None:
    database = app.extensions["letters"].db
    if database.is_sqlite:
        pytest.skip("SQLite has one writer at a time; the row-lock race needs PostgreSQL")
    first, second = order_waiting_letters(studio_client, 2)
    with database.sessions() as one, database.sessions() as two:
        wendy = one.scalar(select(User).where(User.email == "wendy@example.com"))
        walt = two.scalar(select(User).where(User.email == "walt@example.com"))
        held = studio.claim_next(one, wendy)  # transaction open: the row stays locked
        other = studio.claim_next(two, walt)
        assert held is not None and other is not None
        assert {held.id, other.id} == {first, second}
        two.commit()
        one.commit()
    with database.session() as session:
        claims = session.execute(select(Letter.id, Letter.writer_id).order_by(Letter.id)).all()
        events = session.scalar(select(func.count()).select_from(AuditEvent)
                                .where(AuditEvent.to_status == "drafting"))
        versions = session.scalar(select(func.count()).select_from(DraftVersion))
    assert len({writer for _, writer in claims}) == 2 and events == 2 and versions == 0



def test_writers_pressing_claim_next_at_the_same_moment_get_different_letters(
        app: Flask, studio_client: FlaskClient) -> None:
    database = app.extensions["letters"].db
    if database.is_sqlite:
        pytest.skip("SQLite has one writer at a time; the row-lock race needs PostgreSQL")
    order_waiting_letters(studio_client, 2)
    start = threading.Barrier(2)
    claimed: dict[str, int | None] = {}

    def press_claim_next(email: str) -> None:
        with database.session() as session:
            writer = session.scalar(select(User).where(User.email == email))
            start.wait(timeout=10)
            letter = studio.claim_next(session, writer)
            claimed[email] = letter.id if letter else None

    threads = [threading.Thread(target=press_claim_next, args=(email,))
               for email in ("wendy@example.com", "walt@example.com")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert None not in claimed.values() and len(set(claimed.values())) == 2, claimed
    for email, letter_id in claimed.items():
        assert load(app, letter_id).writer_id == user_id(app, email)

def test_customers_revision_note_is_reworked_by_a_writer_into_a_new_proof(
        app: Flask, studio_client: FlaskClient) -> None:
    client = studio_client
    letter_id = letter_id_from(place_order(client))  # engine draft, proof v1 shown at once
    assert load(app, letter_id).status == "awaiting_approval"
    token = csrf_token(client, f"/letters/{letter_id}")
    note = "Please mention the mechanic, Sal."
    client.post(f"/letters/{letter_id}/revise", data={"csrf_token": token, "note": note})
    assert load(app, letter_id).status == "revision_requested"

    switch_to(client, "walt@example.com")
    page = post(client, "/staff/claim-next", follow_redirects=True).get_data(as_text=True)
    assert f"Letter #{letter_id} is yours to write." in page
    assert note in page.split('id="timeline"')[1]
    engine_text = textarea(page)
    assert "Big Sur" in engine_text
    reworked = engine_text.replace("Big Sur", "Big Sur, where Sal fixed the car,", 1)
    save(client, letter_id, reworked, expected=1)
    submitted = save(client, letter_id, reworked, expected=2, button="submit_for_review")
    assert f"Letter #{letter_id} is submitted for review." in submitted.get_data(as_text=True)

    switch_to(client, "rita@example.com")
    url = f"/staff/letters/{letter_id}"
    post(client, f"{url}/release-to-customer", form_url=url)
    letter = load(app, letter_id)
    assert (letter.status, letter.current_version) == ("awaiting_approval", 2)
    assert [v.source for v in letter.versions] == ["engine", "writer"]

    switch_to(client, *CUSTOMER)
    proof = client.get(f"/letters/{letter_id}").get_data(as_text=True)
    assert "Proof ready for you" in proof and "where Sal fixed the car" in proof


def test_a_writer_sees_the_queue_and_their_own_letters_not_everyone_elses(
        app: Flask, client: FlaskClient) -> None:
    """Briefs carry home addresses and private memories: a writer opens only what is theirs
    to work on; a reviewer opens everything."""
    make_user(app, "wanda@example.com", Role.WRITER)
    make_user(app, "rita@example.com", Role.REVIEWER)
    signup(client, email="cust@example.com", password="customer pw 12")
    finished = letter_id_from(place_order(client))  # engine-drafted, awaiting approval
    switch_to(client, "wanda@example.com")
    assert client.get(f"/staff/letters/{finished}").status_code == 404
    assert f"/staff/letters/{finished}\"" not in client.get("/staff/").get_data(as_text=True)
    switch_to(client, "rita@example.com")
    assert client.get(f"/staff/letters/{finished}").status_code == 200
    assert f"/staff/letters/{finished}" in client.get("/staff/").get_data(as_text=True)
