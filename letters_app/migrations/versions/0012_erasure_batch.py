"""letters withdrawn from their print run when their customer erased the account

Revision ID: 0012_erasure_batch
Revises: 0011_own_hands
Create Date: 2026-12-02 00:45:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0012_erasure_batch'
down_revision: str | None = '0011_own_hands'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('letters', schema=None) as batch_op:
        batch_op.add_column(sa.Column('withdrawn_at', sa.DateTime(timezone=True),
                                      nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('letters', schema=None) as batch_op:
        batch_op.drop_column('withdrawn_at')
