"""outbox lease, order key per customer

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 18:16:08.902086
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0002'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('letters', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_letters_order_key'), type_='unique')
        batch_op.create_unique_constraint(batch_op.f('uq_letters_customer_id_order_key'), ['customer_id', 'order_key'])

    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.add_column(sa.Column('claimed_until', sa.DateTime(timezone=True), nullable=True))



def downgrade() -> None:
    with op.batch_alter_table('outbox', schema=None) as batch_op:
        batch_op.drop_column('claimed_until')

    with op.batch_alter_table('letters', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_letters_customer_id_order_key'), type_='unique')
        batch_op.create_unique_constraint(batch_op.f('uq_letters_order_key'), ['order_key'])

