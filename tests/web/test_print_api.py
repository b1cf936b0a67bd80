"""The print-shop API through the Flask client, on SQLite and PostgreSQL: list ready letters,
download their PDFs, batch them, report printed and shipped — each shop only its own."""

from __future__ import annotations

import hashlib
import io

import sqlalchemy as sa
from conftest import signup
from flask import Flask
from flask.testing import FlaskClient
from letter_steps import file_links, letter_id_from, place_order, post_action
from pypdf import PdfReader

from letters_app.domain import accounts
from letters_app.domain.models import AuditEvent, Letter, PrintBatch, Role, User

BOTH = {"print:read", "print:write"}


def shop_token(app: Flask, email: str = "press@example.com",
               scopes: set[str] = BOTH) -> tuple[dict[str, str], int]:
    """A print-shop account with a token: the Authorization header and the token id."""
    with app.extensions["letters"].db.session() as session:
        shop = accounts.find_user_by_email(session, email) or accounts.create_user(
            session, email=email, name=email.split("@")[0], password="print shop pw 1",
            role=Role.PRINTSHOP)
        issued = accounts.issue_token(session, shop, name="press", scopes=scopes)
        return {"Authorization": f"Bearer {issued.secret}"}, issued.token.id


def ready_letter(client: FlaskClient) -> int:
    """A letter the (signed-up) customer ordered and approved: rendered, ready to print."""
    letter_id = letter_id_from(place_order(client))
    post_action(client, letter_id, "approve")
    return letter_id


def take_batch(client: FlaskClient, headers: dict[str, str], letter_ids: list[int],
               **options: str) -> dict:  # type: ignore[type-arg]
    """POST the batch (202: the letters are taken, the files build in the background; in
    the tests' embedded default, as soon as the request commits), then GET it, ready."""
    made = client.post("/api/v1/print/batches", json={"letter_ids": letter_ids, **options},
                       headers=headers)
    assert made.status_code == 202, made.get_json()
    assert made.get_json()["state"] == "building" and made.get_json()["files"] == []
    batch = client.get(made.headers["Location"], headers=headers).get_json()
    assert batch["state"] == "ready", batch
    return batch  # type: ignore[no-any-return]


def status_of(app: Flask, letter_id: int) -> str:
    with app.extensions["letters"].db.session() as session:
        return session.get(Letter, letter_id).status


def batch_count(app: Flask) -> int:
    with app.extensions["letters"].db.session() as session:
        return session.scalar(sa.select(sa.func.count()).select_from(PrintBatch))


def test_no_token_is_401_and_a_token_without_the_needed_scope_is_403(
        app: Flask, client: FlaskClient) -> None:
    signup(client)
    letter_id = ready_letter(client)
    shop = app.test_client()
    read_only, _ = shop_token(app, scopes={"print:read"})
    write_only, _ = shop_token(app, scopes={"print:write"})

    assert shop.get("/api/v1/print/letters").status_code == 401
    bogus = {"Authorization": "Bearer lt_not-a-token"}
    assert shop.get("/api/v1/print/letters", headers=bogus).get_json()["code"] == "unauthorized"
    assert shop.get("/api/v1/print/letters", headers=write_only).status_code == 403
    response = shop.post("/api/v1/print/batches", json={"letter_ids": [letter_id]},
                         headers=read_only)
    assert response.status_code == 403
    assert response.get_json()["code"] == "insufficient_scope"
    assert "print:write" in response.get_json()["error"]
    assert status_of(app, letter_id) == "ready_to_print"
    assert shop.get("/api/v1/print/letters", headers=read_only).status_code == 200


def test_list_shows_only_ready_letters_with_their_files(app: Flask, client: FlaskClient) -> None:
    signup(client)
    ready = ready_letter(client)
    letter_id_from(place_order(client))  # a proof still waiting for the customer
    headers, _ = shop_token(app)

    response = app.test_client().get("/api/v1/print/letters", headers=headers)
    assert response.status_code == 200
    letters = response.get_json()["letters"]
    assert [letter["id"] for letter in letters] == [ready]
    listed = letters[0]
    assert listed["paper"] == "letter" and listed["stationery"] == "cream"
    assert listed["with_envelope"] is True and listed["deliver_by"]
    assert [f["kind"] for f in listed["files"]] == ["letter_pdf", "envelope_pdf"]
    for file in listed["files"]:
        assert len(file["sha256"]) == 64 and file["size"] > 1000
        assert file["url"] == f"/api/v1/print/letters/{ready}/files/{file['kind']}"
    storage_root = str(app.extensions["letters"].storage.root)
    assert storage_root not in response.get_data(as_text=True)


