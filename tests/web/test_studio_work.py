"""The studio's working rules, on SQLite and PostgreSQL: claims that expire, the queue's cost,
versions compared and restored, four eyes, the ordered length, trusted writers, the floor."""

from __future__ import annotations

import threading
import uuid
from datetime import UTC, date, datetime, timedelta

import pytest
from conftest import csrf_token
from flask import Flask
from flask.testing import FlaskClient
from letter_steps import letter_id_from, place_order
from sqlalchemy import event, select
from test_studio import (
    CUSTOMER,
    FILLER,
    LETTER_TEXT,
    load,
    make_user,
    order_waiting_letters,
    post,
    save,
    seat_the_cast,
    switch_to,
    user_id,
)

from letters_app.domain import studio
from letters_app.domain.claims import expire_claims
from letters_app.domain.diffs import Change, word_diff
from letters_app.domain.errors import Conflict
from letters_app.domain.models import Address, AuditEvent, Letter, Role, User

HOURS_4 = timedelta(hours=4)


@pytest.fixture
def staff(app: Flask, client: FlaskClient) -> FlaskClient:
    return seat_the_cast(app, client)


def _claimed(app: Flask, client: FlaskClient, email: str = "wendy@example.com") -> int:
    switch_to(client, *CUSTOMER)
    [letter_id] = order_waiting_letters(client)
    switch_to(client, email)
    post(client, f"/staff/letters/{letter_id}/claim")
    assert load(app, letter_id).writer_id == user_id(app, email)
    return letter_id


def _idle_for(app: Flask, letter_id: int, span: timedelta) -> None:
    with app.extensions["letters"].db.session() as session:
        letter = session.get(Letter, letter_id)
        assert letter is not None
        letter.claim_active_at = datetime.now(UTC) - span


def test_an_idle_claim_expires_and_the_letter_returns_to_the_queue_with_an_event(
        app: Flask, staff: FlaskClient) -> None:
    letter_id = _claimed(app, staff)
    save(staff, letter_id, "Dear Cat, a start.", expected=0)
    with app.extensions["letters"].db.session() as session:
        assert expire_claims(session, HOURS_4, now=datetime.now(UTC) + timedelta(hours=3)) == []
        assert expire_claims(session, HOURS_4, now=datetime.now(UTC) + timedelta(hours=5)) \
            == [letter_id]
    letter = load(app, letter_id)
    assert (letter.status, letter.writer_id, letter.current_version) == ("submitted", None, 1)
    assert letter.events[-1].note == "claim expired after 4 hours without a save"
    assert letter.events[-1].actor_role == "system"


def test_reading_the_queue_expires_idle_claims_without_a_beat(
        app: Flask, staff: FlaskClient) -> None:
    letter_id = _claimed(app, staff)
    _idle_for(app, letter_id, timedelta(hours=3))
    staff.get("/staff/")
    assert load(app, letter_id).writer_id is not None  # 3 h idle: still Wendy's
    _idle_for(app, letter_id, timedelta(hours=5))
    waiting = staff.get("/staff/?view=waiting").get_data(as_text=True)
    assert f"/staff/letters/{letter_id}/claim" in waiting
    assert load(app, letter_id).status == "submitted"
    timeline = staff.get(f"/staff/letters/{letter_id}").get_data(as_text=True)
    assert "claim expired after 4 hours without a save" in timeline.split('id="timeline"')[1]


def test_a_save_keeps_the_claim_alive(app: Flask, staff: FlaskClient) -> None:
    letter_id = _claimed(app, staff)
    _idle_for(app, letter_id, timedelta(hours=5))
    save(staff, letter_id, "Dear Cat, still here.", expected=0)
    staff.get("/staff/")
    assert load(app, letter_id).writer_id == user_id(app, "wendy@example.com")


