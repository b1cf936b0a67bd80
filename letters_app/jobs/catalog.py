"""Every job the service sends, named once: its task name, the ids it carries, its queue.

Messages carry ids only; the job reads everything else from the database when it runs, so a
late or repeated message finds the current state and does nothing stale.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Queue(StrEnum):
    """Separate queues, so a flood of one kind of work never starves another."""

    RENDERS = "renders"
    DRAFTS = "drafts"
    MAIL = "mail"
    # Reading a customer's filled sample sheet takes seconds of CPU: its own workers, so a
    # burst of uploads never delays a render, and a render burst never keeps a customer
    # waiting at the upload page.
    HANDS = "hands"


class Job(StrEnum):
    DRAFT_LETTER = "letters.draft_letter"
    RENDER_PROOF = "letters.render_proof"
    RENDER_FINAL = "letters.render_final"
    BUILD_BATCH = "letters.build_batch"
    NOTIFY_CUSTOMER = "letters.notify_customer"
    SEND_PASSWORD_RESET = "letters.send_password_reset"
    SEND_SIGNUP_CONFIRMATION = "letters.send_signup_confirmation"
    SEND_SIGNUP_NOTICE = "letters.send_signup_notice"
    SEND_EMAIL_CHANGE = "letters.send_email_change"
    DELIVER_WEBHOOKS = "letters.deliver_webhooks"
    RETRY_WEBHOOKS = "letters.retry_webhooks"
    SWEEP = "letters.sweep"
    EXPIRE_CLAIMS = "letters.expire_claims"
    MAKE_YEARLY_BRIEFS = "letters.make_yearly_briefs"
    PURGE_IDEMPOTENCY_KEYS = "letters.purge_idempotency_keys"
    HEALTH_CHECK = "letters.health_check"
    BUILD_HAND = "letters.build_hand"
    BUILD_HAND_STROKES = "letters.build_hand_strokes"

    @property
    def spec(self) -> JobSpec:
        return SPECS[self]


@dataclass(frozen=True)
class JobSpec:
    payload: tuple[str, ...]
    queue: Queue


SPECS: dict[Job, JobSpec] = {
    Job.DRAFT_LETTER: JobSpec(("letter_id", "version"), Queue.DRAFTS),
    Job.RENDER_PROOF: JobSpec(("letter_id", "version"), Queue.RENDERS),
    Job.RENDER_FINAL: JobSpec(("letter_id", "version"), Queue.RENDERS),
    Job.BUILD_BATCH: JobSpec(("batch_id",), Queue.RENDERS),
    Job.NOTIFY_CUSTOMER: JobSpec(("event_id",), Queue.MAIL),
    Job.SEND_PASSWORD_RESET: JobSpec(("user_id",), Queue.MAIL),
    Job.SEND_SIGNUP_CONFIRMATION: JobSpec(("user_id",), Queue.MAIL),
    Job.SEND_SIGNUP_NOTICE: JobSpec(("user_id",), Queue.MAIL),
    Job.SEND_EMAIL_CHANGE: JobSpec(("change_id",), Queue.MAIL),
    # Webhooks go with the mail: outgoing messages to customers, never held up by renders.
    Job.DELIVER_WEBHOOKS: JobSpec(("webhook_id",), Queue.MAIL),
    Job.RETRY_WEBHOOKS: JobSpec((), Queue.MAIL),
    Job.SWEEP: JobSpec((), Queue.DRAFTS),
    Job.EXPIRE_CLAIMS: JobSpec((), Queue.DRAFTS),
    Job.MAKE_YEARLY_BRIEFS: JobSpec((), Queue.DRAFTS),
    Job.PURGE_IDEMPOTENCY_KEYS: JobSpec((), Queue.DRAFTS),
    Job.HEALTH_CHECK: JobSpec((), Queue.DRAFTS),
    Job.BUILD_HAND: JobSpec(("hand_id",), Queue.HANDS),
    Job.BUILD_HAND_STROKES: JobSpec(("hand_id",), Queue.HANDS),
}


def checked_payload(job: Job, payload: dict[str, int]) -> dict[str, int]:
    """The payload if it carries exactly the job's ids, as whole numbers; else ValueError."""
    expected = set(job.spec.payload)
    if set(payload) != expected or not all(type(v) is int for v in payload.values()):
        raise ValueError(f"{job.value} takes ids {sorted(expected)}, not {payload!r}")
    return dict(payload)


def queue_name(prefix: str, queue: Queue) -> str:
    """The broker's name of a queue: the deployment's prefix (tests use their own) + kind."""
    return f"{prefix}.{queue.value}"
