"""Closing notes out of the audit trail: rows written before 0005 kept the note's text

Until revision 0005, closing an alert wrote its note into the audit row, where the retention
purge could never reach it (SAFETY 14). Each such note moves to alerts.close_note (when the
alert has none), which the purge empties like other free text; the audit row keeps only
that there was a note; and a `redacted` audit row records the change, so the trail still
tells what happened to it (SAFETY 15). Core statements, since the models refuse updates.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03 09:00:00
"""

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None

audit = sa.table('audit_events', sa.column('id', sa.Integer), sa.column('alert_id', sa.Integer),
                 sa.column('at', sa.DateTime), sa.column('actor', sa.String),
                 sa.column('event', sa.String), sa.column('detail', sa.JSON))
alerts = sa.table('alerts', sa.column('id', sa.Integer), sa.column('close_note', sa.Text))


def upgrade() -> None:
    bind = op.get_bind()
    now = datetime.now(UTC).replace(tzinfo=None)
    closed = bind.execute(sa.select(audit.c.id, audit.c.alert_id, audit.c.detail)
                          .where(audit.c.event == 'closed').order_by(audit.c.id)).all()
    for event_id, alert_id, detail in closed:
        if not isinstance(detail, dict) or 'note' not in detail:
            continue
        note = detail['note'] if isinstance(detail['note'], str) and detail['note'] else None
        if note and alert_id is not None:
            bind.execute(alerts.update().where(alerts.c.id == alert_id,
                                               alerts.c.close_note.is_(None))
                         .values(close_note=note))
        kept = {key: value for key, value in detail.items() if key != 'note'}
        bind.execute(audit.update().where(audit.c.id == event_id)
                     .values(detail={**kept, 'with_note': note is not None}))
        if note:
            bind.execute(audit.insert().values(alert_id=alert_id, at=now, actor='migration',
                                               event='redacted',
                                               detail={'field': 'note', 'event_id': event_id}))


def downgrade() -> None:
    """The text left the audit trail for good: nothing to put back."""