def test_writer_b_cannot_touch_writer_as_claimed_letter(
        app: Flask, staff: FlaskClient) -> None:
    letter_id = _claimed(app, staff)
    save(staff, letter_id, "Wendy's words.", expected=0)
    save(staff, letter_id, "Wendy's second words.", expected=1)
    switch_to(staff, "walt@example.com")
    url = f"/staff/letters/{letter_id}"
    for method, path in (("GET", url), ("GET", f"{url}/compare?old=1&new=2"),
                         ("GET", f"{url}/versions/1/preview"), ("POST", f"{url}/draft"),
                         ("POST", f"{url}/versions/1/restore"), ("POST", f"{url}/release")):
        token = csrf_token(staff, "/staff/")
        response = staff.open(path, method=method, data={
            "csrf_token": token, "text": "Walt's", "expected_version": 2, "save": "1"})
        assert response.status_code == 404, (method, path)
    letter = load(app, letter_id)
    assert (letter.writer_id, letter.current_version) == (user_id(app, "wendy@example.com"), 2)


def test_word_diff_marks_additions_and_deletions_and_keeps_line_breaks() -> None:
    pieces = word_diff("Dear Cat,\n\nthe red car broke down.",
                       "Dear Cat,\n\nthe old blue car broke.")
    assert [(p.change, p.text) for p in pieces] == [
        (Change.SAME, "Dear Cat,\n\nthe"), (Change.REMOVED, " red"),
        (Change.ADDED, " old blue"), (Change.SAME, " car broke"), (Change.REMOVED, " down"),
        (Change.SAME, ".")]


def test_versions_are_compared_word_by_word_and_an_old_one_restored_as_new(
        app: Flask, staff: FlaskClient) -> None:
    letter_id = _claimed(app, staff)
    save(staff, letter_id, "Dear Cat, the red <car> broke down.", expected=0)
    save(staff, letter_id, "Dear Cat, the blue <car> broke down at dusk.", expected=1)
    url = f"/staff/letters/{letter_id}"
    page = staff.get(f"{url}/compare?old=1&new=2").get_data(as_text=True)
    diff = page.split('id="diff"')[1].split("</div>")[0]
    assert "the<del> red</del><ins> blue</ins> &lt;car&gt; broke down<ins> at dusk</ins>." in diff
    assert "3 words added, 1 removed" in page
    assert staff.get(f"{url}/compare?old=1&new=7").status_code == 404

    restored = post(staff, f"{url}/versions/1/restore", {"expected_version": 2},
                    form_url=url, follow_redirects=True)
    assert "Version 1 is restored as a new version." in restored.get_data(as_text=True)
    letter = load(app, letter_id)
    assert [v.text for v in letter.versions] == [
        "Dear Cat, the red <car> broke down.", "Dear Cat, the blue <car> broke down at dusk.",
        "Dear Cat, the red <car> broke down."]
    stale = post(staff, f"{url}/versions/2/restore", {"expected_version": 2},
                 form_url=url, follow_redirects=True)
    assert "Someone saved a newer version (v3)" in stale.get_data(as_text=True)
    assert load(app, letter_id).current_version == 3


def test_two_saves_at_once_one_stale_on_postgresql(
        app: Flask, staff: FlaskClient) -> None:
    database = app.extensions["letters"].db
    if database.is_sqlite:
        pytest.skip("SQLite has one writer at a time; the row-lock race needs PostgreSQL")
    letter_id = _claimed(app, staff)
    wendy_id = user_id(app, "wendy@example.com")
    outcome: dict[str, object] = {}
    first_holds_lock = threading.Event()

    with database.sessions() as one:
        letter = one.get(Letter, letter_id)
        wendy = one.get(User, wendy_id)
        studio.save_draft(one, letter, wendy, "From the first tab.", expected_version=0)

        def second_tab() -> None:
            with database.sessions() as two:
                other = two.get(Letter, letter_id)
                first_holds_lock.set()
                try:  # waits on the first tab's row lock, then finds v1 saved
                    studio.save_draft(two, other, two.get(User, wendy_id),
                                      "From the second tab.", expected_version=0)
                    two.commit()
                    outcome["second"] = "saved"
                except Conflict as err:
                    two.rollback()
                    outcome["second"] = str(err)

        thread = threading.Thread(target=second_tab)
        thread.start()
        first_holds_lock.wait(timeout=10)
        thread.join(timeout=1)
        assert thread.is_alive(), "the second save did not wait for the first's lock"
        one.commit()
    thread.join(timeout=30)
    assert "Someone saved a newer version (v1)" in str(outcome["second"])
    assert [v.text for v in load(app, letter_id).versions] == ["From the first tab."]


