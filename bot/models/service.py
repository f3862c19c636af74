"""The service's own bookkeeping: the clock's lease and numbers handed out one at a time."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    BigInteger,
    DateTime,
    String,
)
from sqlalchemy.orm import Mapped, mapped_column

from bot.db import Base


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
