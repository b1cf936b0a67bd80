"""Orders from a CSV: a per-row report by the order form's rules, then the valid rows become
orders only on confirm, all in one transaction."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import sqlalchemy as sa
from api_steps import business
from flask import Flask
from flask.testing import FlaskClient

from letters_app.domain.models import Letter

COLUMNS = ["recipient_name", "recipient_salutation", "street_address", "city", "postal_code",
           "country_area", "country_code", "memories"]
SHARED = {"sender_name": "Acme Realty", "sender_signature": "Jo at Acme",
          "relationship": "client", "occasion": "thank_you", "tone": "warm", "length": "note",
          "memories": "the keys to your new home", "hand": "caveat", "ink": "blue_black",
          "paper": "letter", "stationery": "cream", "with_envelope": True,
          "deliver_by": (date.today() + timedelta(days=20)).isoformat()}


def csv_text(rows: list[dict[str, str]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, COLUMNS)
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def good_row(n: int) -> dict[str, str]:
    return {"recipient_name": f"Client Number{n}", "recipient_salutation": f"Friend {n}",
            "street_address": f"{100 + n} Vine Street", "city": "Berkeley",
            "postal_code": "94709", "country_area": "CA", "country_code": "US", "memories": ""}


def twenty_rows_three_bad() -> list[dict[str, str]]:
    rows = [good_row(n) for n in range(20)]
    rows[4]["postal_code"] = "ABCDE"          # line 6
    rows[11]["recipient_salutation"] = ""     # line 13
    rows[17]["recipient_name"] = "Zoë 漢字"    # line 19: caveat cannot write it
    return rows


def letters(app: Flask) -> int:
    with app.extensions["letters"].db.session() as session:
        return session.scalar(sa.select(sa.func.count()).select_from(Letter))


def test_twenty_rows_three_bad_reports_exactly_those_and_creates_17_on_confirm(
        app: Flask, client: FlaskClient) -> None:
    headers = business(app)
    body = {"csv": csv_text(twenty_rows_three_bad()), "shared": SHARED}
    checked = client.post("/api/v1/orders/bulk", json=body, headers=headers)
    assert checked.status_code == 200, checked.get_json()
    report = checked.get_json()
    assert (report["valid"], report["invalid"], report["created"]) == (17, 3, [])
    bad = {row["row"]: row["errors"] for row in report["rows"] if not row["ok"]}
    assert set(bad) == {6, 13, 19}
    assert set(bad[6]) == {"postal_code"} and set(bad[13]) == {"recipient_salutation"}
    assert "cannot write" in bad[19]["recipient_name"]
    assert letters(app) == 0  # a check writes nothing

    confirmed = client.post("/api/v1/orders/bulk", json={**body, "confirm": True},
                            headers=headers)
    assert confirmed.status_code == 201
    made = confirmed.get_json()
    assert len(made["created"]) == 17 and letters(app) == 17
    assert [row["order_id"] is not None for row in made["rows"]] == [
        row["ok"] for row in report["rows"]]
    # Confirming the same file again (a retry) makes nothing new.
    again = client.post("/api/v1/orders/bulk", json={**body, "confirm": True}, headers=headers)
    assert sorted(again.get_json()["created"]) == sorted(made["created"])
    assert letters(app) == 17


def test_a_file_we_cannot_read_is_refused_whole(app: Flask, client: FlaskClient) -> None:
    headers = business(app)
    for text, words in (("name,city\nA,B\n", "missing columns"),
                        (csv_text([]), "no rows"),
                        (csv_text([good_row(1)]).replace("memories", "secret"), "unknown")):
        response = client.post("/api/v1/orders/bulk", json={"csv": text, "shared": SHARED},
                               headers=headers)
        assert response.status_code == 422, text
        assert words in response.get_json()["error"].lower()


def test_ten_megabytes_are_refused_cleanly(app: Flask, client: FlaskClient) -> None:
    headers = business(app)
    huge = csv_text([good_row(n) for n in range(1)]) + "x" * (10 * 1024 * 1024)
    response = client.post("/api/v1/orders/bulk", json={"csv": huge, "shared": SHARED},
                           headers=headers)
    assert response.status_code == 413
    assert response.get_json()["code"] == "too_large"
    assert letters(app) == 0
