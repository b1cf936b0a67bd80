"""customers' own hands: the sample sheets issued to them and the hands built from uploads

Revision ID: 0011_own_hands
Revises: 0010_batch_build
Create Date: 2026-12-01 23:40:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0011_own_hands'
down_revision: str | None = '0010_batch_build'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'hand_sheets',
        sa.Column('id', sa.String(length=20), nullable=False),
        sa.Column('customer_id', sa.Integer(), nullable=False),
        sa.Column('paper', sa.String(length=10), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['customer_id'], ['users.id'],
                                name=op.f('fk_hand_sheets_customer_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_hand_sheets')),
    )
    with op.batch_alter_table('hand_sheets', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_hand_sheets_customer_id'), ['customer_id'],
                              unique=False)
    op.create_table(
        'own_hands',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('customer_id', sa.Integer(), nullable=False),
        sa.Column('sheet_id', sa.String(length=20), nullable=True),
        sa.Column('state', sa.String(length=20), nullable=False),
        sa.Column('upload_sha256', sa.String(length=64), nullable=True),
        sa.Column('upload_type', sa.String(length=40), nullable=False),
        sa.Column('font_sha256', sa.String(length=64), nullable=True),
        sa.Column('strokes_sha256', sa.String(length=64), nullable=True),
        sa.Column('characters', sa.Text(), nullable=False),
        sa.Column('report', sa.JSON(), nullable=True),
        sa.Column('error', sa.Text(), nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('accepted_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['customer_id'], ['users.id'],
                                name=op.f('fk_own_hands_customer_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_own_hands')),
    )
    with op.batch_alter_table('own_hands', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_own_hands_customer_id'), ['customer_id'],
                              unique=False)


def downgrade() -> None:
    with op.batch_alter_table('own_hands', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_own_hands_customer_id'))
    op.drop_table('own_hands')
    with op.batch_alter_table('hand_sheets', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_hand_sheets_customer_id'))
    op.drop_table('hand_sheets')
