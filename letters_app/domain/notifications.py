"""What the customer is told by email, and when: a proof to read, a letter ready, a letter on
its way, a letter staff had to cancel. Queued through the outbox with the move itself."""

from __future__ import annotations

from sqlalchemy.orm import Session

from letters_app.domain.brief import Occasion
from letters_app.domain.models import AuditEvent, Letter
from letters_app.domain.pricing import PEN_PLOTTED_LABEL, money
from letters_app.domain.status import Actor, Status
from letters_app.jobs import Job, outbox

NOTICES = frozenset({Status.AWAITING_APPROVAL, Status.READY_TO_PRINT, Status.SHIPPED,
                     Status.CANCELLED})


ORDERED = "ordered"  # the audit action of placing an order: it is confirmed by email


def queue_notice(session: Session, event: AuditEvent) -> None:
    """Queue an email for a move the customer should hear about, or a new order."""
    if event.action != ORDERED and event.to_status not in NOTICES:
        return
    session.flush()  # the event needs its id for the message
    outbox.enqueue(session, Job.NOTIFY_CUSTOMER, event_id=event.id)


def notice(letter: Letter, event: AuditEvent, site_url: str) -> tuple[str, str]:
    """(subject, plain-text body) of the email for `event`."""
    recipient = _one_line(letter.recipient_name)
    link = f"{site_url}/letters/{letter.id}"
    subject, lines = _message(letter, event, recipient, link)
    greeting = f"Dear {_one_line(letter.customer.name)},"
    body = "\n\n".join([greeting, "\n".join(line for line in lines if line), *_price(letter),
                        "With care,\nBeautiful Handwritten Letters"])
    return subject, body + "\n"


def _price(letter: Letter) -> list[str]:
    if letter.price_cents is None or letter.price_currency is None or \
            letter.status == Status.CANCELLED:
        return []
    price = f"Price: {money(letter.price_cents, letter.price_currency)}, to be invoiced."
    if letter.pen_plotted:  # the one choice that changes what arrives, so it is named
        cents = next((line.cents for line in letter.quote.lines
                      if line.label == PEN_PLOTTED_LABEL), None) if letter.quote else None
        extra = f" ({money(cents, letter.price_currency)})" if cents is not None else ""
        price = f"{PEN_PLOTTED_LABEL}{extra}: written with a real pen.\n{price}"
    return [price]


def _one_line(text: str) -> str:
    return " ".join(text.split())


def reset_notice(name: str, link: str) -> tuple[str, str]:
    """(subject, body) of the password-reset email."""
    body = "\n\n".join([
        f"Dear {_one_line(name)},",
        "Someone asked to reset the password of your account. If it was you, choose a new "
        f"password here within the hour:\n{link}",
        "If it was not you, ignore this email: your password stays as it is.",
        "With care,\nBeautiful Handwritten Letters",
    ])
    return "Reset your password", body + "\n"


def _message(letter: Letter, event: AuditEvent, recipient: str,
             link: str) -> tuple[str, list[str]]:
    if event.action == "recurring_brief":
        return (f"This year's letter to {recipient}", [
            f"Your yearly letter to {recipient} is due on {letter.deliver_by.isoformat()}.",
            "Tell us this year's memories and news, and we will write it:",
            f"{link}/memories"])
    if event.action == ORDERED:
        occasion = Occasion(letter.occasion).label.lower()
        return (f"We have your order: a letter to {recipient}", [
            f"Thank you for your order. We are writing your {occasion}"
            f" letter to {recipient} now, to arrive by {letter.deliver_by:%-d %B %Y}.",
            "You will hear from us when the proof is ready to read. Follow it, change it or",
            "correct the address here:", link])
    if event.to_status == Status.CANCELLED and event.actor_role == Actor.CUSTOMER:
        return (f"You cancelled your letter to {recipient}", [
            "As you asked, we have stopped writing your letter: nothing will be",
            "penned, printed or posted, and nothing will be invoiced.",
            "If you did not mean to, place a new order at any time:", link])
    return {
        Status.AWAITING_APPROVAL: (
            f"Your letter to {recipient} is ready for you to read",
            ["The proof of your letter is ready. Read it in the hand you chose, then approve",
             "it or tell us what to change:", link]),
        Status.READY_TO_PRINT: (
            f"Your letter to {recipient} is penned",
            ["Your letter is written out and ready for print. You can download it here:",
             link]),
        Status.SHIPPED: (
            f"Your letter to {recipient} is on its way",
            ["Your letter has been printed and posted.",
             f"Tracking number: {letter.tracking_number}" if letter.tracking_number else "",
             link]),
        Status.CANCELLED: (
            f"Your letter to {recipient} was cancelled",
            ["We are sorry: we could not finish your letter, and have cancelled it.",
             "Write to us and we will put it right.", link]),
    }[Status(event.to_status)]


def email_change_notice(name: str, link: str) -> tuple[str, str]:
    """(subject, body) of the email that confirms a new address, sent to that address."""
    body = "\n\n".join([
        f"Dear {_one_line(name)},",
        "You asked to use this email address for your account. Confirm it here within a "
        f"day:\n{link}",
        "Until you do, we keep writing to your old address. If it was not you, ignore this "
        "email.",
        "With care,\nBeautiful Handwritten Letters",
    ])
    return "Confirm your new email address", body + "\n"


def signup_confirmation(name: str, link: str) -> tuple[str, str]:
    """(subject, body) of the email that finishes a sign-up."""
    body = "\n\n".join([
        f"Dear {_one_line(name)},",
        f"To finish creating your account, follow this link within two days:\n{link}",
        "If you did not sign up, ignore this email: no account is made without it.",
        "With care,\nBeautiful Handwritten Letters",
    ])
    return "Confirm your email to finish signing up", body + "\n"


def signup_attempt_notice(name: str, login_link: str, reset_link: str) -> tuple[str, str]:
    """(subject, body) for the owner of an account someone tried to sign up again with."""
    body = "\n\n".join([
        f"Dear {_one_line(name)},",
        "Someone tried to create an account with this email address, which already has one.",
        f"If it was you, log in here:\n{login_link}\n\nor, if you forgot your password, "
        f"choose a new one here:\n{reset_link}",
        "If it was not you, ignore this email: your account is unchanged.",
        "With care,\nBeautiful Handwritten Letters",
    ])
    return "You already have an account with us", body + "\n"
