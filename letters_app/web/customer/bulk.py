"""Orders from a CSV in the site, for business accounts (the ones the order API serves):
upload, read the per-row report, fix and upload again, or confirm, and every valid row
becomes an order in one transaction."""

from __future__ import annotations

import csv
import io

from flask import flash, render_template
from werkzeug.wrappers import Response

from letters_app.domain import address_book, bulk_orders
from letters_app.domain.errors import InvalidInput
from letters_app.domain.models import Role
from letters_app.web import db
from letters_app.web.access import me, roles_required
from letters_app.web.actions import run_step
from letters_app.web.customer import bp, too_large
from letters_app.web.customer.forms import BulkOrderForm, text
from letters_app.web.input_guard import body_limit

# The file, plus the shared fields and the checked copy of the file sent back on confirm.
UPLOAD_LIMIT = 2 * bulk_orders.MAX_BYTES + 64 * 1024
TOO_LARGE = (f"That file is larger than {bulk_orders.MAX_BYTES // (1024 * 1024)} MB. Split "
             "it into smaller files and upload them one at a time.")
TEMPLATE_ROWS = (("Catherine Klausen", "Cat", "2100 Vine Street", "Berkeley", "94709", "CA",
                  "US", "client", "the coffee we shared after the launch"),
                 ("Amy Ward", "Amy", "350 Fifth Avenue", "New York", "10118", "NY", "US", "",
                  ""))


@bp.route("/letters/bulk", methods=["GET", "POST"])
@body_limit(UPLOAD_LIMIT)
@roles_required(Role.BUSINESS)
def bulk_orders_page() -> str | tuple[str, int]:
    form = BulkOrderForm()
    profile = address_book.sender_profile(db.session(), me())
    if not form.is_submitted() and profile is not None:
        form.sender_name.data, form.sender_signature.data = (profile.sender_name,
                                                             profile.sender_signature)
    report, placed = None, None
    if form.validate_on_submit():
        try:
            csv_text, uploaded = _csv_of(form)
            template = form.shared_request(relationship=text(form.relationship),
                                           **bulk_orders.NO_RECIPIENT)
            if form.confirm.data and not uploaded:
                placed = run_step(lambda session: bulk_orders.place_valid_rows(
                    session, me(), csv_text, template))
            else:
                report = bulk_orders.check(csv_text, template)
                form.checked_csv.data = csv_text
        except InvalidInput as err:  # nothing was written (run_step rolled back)
            form.add_errors(err.field_errors, fallback="csv_file")
            flash(str(err), "error")
    elif form.is_submitted():
        flash("Please correct the marked fields.", "error")
    return render_template("customer/bulk_orders.html", form=form, report=report,
                           placed=placed, profile=profile)


def _csv_of(form: BulkOrderForm) -> tuple[str, bool]:
    """The CSV to work on and whether it was just uploaded (else the one checked before)."""
    upload = form.csv_file.data
    if upload is not None and upload.filename:
        raw = upload.stream.read(bulk_orders.MAX_BYTES + 1)
        if len(raw) > bulk_orders.MAX_BYTES:
            raise InvalidInput(TOO_LARGE, {"csv_file": "Too large."})
        try:
            return raw.decode("utf-8-sig"), True
        except UnicodeDecodeError:
            raise InvalidInput("That file is not UTF-8 text. In your spreadsheet, save it as "
                               "“CSV UTF-8” and upload it again.",
                               {"csv_file": "Not UTF-8."}) from None
    if form.checked_csv.data:
        return form.checked_csv.data, False
    raise InvalidInput("Choose a CSV file to upload.", {"csv_file": "Choose a file."})


@too_large.page_for("customer.bulk_orders_page")
def too_large_page() -> tuple[str, int]:
    """Refused before it is read: the upload page again, saying why."""
    flash(TOO_LARGE, "error")
    return render_template("customer/bulk_orders.html", form=BulkOrderForm(formdata=None),
                           report=None, placed=None, profile=None), 413


@bp.route("/letters/bulk/template.csv")
@roles_required(Role.BUSINESS)
def bulk_template() -> Response:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow((*bulk_orders.REQUIRED_COLUMNS, "relationship", "memories"))
    writer.writerows(TEMPLATE_ROWS)
    return Response(out.getvalue(), mimetype="text/csv", headers={
        "Content-Disposition": 'attachment; filename="letters-orders-template.csv"'})
