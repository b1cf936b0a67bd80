"""What the customer is told by email, and when: a proof to read, a letter ready, a letter on
its way, a letter staff had to cancel. Queued through the outbox with the move itself."""

from __future__ import annotations

from sqlalchemy.orm import Session

from letters_app.domain.models import AuditEvent, Letter
from letters_app.domain.status import Actor, Status
from letters_app.jobs import Job, outbox

NOTICES = frozenset({Status.AWAITING_APPROVAL, Status.READY_TO_PRINT, Status.SHIPPED,
                     Status.CANCELLED})


def queue_notice(session: Session, event: AuditEvent) -> None:
    """Queue an email for a move the customer should hear about (not their own cancel)."""
    if event.to_status not in NOTICES:
        return
    if event.to_status == Status.CANCELLED and event.actor_role == Actor.CUSTOMER:
        return
    session.flush()  # the event needs its id for the message
    outbox.enqueue(session, Job.NOTIFY_CUSTOMER, event_id=event.id)


def notice(letter: Letter, event: AuditEvent, site_url: str) -> tuple[str, str]:
    """(subject, plain-text body) of the email for `event`."""
    recipient = _one_line(letter.recipient_name)
    link = f"{site_url}/letters/{letter.id}"
    subject, lines = {
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
    greeting = f"Dear {_one_line(letter.customer.name)},"
    body = "\n\n".join([greeting, "\n".join(line for line in lines if line),
                        "With care,\nBeautiful Handwritten Letters"])
    return subject, body + "\n"


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
