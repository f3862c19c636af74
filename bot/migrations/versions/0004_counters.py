"""counters: alert numbers handed out without a race

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02 05:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('counters',
    sa.Column('name', sa.String(length=40), nullable=False),
    sa.Column('value', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('name')
    )
    # Numbering goes on from the alerts already stored.
    op.execute("INSERT INTO counters (name, value) "
               "SELECT 'alert_number', COALESCE(MAX(number), 0) FROM alerts")


def downgrade() -> None:
    op.drop_table('counters')