def test_download_is_the_same_pdf_the_customer_downloads(app: Flask, client: FlaskClient) -> None:
    signup(client)
    letter_id = ready_letter(client)
    page = client.get(f"/letters/{letter_id}").get_data(as_text=True)
    customer_files = [client.get(link) for link in file_links(page, letter_id)]
    customer_letter = next(r for r in customer_files
                           if "letter.pdf" in r.headers.get("Content-Disposition", ""))
    headers, _ = shop_token(app)
    shop = app.test_client()
    listed = shop.get("/api/v1/print/letters", headers=headers).get_json()["letters"][0]
    letter_file = next(f for f in listed["files"] if f["kind"] == "letter_pdf")

    response = shop.get(letter_file["url"], headers=headers)
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    digest = hashlib.sha256(response.data).hexdigest()
    assert digest == hashlib.sha256(customer_letter.data).hexdigest() == letter_file["sha256"]
    assert len(response.data) == letter_file["size"]
    assert response.headers["Cache-Control"] == "private, no-store"
    assert response.headers["ETag"].strip('"') == digest
    assert len(PdfReader(io.BytesIO(response.data)).pages) >= 1
    envelope = shop.get(f"/api/v1/print/letters/{letter_id}/files/envelope_pdf", headers=headers)
    assert PdfReader(io.BytesIO(envelope.data)).pages
    assert shop.get(f"/api/v1/print/letters/{letter_id}/files/proof_png",
                    headers=headers).status_code == 404


def test_unready_letter_files_are_not_served(app: Flask, client: FlaskClient) -> None:
    signup(client)
    proof = letter_id_from(place_order(client))
    headers, _ = shop_token(app)
    response = app.test_client().get(f"/api/v1/print/letters/{proof}/files/letter_pdf",
                                     headers=headers)
    assert response.status_code == 404
    assert response.get_json() == {"error": "No such file.", "code": "not_found"}


def test_batch_moves_letters_to_printing_and_the_customer_sees_it(
        app: Flask, client: FlaskClient) -> None:
    signup(client)
    first, second = ready_letter(client), ready_letter(client)
    headers, _ = shop_token(app)
    shop = app.test_client()

    batch = take_batch(shop, headers, [second, first])
    assert [letter["id"] for letter in batch["letters"]] == [first, second]
    assert all(letter["status"] == "printing" for letter in batch["letters"])
    assert all(len(letter["files"]) == 2 for letter in batch["letters"])
    assert shop.get(f"/api/v1/print/batches/{batch['id']}", headers=headers).get_json() == batch
    assert shop.get("/api/v1/print/letters", headers=headers).get_json() == {"letters": []}
    # The batching shop still reaches the files of its letters.
    assert shop.get(batch["letters"][0]["files"][0]["url"], headers=headers).status_code == 200

    page = client.get(f"/letters/{first}").get_data(as_text=True)
    assert 'id="status-label">Printing<' in page
    assert client.get(f"/letters/{second}/status.json").get_json()["label"] == "Printing"
    with app.extensions["letters"].db.session() as session:
        event = session.scalars(sa.select(AuditEvent).where(
            AuditEvent.letter_id == first).order_by(AuditEvent.id.desc())).first()
        shop_user = accounts.find_user_by_email(session, "press@example.com")
        assert (event.from_status, event.to_status) == ("ready_to_print", "printing")
        assert (event.actor_role, event.actor_id) == ("printshop", shop_user.id)


def test_second_batch_with_a_batched_letter_is_refused_and_changes_nothing(
        app: Flask, client: FlaskClient) -> None:
    signup(client)
    taken, free = ready_letter(client), ready_letter(client)
    headers, _ = shop_token(app)
    rival_headers, _ = shop_token(app, email="rival@example.com")
    shop, rival = app.test_client(), app.test_client()
    assert shop.post("/api/v1/print/batches", json={"letter_ids": [taken]},
                     headers=headers).status_code == 202

    for client_, auth in ((shop, headers), (rival, rival_headers)):
        response = client_.post("/api/v1/print/batches", json={"letter_ids": [free, taken]},
                                headers=auth)
        assert response.status_code == 409
        error = response.get_json()["error"]
        assert str(taken) in error and str(free) not in error
    assert status_of(app, free) == "ready_to_print"
    assert batch_count(app) == 1
    with app.extensions["letters"].db.session() as session:
        assert session.get(Letter, free).print_batch_id is None


