"""The CSV upload page of a business account: a per-row report in words, orders only on
confirm (once, however often confirm is sent), refusals that lose nothing."""

from __future__ import annotations

import html
import io
import re

import sqlalchemy as sa
from api.test_bulk_orders import SHARED, csv_text, good_row, letters, twenty_rows_three_bad
from api_steps import business
from conftest import csrf_token, login
from flask import Flask
from flask.testing import FlaskClient

from letters_app.domain.models import Letter

PAGE = "/letters/bulk"
FORM = {k: ("y" if v is True else str(v)) for k, v in SHARED.items()}


def logged_in_business(app: Flask, client: FlaskClient) -> None:
    business(app)  # the account (api_steps makes it with a known password)
    assert login(client, "acme@example.com", "api client pw 1").status_code == 302


def upload(client: FlaskClient, text: str | bytes, **extra: str):  # type: ignore[no-untyped-def]
    raw = text.encode() if isinstance(text, str) else text
    data = {**FORM, "csrf_token": csrf_token(client, PAGE), "check": "1",
            "csv_file": (io.BytesIO(raw), "clients.csv"), **extra}
    return client.post(PAGE, data=data, content_type="multipart/form-data")


def checked_csv(page: str) -> str:
    match = re.search(r'id="checked_csv" name="checked_csv" type="hidden" value="([^"]*)"', page)
    assert match, "the checked file is not carried to confirm"

    return html.unescape(match.group(1))


def test_twenty_rows_three_bad_report_those_three_and_confirm_makes_seventeen_once(
        app: Flask, client: FlaskClient) -> None:
    logged_in_business(app, client)
    checked = upload(client, csv_text(twenty_rows_three_bad()))
    page = checked.get_data(as_text=True)
    assert checked.status_code == 200, page
    assert "17 of 20 rows are ready to order; 3 need fixing" in page
    bad_lines = re.findall(r'<tr class="row-bad">.*?<td data-label="Line">(\d+)</td>', page)
    assert bad_lines == ["6", "13", "19"]
    assert page.count('class="row-ok"') == 17
    assert "<strong>Postal code:</strong>" in page
    assert "<strong>Salutation:</strong> This is required." in page
    assert "cannot write" in page and "Place 17 orders" in page
    assert letters(app) == 0  # a check writes nothing

    confirm = {**FORM, "csrf_token": csrf_token(client, PAGE), "confirm": "1",
               "checked_csv": checked_csv(page)}
    placed = client.post(PAGE, data=confirm)
    assert placed.status_code == 200
    assert "17 orders placed" in placed.get_data(as_text=True)
    assert "line 6, line 13, line 19" in placed.get_data(as_text=True)
    assert letters(app) == 17
    again = client.post(PAGE, data=confirm)  # the button pressed twice, or the page resent
    assert "17 orders placed" in again.get_data(as_text=True)
    assert letters(app) == 17
    with app.extensions["letters"].db.session() as session:
        names = set(session.scalars(sa.select(Letter.recipient_name)))
    assert "Client Number5" in names and "Client Number4" not in names


def test_a_new_file_with_confirm_is_only_checked(app: Flask, client: FlaskClient) -> None:
    logged_in_business(app, client)
    response = upload(client, csv_text([good_row(1)]), confirm="1")
    assert "1 of 1 rows are ready" in response.get_data(as_text=True)
    assert letters(app) == 0


def test_what_every_letter_shares_is_marked_once_not_on_every_row(
        app: Flask, client: FlaskClient) -> None:
    logged_in_business(app, client)
    response = upload(client, csv_text([good_row(1), good_row(2)]), sender_name="")
    page = response.get_data(as_text=True)
    assert "fields every letter shares" in page
    assert re.search(r'id="sender_name-error">This is required', page)
    assert 'id="report"' not in page


def test_files_we_cannot_read_are_refused_in_words(app: Flask, client: FlaskClient) -> None:
    logged_in_business(app, client)
    for raw, words in ((b"name,city\nA,B\n", "missing columns"),
                       ("recipient_name;city\n".encode("utf-16"), "not UTF-8"),
                       (csv_text([good_row(1)]).encode() + b"x" * (5 * 1024 * 1024), "larger")):
        page = upload(client, raw).get_data(as_text=True)
        assert words in page, words
        assert 'value="Acme Realty"' in page  # the shared fields are kept
    assert letters(app) == 0


def test_a_file_excel_saved_with_semicolons_a_bom_and_crlf_is_read(
        app: Flask, client: FlaskClient) -> None:
    """Excel in a decimal-comma locale saves "CSV UTF-8" as BOM, `;` between cells, CRLF;
    "Unicode text" puts tabs between them."""
    logged_in_business(app, client)
    rows = [good_row(1), {**good_row(2), "recipient_name": "Zoë Ünïcødé, Esq."}]
    for separator in (";", "\t"):
        lines = [separator.join(rows[0])] + [
            separator.join(f'"{v}"' if "," in v else v for v in row.values()) for row in rows]
        raw = b"\xef\xbb\xbf" + "\r\n".join(lines).encode() + b"\r\n"
        page = upload(client, raw).get_data(as_text=True)
        assert "2 of 2 rows are ready to order." in page, separator
        assert "Zoë Ünïcødé, Esq." in page
    assert letters(app) == 0


def test_ten_megabytes_are_refused_with_the_page(app: Flask, client: FlaskClient) -> None:
    logged_in_business(app, client)
    # 10 MB are read and refused; a body past what the page ever needs is not even read.
    for size, status in ((10 * 1024 * 1024, 200), (11 * 1024 * 1024, 413)):
        response = upload(client, b"x" * size)
        page = response.get_data(as_text=True)
        assert response.status_code == status
        assert "larger than 5 MB" in page and 'id="bulk-form"' in page
    assert letters(app) == 0


def test_the_template_is_a_file_the_page_accepts(app: Flask, client: FlaskClient) -> None:
    logged_in_business(app, client)
    template = client.get("/letters/bulk/template.csv")
    assert template.mimetype == "text/csv"
    assert "attachment" in template.headers["Content-Disposition"]
    page = upload(client, template.data).get_data(as_text=True)
    assert "2 of 2 rows are ready to order." in page


def test_only_business_accounts_have_the_page(app: Flask, client: FlaskClient) -> None:
    from conftest import signup
    signup(client)
    assert client.get(PAGE).status_code == 403
