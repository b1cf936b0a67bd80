"""The admin area: admins only, CSRF on every form; roles, tokens (shown once, revoked, last
used), print-shop routing, webhooks and their delivery logs."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from api_steps import business, order_body
from conftest import csrf_token, login, post_form
from flask import Flask
from flask.testing import FlaskClient

from letters_app.domain import accounts, routing
from letters_app.domain.models import Role

PAGES = ["/admin/", "/admin/users", "/admin/tokens", "/admin/routing", "/admin/webhooks"]


def account(app: Flask, email: str, role: Role) -> int:
    with app.extensions["letters"].db.session() as session:
        user = accounts.create_user(session, email=email, name=email.split("@")[0],
                                    password="admin area pw 1", role=role)
        session.commit()
        return user.id


def admin_client(app: Flask) -> FlaskClient:
    account(app, "boss@example.com", Role.ADMIN)
    client = app.test_client()
    assert login(client, "boss@example.com", "admin area pw 1").status_code == 302
    return client


def test_only_admins_get_in(app: Flask, client: FlaskClient) -> None:
    for page in PAGES:
        assert client.get(page).status_code == 302  # to the login
    for role in (Role.CUSTOMER, Role.REVIEWER, Role.PRINTSHOP, Role.BUSINESS):
        account(app, f"{role.value}@example.com", role)
        other = app.test_client()
        login(other, f"{role.value}@example.com", "admin area pw 1")
        for page in PAGES:
            assert other.get(page).status_code == 403, (role, page)
    admin = admin_client(app)
    for page in PAGES:
        assert admin.get(page).status_code == 200, page


def test_every_admin_form_needs_its_csrf_token(app: Flask) -> None:
    admin = admin_client(app)
    shop = account(app, "press@example.com", Role.PRINTSHOP)
    for url, data in ((f"/admin/users/{shop}/role", {"role": "admin"}),
                      ("/admin/tokens", {"email": "press@example.com"}),
                      (f"/admin/routing/{shop}", {"countries": "US"})):
        assert admin.post(url, data=data).status_code == 400, url
    with app.extensions["letters"].db.session() as session:
        assert session.get(accounts.User, shop).role == "printshop"
        assert accounts.all_tokens(session) == []
        assert routing.all_routes(session) == {}
    forms = "".join(admin.get(page).get_data(as_text=True) for page in PAGES)
    assert forms.count('method="post"') == forms.count('name="csrf_token"')


def test_roles_tokens_and_routes_from_the_admin_area(app: Flask) -> None:
    admin = admin_client(app)
    shop = account(app, "press@example.com", Role.PRINTSHOP)
    user = account(app, "later-business@example.com", Role.CUSTOMER)

    post_form(admin, f"/admin/users/{user}/role", {"role": "business"}, form_url="/admin/users")
    me = app.extensions["letters"]
    with me.db.session() as session:
        assert session.get(accounts.User, user).role == "business"
        boss = accounts.find_user_by_email(session, "boss@example.com").id
    demoted = post_form(admin, f"/admin/users/{boss}/role", {"role": "customer"},
                        form_url="/admin/users", follow_redirects=True)
    assert "cannot take away your own admin role" in demoted.get_data(as_text=True)

    made = post_form(admin, "/admin/tokens", {"email": "press@example.com", "name": "shop pc"})
    secret = re.search(r'<code class="secret">(lt_[^<]+)</code>', made.get_data(as_text=True))
    assert secret, "the new token is shown"
    listing = admin.get("/admin/tokens").get_data(as_text=True)
    assert secret.group(1) not in listing and "never" in listing  # shown once, not used yet
    headers = {"Authorization": f"Bearer {secret.group(1)}"}
    assert app.test_client().get("/api/v1/print/letters", headers=headers).status_code == 200
    assert "never" not in admin.get("/admin/tokens").get_data(as_text=True)
    with me.db.session() as session:
        token_id = accounts.all_tokens(session)[0].id
    post_form(admin, f"/admin/tokens/{token_id}/revoke", {}, form_url="/admin/tokens")
    assert app.test_client().get("/api/v1/print/letters", headers=headers).status_code == 401

    post_form(admin, f"/admin/routing/{shop}", {"countries": "us, ca", "catch_all": "1"},
              form_url="/admin/routing")
    with me.db.session() as session:
        assert routing.all_routes(session) == {shop: ["CA", "US", None]}
    bad = post_form(admin, f"/admin/routing/{shop}", {"countries": "ZZ9"},
                    form_url="/admin/routing", follow_redirects=True)
    assert "Unknown countries" in bad.get_data(as_text=True)


def test_webhooks_and_their_delivery_logs(app: Flask, client: FlaskClient) -> None:
    headers = business(app)
    hook = client.post("/api/v1/webhooks", json={"url": "http://127.0.0.1:9/hook"},
                       headers=headers).get_json()
    client.post("/api/v1/orders", json=order_body(), headers=headers)
    admin = admin_client(app)
    assert "http://127.0.0.1:9/hook" in admin.get("/admin/webhooks").get_data(as_text=True)
    log = admin.get(f"/admin/webhooks/{hook['id']}").get_data(as_text=True)
    assert "pending" in log and "evt_" in log  # the endpoint is down: waiting to retry
    token = csrf_token(admin, "/admin/webhooks")
    admin.post(f"/admin/webhooks/{hook['id']}/toggle", data={"csrf_token": token})
    assert client.get("/api/v1/webhooks", headers=headers).get_json()["items"][0][
        "enabled"] is False


class _Cells(HTMLParser):
    """Each table's column headers and, per data cell, the data-label it carries."""

    def __init__(self) -> None:
        super().__init__()
        self.headers: list[str] = []
        self.labels: list[tuple[int, str | None]] = []  # (column, data-label)
        self._in_th, self._column = False, 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "th":
            self._in_th = True
            self.headers.append("")
        elif tag == "tr":
            self._column = 0
        elif tag == "td" and "colspan" not in dict(attrs):
            self.labels.append((self._column, dict(attrs).get("data-label")))
            self._column += 1

    def handle_endtag(self, tag: str) -> None:
        self._in_th = self._in_th and tag != "th"

    def handle_data(self, data: str) -> None:
        if self._in_th:
            self.headers[-1] += data.strip()


def test_on_a_phone_every_admin_cell_says_which_column_it_is(
        app: Flask, client: FlaskClient) -> None:
    """At 390 px a table row is a card of cells (style.css): without its data-label a cell
    is a bare number (a delivery's order, tries and answer read "18 1 200")."""
    headers = business(app)
    hook = client.post("/api/v1/webhooks", json={"url": "http://127.0.0.1:9/hook"},
                       headers=headers).get_json()
    client.post("/api/v1/orders", json=order_body(), headers=headers)
    admin = admin_client(app)
    for path in ("/admin/users", "/admin/tokens", "/admin/webhooks",
                 f"/admin/webhooks/{hook['id']}"):
        cells = _Cells()
        cells.feed(admin.get(path).get_data(as_text=True))
        assert cells.labels, path
        for column, label in cells.labels:
            header = cells.headers[column]
            assert label == header or (label is None and header == "Actions"), (path, column)
