"""The audit trail: every read, change, notification, escalation and acknowledgement of an
alert, with who and when (SAFETY 15). Rows are only ever added."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.models import AuditEvent, Notification, utcnow


def record(session: Session, alert_id: int | None, actor: str, event: str, **detail) -> None:
    session.add(AuditEvent(alert_id=alert_id, actor=actor, event=event, detail=detail,
                           at=utcnow()))


def record_delivery(session: Session, message_id: int, status: str) -> None:
    """A provider's delivery report for a message that notified someone of an alert."""
    notification = session.scalar(select(Notification).where(
        Notification.message_id == message_id))
    if notification is not None:
        record(session, notification.alert_id, "provider", "delivery",
               responder=notification.responder, status=status)