def _in_review(app: Flask, client: FlaskClient, writer: str, text: str = LETTER_TEXT) -> int:
    letter_id = _claimed(app, client, writer)
    save(client, letter_id, text, expected=0, button="submit_for_review")
    assert load(app, letter_id).status == "in_review"
    return letter_id


def test_a_reviewer_cannot_release_a_draft_they_wrote(
        app: Flask, staff: FlaskClient) -> None:
    make_user(app, "ray@example.com", Role.REVIEWER)
    letter_id = _in_review(app, staff, "rita@example.com")
    url = f"/staff/letters/{letter_id}"
    page = staff.get(url).get_data(as_text=True)
    assert 'id="four-eyes"' in page and 'id="release-to-customer"' not in page
    refused = post(staff, f"{url}/release-to-customer", form_url=url,
                   follow_redirects=True)
    assert "You wrote version 1: another reviewer must read it" in refused.get_data(as_text=True)
    assert load(app, letter_id).status == "in_review"

    switch_to(staff, "ray@example.com")
    post(staff, f"{url}/release-to-customer", form_url=url)
    assert load(app, letter_id).status == "awaiting_approval"


def test_a_draft_off_the_ordered_length_needs_a_reviewers_override_with_a_note(
        app: Flask, staff: FlaskClient) -> None:
    long_text = "Dear Cat,\n\n" + "\n\n".join([FILLER] * 3) + "\n\nTheo"
    letter_id = _in_review(app, staff, "wendy@example.com", long_text)
    switch_to(staff, "rita@example.com")
    url = f"/staff/letters/{letter_id}"
    page = staff.get(url).get_data(as_text=True)
    check = page.split('id="length-check"')[1].split("</p>")[0]
    assert "1 ordered" in check and "It renders to 2 pages; 1 page ordered." in check
    assert 'name="override_note"' in page

    refused = post(staff, f"{url}/release-to-customer", form_url=url,
                   follow_redirects=True)
    assert "does not keep the ordered length" in refused.get_data(as_text=True)
    assert load(app, letter_id).status == "in_review"

    post(staff, f"{url}/release-to-customer",
         {"override_note": "The customer asked for every memory, two pages agreed by phone."},
         form_url=url)
    letter = load(app, letter_id)
    assert letter.status == "awaiting_approval"
    [override] = [e for e in letter.events if e.action == "length_override"]
    assert override.actor_id == user_id(app, "rita@example.com")
    assert override.note == ("It renders to 2 pages; 1 page ordered. Override: The customer "
                             "asked for every memory, two pages agreed by phone.")


def test_a_badly_underfilled_draft_is_held_too(app: Flask, staff: FlaskClient) -> None:
    letter_id = _in_review(app, staff, "wendy@example.com", "Dear Cat,\n\nHello.\n\nTheo")
    switch_to(staff, "rita@example.com")
    url = f"/staff/letters/{letter_id}"
    refused = post(staff, f"{url}/release-to-customer", form_url=url,
                   follow_redirects=True).get_data(as_text=True)
    assert "It badly underfills the order: 4 words on 1 page, one page ordered." in refused
    assert load(app, letter_id).status == "in_review"


def test_a_trusted_writer_skips_review_and_others_do_not(
        app: Flask, staff: FlaskClient) -> None:
    from click.testing import CliRunner

    from letters_app.cli import main

    config = app.extensions["letters"].config
    env = {"DATABASE_URL": config.database_url, "INSTANCE_DIR": str(config.instance_dir),
           "SECRET_KEY": "test-secret-key"}
    result = CliRunner().invoke(main, ["writers", "trust", "wendy@example.com"], env=env)
    assert result.exit_code == 0, result.output
    refused = CliRunner().invoke(main, ["writers", "trust", "ana@example.com"], env=env)
    assert refused.exit_code != 0 and "is a customer, not a writer" in refused.output

    trusted = _claimed(app, staff, "wendy@example.com")
    page = save(staff, trusted, LETTER_TEXT, expected=0, button="submit_for_review")
    assert "you are trusted to skip review" in page.get_data(as_text=True)
    assert load(app, trusted).status == "awaiting_approval"

    plain = _in_review(app, staff, "walt@example.com")
    assert load(app, plain).status == "in_review"
    CliRunner().invoke(main, ["writers", "untrust", "wendy@example.com"], env=env)
    again = _in_review(app, staff, "wendy@example.com")
    assert load(app, again).status == "in_review"


