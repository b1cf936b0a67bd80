"""customers: the quoted price on each letter, the recipient's pronouns

Revision ID: 0006_customers
Revises: 0004
Create Date: 2026-12-01 20:40:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0006_customers'
down_revision: str | None = '0004'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('letters', schema=None) as batch_op:
        batch_op.add_column(sa.Column('price_cents', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('price_currency', sa.String(length=3), nullable=True))
        batch_op.add_column(sa.Column('price_lines', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('recipient_pronouns', sa.String(length=10),
                                      server_default='they', nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('letters', schema=None) as batch_op:
        batch_op.drop_column('recipient_pronouns')
        batch_op.drop_column('price_lines')
        batch_op.drop_column('price_currency')
        batch_op.drop_column('price_cents')
