"""The statuses a letter moves through and the actors who move it (the rules: lifecycle.py)."""

from enum import StrEnum


class Status(StrEnum):
    SUBMITTED = "submitted"
    DRAFTING = "drafting"
    IN_REVIEW = "in_review"
    AWAITING_APPROVAL = "awaiting_approval"
    REVISION_REQUESTED = "revision_requested"
    APPROVED = "approved"
    RENDERING = "rendering"
    RENDER_FAILED = "render_failed"
    READY_TO_PRINT = "ready_to_print"
    PRINTING = "printing"
    PRINTED = "printed"
    SHIPPED = "shipped"
    CANCELLED = "cancelled"

    @property
    def label(self) -> str:
        return _LABELS[self]

    @property
    def staff_label(self) -> str:
        """The status in the studio's words: what staff have to do, not what the customer sees."""
        return _STAFF_LABELS[self]


_LABELS = {
    Status.SUBMITTED: "Order received",
    Status.DRAFTING: "Being written",
    Status.IN_REVIEW: "Being reviewed",
    Status.AWAITING_APPROVAL: "Proof ready for you",
    Status.REVISION_REQUESTED: "Revision requested",
    Status.APPROVED: "Approved",
    Status.RENDERING: "Being penned",
    Status.RENDER_FAILED: "Delayed — we are on it",
    Status.READY_TO_PRINT: "Ready",
    Status.PRINTING: "Printing",
    Status.PRINTED: "Printed",
    Status.SHIPPED: "Shipped",
    Status.CANCELLED: "Cancelled",
}

_STAFF_LABELS = {
    Status.SUBMITTED: "Waiting for a writer",
    Status.DRAFTING: "Being written",
    Status.IN_REVIEW: "Waiting for review",
    Status.AWAITING_APPROVAL: "With the customer",
    Status.REVISION_REQUESTED: "Customer asked for changes",
    Status.APPROVED: "Approved, to render",
    Status.RENDERING: "Rendering",
    Status.RENDER_FAILED: "Render failed",
    Status.READY_TO_PRINT: "Ready to print",
    Status.PRINTING: "At the print shop",
    Status.PRINTED: "Printed",
    Status.SHIPPED: "Shipped",
    Status.CANCELLED: "Cancelled",
}


class Actor(StrEnum):
    """Who makes a move. Admins act as reviewers; `SYSTEM` is the engine and the workers."""

    CUSTOMER = "customer"
    WRITER = "writer"
    REVIEWER = "reviewer"
    PRINTSHOP = "printshop"
    SYSTEM = "system"
