"""customers: quoted price, pronouns, address book, sender profile, return address, email changes

Revision ID: 0006_customers
Revises: 0005_sessions
Create Date: 2026-12-01 20:40:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0006_customers'
down_revision: str | None = '0005_sessions'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'email_changes',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('new_email', sa.String(length=254), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'],
                                name=op.f('fk_email_changes_user_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_email_changes')),
    )
    with op.batch_alter_table('email_changes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_email_changes_user_id'), ['user_id'], unique=False)
    op.create_table(
        'saved_recipients',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('customer_id', sa.Integer(), nullable=False),
        sa.Column('recipient_name', sa.String(length=120), nullable=False),
        sa.Column('recipient_salutation', sa.String(length=120), nullable=False),
        sa.Column('relationship_to_sender', sa.String(length=80), nullable=False),
        sa.Column('recipient_pronouns', sa.String(length=10), nullable=False),
        sa.Column('address_id', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['address_id'], ['addresses.id'],
                                name=op.f('fk_saved_recipients_address_id_addresses')),
        sa.ForeignKeyConstraint(['customer_id'], ['users.id'],
                                name=op.f('fk_saved_recipients_customer_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_saved_recipients')),
    )
    with op.batch_alter_table('saved_recipients', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_saved_recipients_customer_id'), ['customer_id'],
                              unique=False)
    op.create_table(
        'sender_profiles',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('sender_name', sa.String(length=120), nullable=False),
        sa.Column('sender_signature', sa.String(length=120), nullable=False),
        sa.Column('return_address_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['return_address_id'], ['addresses.id'],
                                name=op.f('fk_sender_profiles_return_address_id_addresses')),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'],
                                name=op.f('fk_sender_profiles_user_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_sender_profiles')),
        sa.UniqueConstraint('user_id', name=op.f('uq_sender_profiles_user_id')),
    )
    with op.batch_alter_table('letters', schema=None) as batch_op:
        batch_op.add_column(sa.Column('price_cents', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('price_currency', sa.String(length=3), nullable=True))
        batch_op.add_column(sa.Column('price_lines', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('recipient_pronouns', sa.String(length=10),
                                      server_default='they', nullable=False))
        batch_op.add_column(sa.Column('return_address_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_letters_return_address_id_addresses'),
                                    'addresses', ['return_address_id'], ['id'])


def downgrade() -> None:
    with op.batch_alter_table('letters', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_letters_return_address_id_addresses'),
                                 type_='foreignkey')
        batch_op.drop_column('return_address_id')
        batch_op.drop_column('recipient_pronouns')
        batch_op.drop_column('price_lines')
        batch_op.drop_column('price_currency')
        batch_op.drop_column('price_cents')
    op.drop_table('sender_profiles')
    with op.batch_alter_table('saved_recipients', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_saved_recipients_customer_id'))
    op.drop_table('saved_recipients')
    with op.batch_alter_table('email_changes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_email_changes_user_id'))
    op.drop_table('email_changes')
