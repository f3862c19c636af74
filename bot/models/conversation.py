"""Where each person is in a conversation, and their requests to talk to a person."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    JSON,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
)
from sqlalchemy.orm import Mapped, mapped_column

from bot.db import Base, utcnow


class ConversationState(Base):
    """Where a contact is in a flow. One row per contact, shared by SMS and Telegram logic."""

    __tablename__ = "conversation_states"

    contact_id: Mapped[int] = mapped_column(
        ForeignKey("contacts.id", ondelete="CASCADE"), primary_key=True
    )
    flow: Mapped[str] = mapped_column(String(40))
    step: Mapped[str] = mapped_column(String(60))
    variables: Mapped[dict] = mapped_column(JSON, default=dict)
    # Increments with every menu shown; Telegram buttons carry it so stale ones are recognised.
    menu_id: Mapped[int] = mapped_column(Integer, default=0)
    expires_at: Mapped[datetime | None] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)


class PersonRequest(Base):
    """A migrant asked to talk to a person: staff see it, and what the person writes next."""

    __tablename__ = "person_requests"
    __table_args__ = (Index("ix_person_requests_status", "status", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(12), default="open")  # open | answered | closed
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
