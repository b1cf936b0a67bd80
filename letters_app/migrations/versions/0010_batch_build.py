"""print batches are built by a job: their state and the options they are built with

Revision ID: 0010_batch_build
Revises: 0009_pen_plotted
Create Date: 2026-12-01 23:45:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0010_batch_build'
down_revision: str | None = '0009_pen_plotted'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Existing batches were built inside the request that made them: they are ready.
    with op.batch_alter_table('print_batches', schema=None) as batch_op:
        batch_op.add_column(sa.Column('state', sa.String(length=16), nullable=False,
                                      server_default='ready'))
        batch_op.add_column(sa.Column('page_order', sa.String(length=32), nullable=False,
                                      server_default='letters_then_envelopes'))
        batch_op.add_column(sa.Column('imposition', sa.String(length=16), nullable=False,
                                      server_default='none'))


def downgrade() -> None:
    with op.batch_alter_table('print_batches', schema=None) as batch_op:
        batch_op.drop_column('imposition')
        batch_op.drop_column('page_order')
        batch_op.drop_column('state')
