"""Orders from a CSV: one row per recipient, the rest shared. Every row is checked by the
order form's own rules (orders.checked_order); on confirm, every valid row becomes an order,
all in one transaction."""

from __future__ import annotations

import csv
import hashlib
import io
from dataclasses import dataclass, field, replace
from datetime import date

from sqlalchemy.orm import Session

from letters_app.domain import own_hands
from letters_app.domain.addresses import AddressInput
from letters_app.domain.errors import InvalidInput
from letters_app.domain.models import User
from letters_app.domain.orders import OrderRequest, checked_order, place_order

MAX_ROWS = 5_000
MAX_BYTES = 5 * 1024 * 1024
REQUIRED_COLUMNS = ("recipient_name", "recipient_salutation", "street_address", "city",
                    "postal_code", "country_area", "country_code")
OPTIONAL_COLUMNS = ("relationship", "memories", "city_area")
ADDRESS_COLUMNS = ("street_address", "city", "postal_code", "country_area", "country_code",
                   "city_area")
# The order form names address fields address_*; a CSV names them by their column.
_COLUMN_OF = {f"address_{name}": name for name in ADDRESS_COLUMNS} | {
    "address_name": "recipient_name"}


# What a template order holds for the fields each row brings: the rows fill them in.
NO_RECIPIENT = {"recipient_name": "", "recipient_salutation": "",
                "address": AddressInput(name="", street_address="", city="", postal_code="",
                                        country_code="")}


@dataclass
class RowReport:
    row: int  # the line of the CSV, so a person finds it in a spreadsheet
    recipient_name: str
    errors: dict[str, str] = field(default_factory=dict)
    order_id: int | None = None

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class BulkReport:
    rows: list[RowReport]
    created: list[int]

    @property
    def valid(self) -> int:
        return sum(1 for row in self.rows if row.ok)


def read_rows(text: str) -> list[tuple[int, dict[str, str]]]:
    """The CSV's data rows with their line numbers, or InvalidInput for a file that is not
    one we can read (no header, missing or unknown columns, too many rows)."""
    if len(text.encode()) > MAX_BYTES:
        raise InvalidInput(f"The CSV is larger than {MAX_BYTES // (1024 * 1024)} MB; split it.",
                           {"csv": "Too large."})
    text = text.lstrip("\ufeff")
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    header = [name.strip() for name in reader.fieldnames or []]
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    unknown = [name for name in header if name not in REQUIRED_COLUMNS + OPTIONAL_COLUMNS]
    if missing or unknown:
        problems = ([f"missing columns: {', '.join(missing)}"] if missing else []) + (
            [f"unknown columns: {', '.join(unknown)}"] if unknown else [])
        raise InvalidInput("The CSV's header row is not right: " + "; ".join(problems) + ".",
                           {"csv": "; ".join(problems)})
    reader.fieldnames = header
    rows: list[tuple[int, dict[str, str]]] = []
    for values in reader:
        if len(rows) == MAX_ROWS:
            raise InvalidInput(f"At most {MAX_ROWS} rows a file; split it.", {"csv": "Too many "
                                                                                    "rows."})
        if values.get(None):  # more cells than the header names
            rows.append((reader.line_num, {"__extra__": "x", **_cells(values)}))
        elif any((v or "").strip() for k, v in values.items()):
            rows.append((reader.line_num, _cells(values)))
    if not rows:
        raise InvalidInput("The CSV has no rows.", {"csv": "No rows."})
    return rows


def _delimiter(text: str) -> str:
    """The header line's separator: Excel saves "CSV" with semicolons where the decimal mark
    is a comma (most of Europe), and "Unicode text" with tabs; our header has no such
    characters in its names, so the commonest of the three is the one."""
    header = text.split("\n", 1)[0]
    return max((",", ";", "\t"), key=header.count)  # a tie (none at all) is a comma


def _cells(values: dict[str | None, object]) -> dict[str, str]:
    return {key: str(value or "") for key, value in values.items() if key is not None}


def order_of(row: dict[str, str], template: OrderRequest) -> OrderRequest:
    """The template order (the fields every row shares) for this row's recipient; a row's
    relationship or memories, when given, replace the template's."""
    return replace(
        template, recipient_name=row["recipient_name"],
        recipient_salutation=row["recipient_salutation"],
        relationship=row.get("relationship") or template.relationship,
        memories=row.get("memories") or template.memories,
        address=AddressInput(name=row["recipient_name"],
                             **{name: row.get(name, "") for name in ADDRESS_COLUMNS}))


def check(text: str, template: OrderRequest, today: date | None = None,
          own: frozenset[str] = frozenset()) -> BulkReport:
    """Every row's verdict by the order form's rules; nothing is written. A problem with what
    the rows share (the sender, the date, the hand...) is no row's fault: InvalidInput names
    those fields once, instead of every row repeating it. `own`: the customer's own hands
    (own_hands.choosable)."""
    reports, shared_errors = [], {}
    for line, row in read_rows(text):
        report = RowReport(row=line, recipient_name=row.get("recipient_name", "").strip())
        if "__extra__" in row:
            report.errors = {"row": "More cells than the header has columns."}
        else:
            try:
                checked_order(order_of(row, template), today, own=own)
            except InvalidInput as err:
                for name, message in err.field_errors.items():
                    column = _COLUMN_OF.get(name, name)
                    if column in REQUIRED_COLUMNS + OPTIONAL_COLUMNS:
                        report.errors[column] = message
                    else:
                        shared_errors[name] = message
        reports.append(report)
    if shared_errors:
        raise InvalidInput("Please correct the fields every letter shares; the rows were not "
                           "checked against them.", shared_errors)
    return BulkReport(rows=reports, created=[])


def place_valid_rows(session: Session, customer: User, text: str, template: OrderRequest,
                     today: date | None = None) -> BulkReport:
    """Check every row, then make each valid one an order (in the caller's transaction, so
    all of them commit together or none). Confirming the same file again makes no new
    orders: each row's order key comes from the file, the template and its line."""
    report = check(text, template, today, own_hands.choosable(session, customer))
    stamp = hashlib.sha256(f"{text}\n{template!r}".encode()).hexdigest()[:40]
    rows = dict(read_rows(text))
    for row in report.rows:
        if row.ok:
            letter = place_order(session, customer, order_of(rows[row.row], template),
                                 f"csv-{stamp}-{row.row}", today)
            session.flush()
            row.order_id = letter.id
            report.created.append(letter.id)
    return report
