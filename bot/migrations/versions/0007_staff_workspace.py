"""The staff workspace: dashboard accounts, on-duty overrides, notes, saved replies, who
wrote a staff message; person requests become alerts of kind `person` (their table goes)

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03 14:20:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'staff_accounts',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('email', sa.String(length=254), nullable=False),
        sa.Column('role', sa.String(length=10), nullable=False),
        sa.Column('password_hash', sa.String(length=255), nullable=False),
        sa.Column('locale', sa.String(length=16), nullable=False),
        sa.Column('responder', sa.String(length=40), nullable=True),
        sa.Column('failed_logins', sa.Integer(), nullable=False),
        sa.Column('locked_at', sa.DateTime(), nullable=True),
        sa.Column('session_version', sa.Integer(), nullable=False),
        sa.Column('active', sa.Boolean(), nullable=False),
        sa.Column('last_login_at', sa.DateTime(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('email'))
    op.create_table(
        'on_call_overrides',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('org', sa.String(length=40), nullable=False),
        sa.Column('contact', sa.String(length=40), nullable=False),
        sa.Column('starts_at', sa.DateTime(), nullable=False),
        sa.Column('ends_at', sa.DateTime(), nullable=False),
        sa.Column('created_by', sa.String(length=60), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id'))
    op.create_index('ix_on_call_overrides_org', 'on_call_overrides', ['org', 'ends_at'])
    op.create_table(
        'alert_notes',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('alert_id', sa.Integer(), nullable=False),
        sa.Column('author', sa.String(length=60), nullable=False),
        sa.Column('text', sa.Text(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['alert_id'], ['alerts.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'))
    op.create_index('ix_alert_notes_alert', 'alert_notes', ['alert_id', 'created_at'])
    op.create_table(
        'saved_replies',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('locale', sa.String(length=16), nullable=False),
        sa.Column('title', sa.String(length=80), nullable=False),
        sa.Column('body', sa.Text(), nullable=False),
        sa.Column('created_by', sa.String(length=60), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id'))
    with op.batch_alter_table('messages') as batch:
        batch.add_column(sa.Column('author', sa.String(length=60), nullable=True))
    # Requests that nobody could see become nothing: the migrant was told only that someone
    # would read the messages, and every later request opens a `person` alert instead.
    with op.batch_alter_table('person_requests') as batch:
        batch.drop_index('ix_person_requests_status')
    op.drop_table('person_requests')


def downgrade() -> None:
    op.create_table(
        'person_requests',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('contact_id', sa.Integer(), nullable=False),
        sa.Column('status', sa.String(length=12), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['contact_id'], ['contacts.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'))
    op.create_index('ix_person_requests_status', 'person_requests', ['status', 'created_at'])
    with op.batch_alter_table('messages') as batch:
        batch.drop_column('author')
    op.drop_table('saved_replies')
    op.drop_index('ix_alert_notes_alert', 'alert_notes')
    op.drop_table('alert_notes')
    op.drop_index('ix_on_call_overrides_org', 'on_call_overrides')
    op.drop_table('on_call_overrides')
    op.drop_table('staff_accounts')