def test_bad_batch_requests_are_refused_with_a_json_error(app: Flask, client: FlaskClient) -> None:
    headers, _ = shop_token(app)
    shop = app.test_client()
    malformed = ({"data": b"not json", "content_type": "application/json"},
                 {"json": {"letter_ids": "1,2"}}, {"json": {"letter_ids": [True]}},
                 {"json": [1, 2]})
    for body in malformed:
        response = shop.post("/api/v1/print/batches", headers=headers, **body)
        assert response.status_code == 400, body
        assert response.get_json()["error"]
    # Well-formed, but against the rules: the domain's refusal, with its machine code.
    response = shop.post("/api/v1/print/batches", headers=headers, json={"letter_ids": []})
    assert response.status_code == 422
    assert response.get_json()["code"] == "invalid_input"
    assert response.get_json()["fields"] == {"letter_ids": "Empty."}
    assert batch_count(app) == 0


def test_another_shop_cannot_see_or_mark_this_shops_batch(
        app: Flask, client: FlaskClient) -> None:
    signup(client)
    letter_id = ready_letter(client)
    headers, _ = shop_token(app)
    rival_headers, _ = shop_token(app, email="rival@example.com")
    shop, rival = app.test_client(), app.test_client()
    batch_id = shop.post("/api/v1/print/batches", json={"letter_ids": [letter_id]},
                         headers=headers).get_json()["id"]

    assert rival.get(f"/api/v1/print/batches/{batch_id}", headers=rival_headers).status_code == 404
    assert rival.get(f"/api/v1/print/batches/{batch_id + 1}",
                     headers=rival_headers).status_code == 404
    assert rival.get(f"/api/v1/print/letters/{letter_id}/files/letter_pdf",
                     headers=rival_headers).status_code == 404
    response = rival.post(f"/api/v1/print/letters/{letter_id}/printed", headers=rival_headers)
    assert response.status_code == 404
    assert response.get_json() == {"error": "No such letter in your batches.", "code": "not_found"}
    response = rival.post(f"/api/v1/print/letters/{letter_id}/shipped", headers=rival_headers,
                          json={"tracking_number": "RIVAL1"})
    assert response.status_code == 404
    assert status_of(app, letter_id) == "printing"


def test_printed_then_shipped_with_a_tracking_number(app: Flask, client: FlaskClient) -> None:
    signup(client)
    letter_id = ready_letter(client)
    headers, _ = shop_token(app)
    shop = app.test_client()
    base = f"/api/v1/print/letters/{letter_id}"
    assert shop.post(f"{base}/printed", headers=headers).status_code == 404  # not batched yet
    shop.post("/api/v1/print/batches", json={"letter_ids": [letter_id]}, headers=headers)

    early = shop.post(f"{base}/shipped", json={"tracking_number": "1Z999"}, headers=headers)
    assert early.status_code == 409 and "not printed yet" in early.get_json()["error"]
    response = shop.post(f"{base}/printed", headers=headers)
    assert response.status_code == 200 and response.get_json()["status"] == "printed"
    again = shop.post(f"{base}/printed", headers=headers)  # a retry after a lost reply
    assert again.status_code == 200 and again.get_json()["status"] == "printed"

    assert shop.post(f"{base}/shipped", json={}, headers=headers).status_code == 400
    assert shop.post(f"{base}/shipped", json={"tracking_number": "  "},
                     headers=headers).status_code == 422
    response = shop.post(f"{base}/shipped", json={"tracking_number": " 1Z999AA10123456784 "},
                         headers=headers)
    assert response.status_code == 200
    assert response.get_json()["status"] == "shipped"
    assert response.get_json()["tracking_number"] == "1Z999AA10123456784"
    retry = shop.post(f"{base}/shipped", json={"tracking_number": "1Z999AA10123456784"},
                      headers=headers)
    assert retry.status_code == 200
    again = shop.post(f"{base}/shipped", json={"tracking_number": "OTHER"}, headers=headers)
    assert again.status_code == 409 and "1Z999AA10123456784" in again.get_json()["error"]
    with app.extensions["letters"].db.session() as session:
        events = session.scalars(sa.select(AuditEvent.to_status).where(
            AuditEvent.letter_id == letter_id)).all()
    assert events.count("printed") == 1 and events.count("shipped") == 1

    page = client.get(f"/letters/{letter_id}").get_data(as_text=True)
    assert 'id="status-label">Shipped<' in page
    assert "1Z999AA10123456784" in page
    mails = list((app.extensions["letters"].config.instance_dir / "mail").glob("*.eml"))
    shipped_mail = [m.read_text() for m in mails if "is on its way" in m.read_text()]
    assert len(shipped_mail) == 1 and "Tracking number: 1Z999AA10123456784" in shipped_mail[0]
    timeline = page.split("Timeline", 1)[1]
    positions = [timeline.index(step) for step in ("— Ready", "— Printing", "— Printed",
                                                   "— Shipped")]
    assert positions == sorted(positions)
    with app.extensions["letters"].db.session() as session:
        letter = session.get(Letter, letter_id)
        assert letter.tracking_number == "1Z999AA10123456784"
        moves = [(e.from_status, e.to_status) for e in letter.events if e.action == "status"]
        assert moves[-3:] == [("ready_to_print", "printing"), ("printing", "printed"),
                              ("printed", "shipped")]


