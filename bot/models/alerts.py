"""Tables of the alert network: reporters, alerts, escalation deadlines, notifications,
the append-only audit trail, and meeting reminders sent."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    event,
)
from sqlalchemy.orm import Mapped, mapped_column

from bot.db import Base, utcnow


class Reporter(Base):
    """A peer educator or watchdog, known by a pseudonym only (SAFETY 12)."""

    __tablename__ = "reporters"

    id: Mapped[int] = mapped_column(primary_key=True)
    pseudonym: Mapped[str] = mapped_column(String(20), unique=True)
    role: Mapped[str] = mapped_column(String(20))  # peer_educator | watchdog
    venues: Mapped[list] = mapped_column(JSON, default=list)
    locale: Mapped[str] = mapped_column(String(16), default="km")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    join_code_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class Alert(Base):
    __tablename__ = "alerts"
    __table_args__ = (Index("ix_alerts_created", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[int] = mapped_column(Integer, unique=True)  # what people say: "OK 12"
    kind: Mapped[str] = mapped_column(String(10), default="coded")  # coded | migrant
    code: Mapped[str | None] = mapped_column(String(12))
    severity: Mapped[str] = mapped_column(String(20))
    duress: Mapped[bool] = mapped_column(Boolean, default=False)
    venue: Mapped[str | None] = mapped_column(String(20))
    count: Mapped[int | None] = mapped_column(Integer)
    note: Mapped[str | None] = mapped_column(Text)  # free text: purged with message bodies
    reporter_id: Mapped[int | None] = mapped_column(
        ForeignKey("reporters.id", ondelete="SET NULL"))
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contacts.id", ondelete="SET NULL"))
    status: Mapped[str] = mapped_column(String(14), default="open")  # open|acknowledged|closed
    acknowledged_by: Mapped[str | None] = mapped_column(String(40))
    acknowledged_at: Mapped[datetime | None] = mapped_column(DateTime)
    outcome: Mapped[str | None] = mapped_column(String(30))
    # The closing responder's free text: kept here, not in the append-only audit trail, so
    # that it is purged with the other free text (SAFETY 14).
    close_note: Mapped[str | None] = mapped_column(Text)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)


class Escalation(Base):
    """A later step of an alert's ladder, due at a time: the clock picks it up, so it
    survives restarts and redeploys."""

    __tablename__ = "escalations"
    __table_args__ = (UniqueConstraint("alert_id", "step", name="uq_escalation_step"),
                      Index("ix_escalations_due", "status", "due_at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    alert_id: Mapped[int] = mapped_column(ForeignKey("alerts.id", ondelete="CASCADE"))
    step: Mapped[int] = mapped_column(Integer)  # 0-based index in the severity's ladder
    due_at: Mapped[datetime] = mapped_column(DateTime)
    # pending | running | done | cancelled
    status: Mapped[str] = mapped_column(String(10), default="pending")


class Notification(Base):
    """One message about an alert to one response contact on one channel."""

    __tablename__ = "notifications"

    id: Mapped[int] = mapped_column(primary_key=True)
    alert_id: Mapped[int] = mapped_column(ForeignKey("alerts.id", ondelete="CASCADE"))
    step: Mapped[int] = mapped_column(Integer)
    responder: Mapped[str] = mapped_column(String(40))  # contact id in the alerts file
    message_id: Mapped[int | None] = mapped_column(ForeignKey("messages.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class AuditEvent(Base):
    """Append-only (SAFETY 15): the application inserts rows and never changes them."""

    __tablename__ = "audit_events"
    __table_args__ = (Index("ix_audit_alert", "alert_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    alert_id: Mapped[int | None] = mapped_column(ForeignKey("alerts.id", ondelete="SET NULL"))
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    actor: Mapped[str] = mapped_column(String(60))  # "PE-07", "ngo-duty", "clock", "staff:x"
    event: Mapped[str] = mapped_column(String(30))
    detail: Mapped[dict] = mapped_column(JSON, default=dict)


class MeetingReminder(Base):
    __tablename__ = "meeting_reminders"
    __table_args__ = (UniqueConstraint("meeting", "held_at", name="uq_meeting_reminder"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting: Mapped[str] = mapped_column(String(60))
    held_at: Mapped[datetime] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class AppendOnlyError(RuntimeError):
    pass


@event.listens_for(AuditEvent, "before_update")
@event.listens_for(AuditEvent, "before_delete")
def _refuse_change(_mapper, _connection, target) -> None:  # noqa: ANN001
    raise AppendOnlyError("the audit trail is append-only")
