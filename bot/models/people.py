"""People who write to the service and the messages in and out: encrypted addresses, a
keyed hash for lookup (SAFETY 12), opt-ins and the notices sent for them."""

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
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bot.db import Base, utcnow


class Contact(Base):
    """Anyone who writes to the service, on one channel at one address."""

    __tablename__ = "contacts"
    __table_args__ = (UniqueConstraint("channel", "address_hash", name="uq_contact_address"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(16))
    address_hash: Mapped[str] = mapped_column(String(64))
    address_enc: Mapped[str] = mapped_column(Text)
    locale: Mapped[str | None] = mapped_column(String(16))
    # The country the person is in now (TH, KH, LA, VN, MM): from the number or asked.
    country: Mapped[str | None] = mapped_column(String(2))
    role: Mapped[str] = mapped_column(String(20), default="migrant")
    # Set when this phone or chat belongs to an enrolled peer educator or watchdog.
    reporter_id: Mapped[int | None] = mapped_column(
        ForeignKey("reporters.id", ondelete="SET NULL"))
    opted_out: Mapped[bool] = mapped_column(Boolean, default=False)
    first_seen_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    messages: Mapped[list[Message]] = relationship(back_populates="contact")


class Message(Base):
    """Every message in or out. Outbound rows double as the durable outbox."""

    __tablename__ = "messages"
    __table_args__ = (
        UniqueConstraint("channel", "direction", "external_id", name="uq_message_external"),
        Index("ix_messages_outbox", "status", "due_at"),
        Index("ix_messages_created", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"))
    direction: Mapped[str] = mapped_column(String(3))  # "in" | "out"
    channel: Mapped[str] = mapped_column(String(16))
    external_id: Mapped[str | None] = mapped_column(String(64))
    reply_to_id: Mapped[int | None] = mapped_column(
        ForeignKey("messages.id", ondelete="SET NULL")
    )
    body: Mapped[str | None] = mapped_column(Text)  # None once purged
    # Telegram inline keyboard, kept with the outbox row so a retry sends the same buttons.
    buttons: Mapped[list | None] = mapped_column(JSON)
    # in: received, processed | out: queued, sending, sent, delivered, undelivered, failed,
    # simulated (sent to the simulator instead of a provider)
    status: Mapped[str] = mapped_column(String(16))
    segments: Mapped[int | None] = mapped_column(Integer)
    encoding: Mapped[str | None] = mapped_column(String(8))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    due_at: Mapped[datetime | None] = mapped_column(DateTime)
    last_error: Mapped[str | None] = mapped_column(String(200))
    # Who wrote an outbound message that the bot did not: "staff:3" or a responder's id.
    author: Mapped[str | None] = mapped_column(String(60))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    contact: Mapped[Contact] = relationship(back_populates="messages")


class Subscription(Base):
    """An opt-in to hear about one thing later (SAFETY 1): e.g. the minimum wage of an area."""

    __tablename__ = "subscriptions"
    __table_args__ = (UniqueConstraint("contact_id", "topic", "key", name="uq_subscription"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"))
    topic: Mapped[str] = mapped_column(String(20))  # "minimum_wage"
    key: Mapped[str] = mapped_column(String(60))  # the area id
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class NoticeSent(Base):
    """One row per subscription and change, so a change is announced exactly once."""

    __tablename__ = "notices_sent"
    __table_args__ = (UniqueConstraint("subscription_id", "change", name="uq_notice"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    subscription_id: Mapped[int] = mapped_column(
        ForeignKey("subscriptions.id", ondelete="CASCADE"))
    change: Mapped[str] = mapped_column(String(80))  # e.g. "bangkok:2025-07-01"
    message_id: Mapped[int | None] = mapped_column(ForeignKey("messages.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
