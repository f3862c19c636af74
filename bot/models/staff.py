"""The staff workspace: dashboard accounts, on-duty overrides, notes on alerts and saved
replies. Staff are known by account id in the audit trail (`staff:3`)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from bot.db import Base, utcnow


class StaffAccount(Base):
    __tablename__ = "staff_accounts"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)  # stored lower-case
    role: Mapped[str] = mapped_column(String(10))  # admin | ngo | police
    password_hash: Mapped[str] = mapped_column(String(255))
    locale: Mapped[str] = mapped_column(String(16), default="en")
    # The alerts file's contact id of this person, when they are also in the response
    # network (their SMS and chat): what `assign to me` and on-duty overrides refer to.
    responder: Mapped[str | None] = mapped_column(String(40))
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_at: Mapped[datetime | None] = mapped_column(DateTime)
    # Part of the login cookie: a password change or a lock ends every session elsewhere.
    session_version: Mapped[int] = mapped_column(Integer, default=1)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class OnCallOverride(Base):
    """Someone on duty for an organisation for a time, in place of the rotation."""

    __tablename__ = "on_call_overrides"
    __table_args__ = (Index("ix_on_call_overrides_org", "org", "ends_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    org: Mapped[str] = mapped_column(String(40))
    contact: Mapped[str] = mapped_column(String(40))  # contact id in the alerts file
    starts_at: Mapped[datetime] = mapped_column(DateTime)
    ends_at: Mapped[datetime] = mapped_column(DateTime)
    created_by: Mapped[str] = mapped_column(String(60))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class AlertNote(Base):
    """An NGO note on an alert or conversation: free text, purged with message bodies
    (SAFETY 14), never shown to the police (SAFETY 8)."""

    __tablename__ = "alert_notes"
    __table_args__ = (Index("ix_alert_notes_alert", "alert_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    alert_id: Mapped[int] = mapped_column(ForeignKey("alerts.id", ondelete="CASCADE"))
    author: Mapped[str] = mapped_column(String(60))  # "staff:3"
    text: Mapped[str | None] = mapped_column(Text)  # None once purged
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class SavedReply(Base):
    """A ready answer staff pick in the inbox, in the person's language."""

    __tablename__ = "saved_replies"

    id: Mapped[int] = mapped_column(primary_key=True)
    locale: Mapped[str] = mapped_column(String(16))
    title: Mapped[str] = mapped_column(String(80))
    body: Mapped[str] = mapped_column(Text)
    created_by: Mapped[str] = mapped_column(String(60))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