def test_the_preview_shows_the_version_in_the_hand_with_its_page_count(
        app: Flask, staff: FlaskClient) -> None:
    letter_id = _claimed(app, staff)
    save(staff, letter_id, LETTER_TEXT, expected=0)
    page = staff.get(f"/staff/letters/{letter_id}/versions/1/preview")
    body = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "1 page, 1 ordered" in body.split('id="page-count"')[1]
    assert body.count('src="data:image/png;base64,iVBOR') == 1


# --- the queue's cost -------------------------------------------------------------------------

def _many_letters(app: Flask, count: int) -> None:
    """`count` waiting letters written straight to the database (ordering them through the
    form would take the test minutes); every other one has a writer."""
    with app.extensions["letters"].db.session() as session:
        customer = session.scalar(select(User).where(User.email == "ana@example.com"))
        walt = session.scalar(select(User).where(User.email == "walt@example.com"))
        for n in range(count):
            address = Address(name="Cat", street_address="1 Vine St", country_code="US",
                              lines=["Cat", "1 Vine St"])
            held = n % 2 == 0
            session.add(Letter(
                customer_id=customer.id, order_key=uuid.uuid4().hex, sender_name="Theo",
                sender_signature="Theo", relationship_to_sender="wife",
                recipient_name=f"Cat {n}", recipient_salutation="Cat", occasion="love",
                tone="warm", length="page", hand="caveat", ink="blue_black", paper="letter",
                deliver_by=date.today() + timedelta(days=n % 9), seed=n,
                recipient_address=address, status="drafting" if held else "submitted",
                writer_id=walt.id if held else None, claim_active_at=datetime.now(UTC)))


def _statements(app: Flask, client: FlaskClient, url: str) -> int:
    engine = app.extensions["letters"].db.engine
    seen: list[str] = []

    def count(conn, cursor, statement, *args) -> None:  # type: ignore[no-untyped-def]
        if not statement.startswith("BEGIN"):  # SQLite's explicit transaction start
            seen.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        assert client.get(url).status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return len(seen)


@pytest.mark.parametrize("url", ["/staff/", "/staff/?view=needs_revision",
                                 "/staff/?view=due_soon&page=2"])
def test_a_queue_page_costs_the_same_queries_for_5_or_50_letters(
        app: Flask, staff: FlaskClient, url: str) -> None:
    switch_to(staff, "wendy@example.com")
    _many_letters(app, 5)
    few = _statements(app, staff, url)
    _many_letters(app, 45)
    many = _statements(app, staff, url)
    assert few == many, (few, many)
    # The login session with its user (one query), the idle-claims check, the count and the
    # page (with each letter's writer joined in).
    assert many == 4, many


def test_the_queue_is_paged_by_urgency_and_filtered(
        app: Flask, staff: FlaskClient) -> None:
    switch_to(staff, "walt@example.com")
    _many_letters(app, 30)
    first = staff.get("/staff/").get_data(as_text=True)
    assert "page 1 of 2" in first and first.count('class="queue-item"') == 25
    dates = [line.split('datetime="')[1][:10] for line in first.split('class="queue-item"')[1:]]
    assert dates == sorted(dates)
    mine = staff.get("/staff/?view=mine").get_data(as_text=True)
    assert mine.count('class="queue-item"') == 15
    soon = staff.get("/staff/?view=due_soon").get_data(as_text=True)
    soon_dates = [d.split('datetime="')[1][:10] for d in soon.split('class="queue-item"')[1:]]
    assert soon_dates and max(soon_dates) <= (date.today() + timedelta(days=3)).isoformat()
    assert staff.get("/staff/?view=nonsense").status_code == 404


