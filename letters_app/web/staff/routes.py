"""The staff studio: writers and reviewers work the queue of letters.

Staff letter URLs name the letter `letter_no`: they are gated by role (403 for anyone not
staff, whatever the number), not by ownership like the customer's `letter_id` URLs.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from datetime import UTC, date, datetime

from flask import abort, flash, redirect, render_template, request, url_for
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response

from letters_app import rendering
from letters_app.domain import floor, own_hands, printing, queries, studio
from letters_app.domain.brief import Length
from letters_app.domain.claims import expire_claims
from letters_app.domain.correspondence import earlier_letters
from letters_app.domain.diffs import change_counts, word_diff
from letters_app.domain.errors import Conflict, DomainError, InvalidInput, NotFound
from letters_app.domain.length_check import check_length
from letters_app.domain.models import REVIEWER_ROLES, STAFF_ROLES, Letter, User
from letters_app.domain.render_jobs import last_render_error
from letters_app.domain.revision_notes import revision_notes
from letters_app.domain.status import Status
from letters_app.domain.studio_preview import preview
from letters_app.domain.studio_queue import View, queue_page
from letters_app.web import db
from letters_app.web.access import me, roles_required
from letters_app.web.actions import commit, form_action
from letters_app.web.errors import flash_error, http_status
from letters_app.web.staff import bp
from letters_app.web.staff.forms import (
    ActionForm,
    DraftForm,
    ReleaseForm,
    RestoreForm,
    SendBackForm,
)

Action = Callable[[Session, Letter, User], object]


@bp.route("/")
@roles_required(*STAFF_ROLES)
def dashboard() -> str:
    """The queue, a page at a time. Idle claims are expired first, here as well as by the
    beat, so the embedded default (no beat) gives abandoned letters back too."""
    session, user = db.session(), me()
    if expire_claims(session, db.services().config.claim_expires_after):
        commit()
    try:
        view = View(request.args.get("view", View.OPEN.value))
    except ValueError:
        abort(404)
    shown = queue_page(session, user, view, request.args.get("page", 1, type=int),
                       date.today())
    return render_template("staff/dashboard.html", queue=shown, views=list(View),
                           form=ActionForm(), is_claimable=studio.is_claimable, user=user)


@bp.route("/floor")
@roles_required(*REVIEWER_ROLES)
def floor_view() -> str:
    session = db.session()
    return render_template("staff/floor.html",
                           writers=floor.writer_lines(session, datetime.now(UTC)),
                           at_risk=floor.at_risk(session, date.today()))


@bp.route("/claim-next", methods=["POST"])
@roles_required(*STAFF_ROLES)
def claim_next() -> Response:
    if not ActionForm().validate_on_submit():
        abort(400)
    session = db.session()
    try:
        letter = studio.claim_next(session, me())
        commit()
    except DomainError as err:
        session.rollback()
        flash_error(err)
        return redirect(url_for("staff.dashboard"))
    if letter is None:
        flash("The queue is empty: no letter is waiting for a writer.", "info")
        return redirect(url_for("staff.dashboard"))
    flash(f"Letter #{letter.id} is yours to write.", "success")
    return redirect(url_for("staff.letter", letter_no=letter.id))


@bp.route("/letters/<int:letter_no>/claim", methods=["POST"])
@roles_required(*STAFF_ROLES)
def claim(letter_no: int) -> Response:
    # Not through _act: a writer may claim a letter they cannot open yet, and one who lost
    # the race goes back to the queue with the reason, not to a page they may not see.
    if not ActionForm().validate_on_submit():
        abort(400)
    session = db.session()
    try:
        studio.claim(session, letter_no, me())
        commit()
    except NotFound:
        abort(404)
    except DomainError as err:
        session.rollback()
        flash_error(err)
        return redirect(url_for("staff.dashboard"))
    flash("The letter is yours to write.", "success")
    return redirect(url_for("staff.letter", letter_no=letter_no))


@bp.route("/letters/<int:letter_no>/release", methods=["POST"])
@roles_required(*STAFF_ROLES)
def release(letter_no: int) -> Response:
    return _act(letter_no, studio.release, "The letter is back in the queue.",
                then=url_for("staff.dashboard"))


@bp.route("/letters/<int:letter_no>/release-to-customer", methods=["POST"])
@roles_required(*STAFF_ROLES)
def release_to_customer(letter_no: int) -> Response:
    override = ReleaseForm().override_note.data or ""
    return _act(letter_no,
                lambda session, letter, user: studio.release_to_customer(
                    session, letter, user, override),
                "Released: the proof is being prepared for the customer.")


@bp.route("/letters/<int:letter_no>/versions/<int:number>/restore", methods=["POST"])
@roles_required(*STAFF_ROLES)
def restore(letter_no: int, number: int) -> Response:
    form = RestoreForm()
    expected = form.expected_version.data if form.validate() else -1
    return _act(letter_no,
                lambda session, letter, user: studio.restore_version(
                    session, letter, user, number, expected),
                f"Version {number} is restored as a new version.")


@bp.route("/letters/<int:letter_no>/versions/<int:number>/preview")
@roles_required(*STAFF_ROLES)
def preview_version(letter_no: int, number: int) -> str:
    letter = _letter(letter_no)
    version = letter.version(number)
    if version is None:
        abort(404)
    try:
        look = preview(letter, version)
    except rendering.RenderError as err:
        return render_template("staff/preview.html", letter=letter, version=version,
                               error=str(err), pages=[], length=None)
    pages = [base64.b64encode(png).decode("ascii") for png in look.pages]
    return render_template("staff/preview.html", letter=letter, version=version, error=None,
                           pages=pages, length=look.length)


@bp.route("/letters/<int:letter_no>/compare")
@roles_required(*STAFF_ROLES)
def compare(letter_no: int) -> str:
    letter = _letter(letter_no)
    old = letter.version(request.args.get("old", 0, type=int))
    new = letter.version(request.args.get("new", 0, type=int))
    if old is None or new is None:
        abort(404)
    pieces = word_diff(old.text, new.text)
    added, removed = change_counts(pieces)
    return render_template("staff/compare.html", letter=letter, old=old, new=new,
                           pieces=pieces, added=added, removed=removed)


@bp.route("/letters/<int:letter_no>/retry-render", methods=["POST"])
@roles_required(*STAFF_ROLES)
def retry_render(letter_no: int) -> Response:
    return _act(letter_no, studio.retry_render, "Rendering again.")


@bp.route("/letters/<int:letter_no>/take-back", methods=["POST"])
@roles_required(*STAFF_ROLES)
def take_back(letter_no: int) -> Response:
    return _act(letter_no, printing.take_back, "The letter is back in the print queue.")


@bp.route("/letters/<int:letter_no>/cancel", methods=["POST"])
@roles_required(*STAFF_ROLES)
def cancel(letter_no: int) -> Response:
    return _act(letter_no, studio.cancel_letter, "The letter is cancelled.")


@bp.route("/letters/<int:letter_no>/send-back", methods=["POST"])
@roles_required(*STAFF_ROLES)
def send_back(letter_no: int) -> Response | tuple[str, int]:
    letter = _letter(letter_no)
    form = SendBackForm()
    if not form.validate_on_submit():  # the reason goes under the note, the note stays typed
        return _page(letter, send_back_form=form), 422
    session = db.session()
    try:
        studio.send_back(session, letter, me(), form.note.data or "")
        commit()
    except DomainError as err:
        session.rollback()
        flash_error(err)
        if isinstance(err, InvalidInput):
            form.note.errors = [err.field_errors.get("note", str(err))]
            return _page(letter, send_back_form=form), 422
    else:
        flash("Sent back to the writer with your note.", "success")
    return redirect(url_for("staff.letter", letter_no=letter_no))


@bp.route("/letters/<int:letter_no>")
@roles_required(*STAFF_ROLES)
def letter(letter_no: int) -> str:
    return _page(_letter(letter_no))


@bp.route("/letters/<int:letter_no>/draft", methods=["POST"])
@roles_required(*STAFF_ROLES)
def save_draft(letter_no: int) -> Response | tuple[str, int]:
    """Save the typed text as a new version, and submit it for review if asked. A refused save
    shows the page again with the typed text in the editor: nothing typed is lost."""
    letter = _letter(letter_no)
    form = DraftForm()
    if not form.validate_on_submit():
        flash("The form expired or was incomplete; your text is below, save it again.", "error")
        return _page(letter, draft_form=_with_version(form, letter.current_version)), 400
    session, user, text = db.session(), me(), form.typed_text()
    expected = form.expected_version.data
    latest = letter.latest_version
    unchanged = latest is not None and latest.text == text and expected == letter.current_version
    if unchanged and not form.submit_for_review.data:
        flash(f"Nothing changed since version {letter.current_version}.", "info")
        return redirect(url_for("staff.letter", letter_no=letter_no))
    skipped_review = False
    try:
        if not unchanged:
            studio.save_draft(session, letter, user, text, expected)
        if form.submit_for_review.data:
            skipped_review = studio.submit_for_review(session, letter, user)
        commit()
    except DomainError as err:
        session.rollback()
        flash_error(err)
        if isinstance(err, InvalidInput) and "text" in err.field_errors:
            form.text.errors = [err.field_errors["text"]]
        stale = isinstance(err, Conflict) and expected != letter.current_version
        # Once told, the writer may save over the newer version on purpose.
        draft_form = _with_version(form, letter.current_version) if stale else form
        return _page(letter, draft_form=draft_form, stale=stale), http_status(err)
    if skipped_review:
        flash(f"Letter #{letter.id} goes to the customer: you are trusted to skip review.",
              "success")
    elif form.submit_for_review.data:
        flash(f"Letter #{letter.id} is submitted for review.", "success")
    else:
        flash(f"Saved as version {letter.current_version}.", "success")
    return redirect(url_for("staff.letter", letter_no=letter_no))


def _act(letter_no: int, action: Action, success: str, then: str | None = None) -> Response:
    letter, user = _letter(letter_no), me()
    here = url_for("staff.letter", letter_no=letter_no)
    return form_action(lambda session: action(session, letter, user), success=success,
                       then=then or here, on_error=here)


def _page(letter: Letter, *, draft_form: DraftForm | None = None,
          send_back_form: SendBackForm | None = None, stale: bool = False) -> str:
    session, user = db.session(), me()
    latest = letter.latest_version
    if draft_form is None:
        draft_form = DraftForm(data={"text": latest.text if latest else "",
                                     "expected_version": letter.current_version})
    number = request.args.get("version", type=int)
    shown = letter.version(number) if number is not None else None
    if number is not None and shown is None:
        abort(404)
    return render_template(
        "staff/letter.html", letter=letter, user=user, draft_form=draft_form,
        send_back_form=send_back_form or SendBackForm(), form=ActionForm(), shown=shown,
        release_form=ReleaseForm(), restore_form=RestoreForm(
            data={"expected_version": letter.current_version}),
        length=check_length(letter, latest.text) if latest else None,
        notes=revision_notes(letter), earlier=earlier_letters(session, letter),
        wrote_current=latest is not None and latest.author_id == user.id,
        word_range=_word_range(letter),
        stale=stale, names=queries.names_of_people(session, letter),
        can_write=letter.status == Status.DRAFTING and letter.writer_id == user.id,
        can_claim=studio.is_claimable(letter),
        can_review=studio.is_reviewer(user) and letter.status == Status.IN_REVIEW,
        can_retry=studio.is_reviewer(user) and letter.status == Status.RENDER_FAILED,
        can_take_back=studio.is_reviewer(user)
        and letter.status in {Status.PRINTING, Status.PRINTED},
        render_error=last_render_error(session, letter),
        memories=[line for line in letter.memories.splitlines() if line.strip()],
        hand=_hand_name(letter.hand), max_chars=rendering.MAX_CHARS,
    )


def _letter(letter_no: int) -> Letter:
    try:
        return studio.open_letter(db.session(), me(), letter_no)
    except NotFound:
        abort(404)


def _with_version(form: DraftForm, version: int) -> DraftForm:
    form.expected_version.raw_data = None
    form.expected_version.data = version
    return form


def _word_range(letter: Letter) -> tuple[int, int]:
    return Length(letter.length).word_range


def _hand_name(hand: str) -> str:
    if own_hands.hand_id(hand) is not None:
        return "the customer's own hand"
    try:
        return rendering.get_hand(hand).display_name
    except rendering.UnknownHand:
        return hand