def test_revoked_token_gets_401(app: Flask, client: FlaskClient) -> None:
    signup(client)
    letter_id = ready_letter(client)
    headers, token_id = shop_token(app)
    shop = app.test_client()
    assert shop.get("/api/v1/print/letters", headers=headers).status_code == 200
    with app.extensions["letters"].db.session() as session:
        user = session.scalar(sa.select(User).where(User.email == "press@example.com"))
        accounts.revoke_token(session, user, token_id)

    assert shop.get("/api/v1/print/letters", headers=headers).status_code == 401
    response = shop.post("/api/v1/print/batches", json={"letter_ids": [letter_id]},
                         headers=headers)
    assert response.status_code == 401
    assert status_of(app, letter_id) == "ready_to_print"


def test_a_customer_session_reaches_no_print_api_url(app: Flask, client: FlaskClient) -> None:
    """Cookies are no credential here: every API route naming a letter or batch asks for a token
    (enumerated from the URL map, so a new route is covered without being listed)."""
    signup(client)
    letter_id = ready_letter(client)
    values = {"letter_id": letter_id, "batch_id": 1, "kind": "letter_pdf"}
    urls = [(method, rule.build({k: values[k] for k in rule.arguments})[1])
            for rule in app.url_map.iter_rules() if rule.endpoint.startswith("api.")
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"})]
    assert len(urls) >= 7
    for method, url in urls:
        response = client.open(url, method=method, json={"letter_ids": [letter_id],
                                                         "tracking_number": "X"})
        assert response.status_code == 401, f"{method} {url} answered {response.status_code}"
    assert status_of(app, letter_id) == "ready_to_print"


def test_a_shop_that_lost_the_batch_reply_finds_its_batch_again(
        app: Flask, client: FlaskClient) -> None:
    signup(client)
    letter_id = ready_letter(client)
    headers, _ = shop_token(app)
    shop = app.test_client()
    made = shop.post("/api/v1/print/batches", json={"letter_ids": [letter_id]}, headers=headers)
    assert made.status_code == 202  # ...and the reply never reached the shop
    assert shop.get("/api/v1/print/letters", headers=headers).get_json()["letters"] == []
    found = shop.get("/api/v1/print/batches", headers=headers).get_json()["batches"]
    assert [b["id"] for b in found] == [made.get_json()["id"]]
    assert [letter["id"] for letter in found[0]["letters"]] == [letter_id]


def test_every_write_route_refuses_a_read_only_token(app: Flask) -> None:
    headers, _ = shop_token(app, scopes={"print:read"})
    shop = app.test_client()
    writes = [rule for rule in app.url_map.iter_rules()
              if rule.rule.startswith("/api/") and "POST" in rule.methods]
    assert len(writes) >= 3
    for rule in writes:
        url = rule.build({name: 1 for name in rule.arguments})[1]
        response = shop.post(url, json={"letter_ids": [1], "tracking_number": "x"},
                             headers=headers)
        assert response.status_code == 403, url
        assert response.get_json()["code"] == "insufficient_scope"


def test_a_reviewer_takes_a_letter_back_from_a_shop_that_went_quiet(
        app: Flask, client: FlaskClient) -> None:
    from conftest import csrf_token, login, logout

    signup(client)
    letter_id = ready_letter(client)
    headers, _ = shop_token(app)
    quiet = app.test_client()
    quiet.post("/api/v1/print/batches", json={"letter_ids": [letter_id]}, headers=headers)
    assert status_of(app, letter_id) == "printing"
    with app.extensions["letters"].db.session() as session:
        accounts.create_user(session, email="rev@example.com", name="Rev",
                             password="reviewer pw 12", role=Role.REVIEWER)
    logout(client)
    login(client, "rev@example.com", "reviewer pw 12")
    token = csrf_token(client, f"/staff/letters/{letter_id}")
    page = client.post(f"/staff/letters/{letter_id}/take-back", data={"csrf_token": token},
                       follow_redirects=True).get_data(as_text=True)
    assert "The letter is back in the print queue." in page
    assert status_of(app, letter_id) == "ready_to_print"
    other_headers, _ = shop_token(app, email="other@example.com")
    listed = app.test_client().get("/api/v1/print/letters", headers=other_headers)
    assert [letter["id"] for letter in listed.get_json()["letters"]] == [letter_id]