def test_needs_revision_lists_letters_sent_back_with_a_note(
        app: Flask, staff: FlaskClient) -> None:
    sent_back = _in_review(app, staff, "wendy@example.com")
    untouched = _claimed(app, staff, "walt@example.com")
    switch_to(staff, "rita@example.com")
    url = f"/staff/letters/{sent_back}"
    post(staff, f"{url}/send-back", {"note": "Name the mechanic."}, form_url=url)
    page = staff.get("/staff/?view=needs_revision").get_data(as_text=True)
    assert f"/staff/letters/{sent_back}\"" in page
    assert f"/staff/letters/{untouched}\"" not in page
    switch_to(staff, "wendy@example.com")
    letter_page = staff.get(url).get_data(as_text=True)
    notes = letter_page.split('id="revision-notes"')[1].split("</section>")[0]
    assert "Name the mechanic." in notes and "about version 1" in notes


# --- the floor ----------------------------------------------------------------------------------

def test_the_floor_shows_each_writer_and_the_letters_at_risk_with_why(
        app: Flask, staff: FlaskClient) -> None:
    first = _in_review(app, staff, "wendy@example.com")
    second = _in_review(app, staff, "wendy@example.com")
    held = _claimed(app, staff, "walt@example.com")
    with app.extensions["letters"].db.session() as session:
        session.get(Letter, held).deliver_by = date.today() + timedelta(days=2)
        claim_event = session.scalar(select(AuditEvent).where(
            AuditEvent.letter_id == first, AuditEvent.note == "claimed"))
        claim_event.created_at -= timedelta(minutes=90)
    switch_to(staff, "rita@example.com")
    url = f"/staff/letters/{first}"
    post(staff, f"{url}/send-back", {"note": "Shorter, please."}, form_url=url)
    assert second  # submitted and not sent back: one of Wendy's two submissions was revised

    assert staff.get("/staff/floor").status_code == 200
    page = staff.get("/staff/floor").get_data(as_text=True)
    wendy = page.split(f'id="writer-{user_id(app, "wendy@example.com")}"')[1].split("</tr>")[0]
    cells = [c.split(">", 1)[1].split("</td>")[0] for c in wendy.split("<td")[1:]]
    assert cells[0] == "Wendy" and cells[1] == "1"  # the sent-back letter is in her hand again
    assert cells[3] == "2" and cells[4] == "50% (1 of 2)"
    assert cells[2] != "—"
    risk = page.split('id="at-risk"')[1].split("</section>")[0]
    assert f"#{held} to" in risk and "Due in 2 days; Walt has it, no draft saved yet." in risk

    switch_to(staff, "wendy@example.com")
    assert staff.get("/staff/floor").status_code == 403


# --- correspondences and yearly letters -------------------------------------------------------

def test_a_yearly_letter_is_briefed_on_schedule_in_the_same_correspondence(
        app: Flask, staff: FlaskClient) -> None:
    from letters_app.domain.correspondence import earlier_letters
    from letters_app.domain.recurring import RecurringState, every_year, make_due_briefs, set_state
    from letters_app.jobs import handlers

    [first] = order_waiting_letters(staff)
    services = app.extensions["letters"]
    with services.db.session() as session:
        customer = session.scalar(select(User).where(User.email == "ana@example.com"))
        recurring = every_year(session, customer, session.get(Letter, first), date(2026, 3, 14))
        session.flush()
        recurring_id = recurring.id

    def brief_on(today: date) -> list[int]:
        with services.unit_of_work() as session:  # commits, then sends the customer's email
            return make_due_briefs(session, today, lead_days=21)

    assert brief_on(date(2027, 2, 20)) == []          # 22 days before: not yet
    [made] = brief_on(date(2027, 2, 21))              # 21 days before: this year's brief
    assert brief_on(date(2027, 2, 22)) == []          # once a year
    with services.db.session() as session:
        letter = session.get(Letter, made)
        assert (letter.status, letter.deliver_by, letter.memories) == (
            "submitted", date(2027, 3, 14), "")
        assert letter.recipient_name == "Catherine Klausen" and letter.customer_id == customer.id
        assert [e.letter_id for e in earlier_letters(session, letter)] == [first]
        [event] = letter.events
        assert event.action == "recurring_brief"
        customer = session.get(User, customer.id)
        set_state(session, customer, recurring_id, RecurringState.PAUSED)
    assert brief_on(date(2028, 2, 25)) == []          # paused: nothing in 2028
    with services.db.session() as session:
        set_state(session, session.get(User, customer.id), recurring_id, RecurringState.ACTIVE)
    assert len(brief_on(date(2028, 2, 25))) == 1

    mail = sorted((services.config.instance_dir / "mail").glob("*.eml"))
    assert any("This year's letter to Catherine Klausen" in m.read_text() for m in mail)

    switch_to(staff, "wendy@example.com")
    page = staff.get(f"/staff/letters/{made}").get_data(as_text=True)
    earlier = page.split('id="correspondence"')[1].split("</section>")[0]
    assert f"#{first} · anniversary" in earlier and "Big Sur" in earlier

    # The beat's job makes a brief whose day is near today, by the configured lead.
    with services.db.session() as session:
        customer = session.get(User, customer.id)
        every_year(session, customer, session.get(Letter, first),
                   date.today() + timedelta(days=5))
    assert handlers.make_yearly_briefs(services) == 1
    assert handlers.make_yearly_briefs(services) == 0


