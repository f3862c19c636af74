"""A database lease: only the process holding it runs the clock's jobs."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import or_, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.db import rowcount
from bot.models import Lease, utcnow


def acquire(session: Session, name: str, holder: str, ttl: timedelta) -> bool:
    """Take or renew the lease `name` for `holder`; False while another holder has it."""
    now = utcnow()
    taken = rowcount(session.execute(
        update(Lease)
        .where(Lease.name == name, or_(Lease.holder == holder, Lease.expires_at < now))
        .values(holder=holder, expires_at=now + ttl)
    ))
    if taken:
        session.commit()
        return True
    try:
        session.add(Lease(name=name, holder=holder, expires_at=now + ttl))
        session.commit()
        return True
    except IntegrityError:
        session.rollback()  # the row exists and someone else holds it
        return False


def release(session: Session, name: str, holder: str) -> None:
    session.execute(update(Lease).where(Lease.name == name, Lease.holder == holder)
                    .values(expires_at=utcnow()))
    session.commit()
