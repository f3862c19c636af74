"""The tables. Personal identifiers are stored encrypted with a keyed hash for lookup."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import (
    JSON,
    BigInteger,
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

from bot.db import Base


def utcnow() -> datetime:
    """Naive UTC: SQLite drops time zones, so every timestamp is stored and compared as UTC."""
    return datetime.now(UTC).replace(tzinfo=None)


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
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    contact: Mapped[Contact] = relationship(back_populates="messages")


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


class Lease(Base):
    """A named lock with an expiry, so only one clock process runs the jobs."""

    __tablename__ = "leases"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    holder: Mapped[str] = mapped_column(String(80))
    expires_at: Mapped[datetime] = mapped_column(DateTime)


class Counter(Base):
    """A named number handed out one at a time (alert numbers): `UPDATE ... SET value =
    value + 1` locks the row, so two transactions never get the same number."""

    __tablename__ = "counters"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger)


class PersonRequest(Base):
    """A migrant asked to talk to a person: staff see it, and what the person writes next."""

    __tablename__ = "person_requests"
    __table_args__ = (Index("ix_person_requests_status", "status", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(12), default="open")  # open | answered | closed
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)


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


# The alert network's tables live beside its code; importing them here registers them.
from bot.alerts import models as _alert_models  # noqa: E402, F401