def test_a_customer_asks_for_a_yearly_letter_pauses_it_and_gives_this_years_memories(
        app: Flask, staff: FlaskClient) -> None:
    from letters_app.domain.models import RecurringLetter
    from letters_app.domain.recurring import make_due_briefs

    [first] = order_waiting_letters(staff)
    url = f"/letters/{first}/every-year"
    page = post(staff, url, {"on": "2026-03-14"}, form_url=url, follow_redirects=True)
    assert "every year on 14 March" in page.get_data(as_text=True)
    services = app.extensions["letters"]
    with services.db.session() as session:
        [yearly] = session.scalars(select(RecurringLetter)).all()
        yearly_id = yearly.id
    post(staff, f"/yearly/{yearly_id}/pause", form_url=url)
    assert "<strong>paused</strong>" in staff.get(url).get_data(as_text=True)
    post(staff, f"/yearly/{yearly_id}/resume", form_url=url)
    with services.unit_of_work() as session:
        [made] = make_due_briefs(session, date(2027, 3, 1), lead_days=21)

    letter_page = staff.get(f"/letters/{made}").get_data(as_text=True)
    assert 'id="memories-wanted"' in letter_page
    memories_url = f"/letters/{made}/memories"
    empty = post(staff, memories_url, {"memories": " "}, form_url=memories_url)
    assert empty.status_code == 422
    post(staff, memories_url, {"memories": "our first year in the new house",
                               "recall_earlier": "y"}, form_url=memories_url)
    letter = load(app, made)
    assert letter.memories.splitlines() == [  # this year's first, then the earlier letter's
        "our first year in the new house",
        "the summer we drove to Big Sur and the car broke down",
        "how you laughed when the mechanic called us newlyweds"]
    assert letter.status == "awaiting_approval"  # the engine wrote it, with this year's memory
    assert "new house" in letter.versions[-1].text

    post(staff, f"/yearly/{yearly_id}/stop", form_url=url)
    stopped = post(staff, f"/yearly/{yearly_id}/resume", form_url=url, follow_redirects=True)
    assert "This yearly letter is stopped" in stopped.get_data(as_text=True)


def test_my_letters_are_grouped_by_recipient(app: Flask, staff: FlaskClient) -> None:
    first, second = order_waiting_letters(staff, 2)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(staff.application.extensions["letters"].sender, "send",
                      lambda job, payload: None)
        other = letter_id_from(place_order(staff, recipient_name="Amy Klausen"))
    page = staff.get("/letters").get_data(as_text=True)
    groups = page.split('class="correspondence"')[1:]
    assert len(groups) == 2
    assert "To Amy Klausen" in groups[0] and f"/letters/{other}\"" in groups[0]
    assert "To Catherine Klausen" in groups[1] and "(2 letters)" in groups[1]
    assert f"/letters/{first}\"" in groups[1] and f"/letters/{second}\"" in groups[1]
