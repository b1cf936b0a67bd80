"""studio: trusted writers, claim activity, recurring letters

Revision ID: 0007_studio
Revises: 0006_customers
Create Date: 2026-12-01 20:40:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0007_studio'
down_revision: str | None = '0006_customers'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('trusted_writer', sa.Boolean(), nullable=False,
                                      server_default=sa.false()))
    with op.batch_alter_table('letters', schema=None) as batch_op:
        batch_op.add_column(sa.Column('claim_active_at', sa.DateTime(timezone=True),
                                      nullable=True))
    op.create_table(
        'recurring_letters',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('customer_id', sa.Integer(), nullable=False),
        sa.Column('template_letter_id', sa.Integer(), nullable=False),
        sa.Column('month', sa.Integer(), nullable=False),
        sa.Column('day', sa.Integer(), nullable=False),
        sa.Column('state', sa.String(length=10), nullable=False),
        sa.Column('last_year', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['customer_id'], ['users.id'],
                                name=op.f('fk_recurring_letters_customer_id_users')),
        sa.ForeignKeyConstraint(['template_letter_id'], ['letters.id'],
                                name=op.f('fk_recurring_letters_template_letter_id_letters')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_recurring_letters')),
    )
    with op.batch_alter_table('recurring_letters', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_recurring_letters_customer_id'), ['customer_id'],
                              unique=False)


def downgrade() -> None:
    with op.batch_alter_table('recurring_letters', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_recurring_letters_customer_id'))
    op.drop_table('recurring_letters')
    with op.batch_alter_table('letters', schema=None) as batch_op:
        batch_op.drop_column('claim_active_at')
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('trusted_writer')
