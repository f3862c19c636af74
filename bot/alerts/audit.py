"""The audit trail: every read, change, notification, escalation and acknowledgement of an
alert, with who and when (SAFETY 15). Rows are only ever added."""

from __future__ import annotations

from sqlalchemy.orm import Session

from bot.alerts.models import AuditEvent
from bot.models import utcnow


def record(session: Session, alert_id: int | None, actor: str, event: str, **detail) -> None:
    session.add(AuditEvent(alert_id=alert_id, actor=actor, event=event, detail=detail,
                           at=utcnow()))
